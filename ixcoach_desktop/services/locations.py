"""Where the journal lives unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from ixcoach_desktop import APP_NAME

DATA_DIR_ENV = "IXCOACH_DATA_DIR"


def resolve_data_dir(explicit: Path | None) -> Path:
    """``--data-dir`` first, then $IXCOACH_DATA_DIR, then the per-user data folder."""
    if explicit is not None:
        return explicit.expanduser()
    from_env = os.environ.get(DATA_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def logs_dir(data_dir: Path) -> Path:
    """Where the app's own log files live: beside the journal, as private as it."""
    return data_dir / "logs"
