"""The first frame needs only the read path: the write path and the rarer services load later.

SQLAlchemy, Alembic and vobject cost about a third of a second together
(docs/performance.md); the import, export and demo services and QtNetwork
(the single-instance check, which only a shown window needs) and SQLCipher
(needed by a plain journal only when File › Protect is offered) another few
tens of milliseconds. A module-level import slipping back into the start-up
path would silently bring that back, so a child process opens a window on a
real journal and reports what it had imported by the time the frame was drawn.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import DepthLevel, Reception
from ixcoach_desktop.services.session import open_session

_LATER = (
    "sqlalchemy",
    "alembic",
    "vobject",
    "ixcoach_desktop.services.importing",
    "ixcoach_desktop.services.exporting",
    "ixcoach_desktop.services.demo",
    "PySide6.QtNetwork",
    "sqlcipher3",
)
_CHILD = f"""
import sys
from pathlib import Path
from ixcoach_desktop.app import run_self_test
code = run_self_test(Path(sys.argv[1]))
print("LOADED", sorted(m for m in {_LATER!r} if m in sys.modules))
sys.exit(code)
"""


def test_the_first_frame_does_not_import_the_write_path(data_dir: Path, tmp_path: Path) -> None:
    session = open_session(data_dir)
    try:
        contact = session.contacts.add(Contact("Ana"))
        assert contact.id is not None
        session.exchanges.log(
            Exchange(
                contact.id,
                datetime(2026, 1, 5, tzinfo=UTC),
                DepthLevel.PERSONAL,
                DepthLevel.PERSONAL,
                Reception.SUPPORTIVE,
            )
        )
    finally:
        session.close()
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.pop("DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "SELF-TEST OK" in done.stdout
    assert "LOADED []" in done.stdout, done.stdout
