"""Profile what the benchmarks time, with pyinstrument, on the 100,000-exchange journal.

    python -m tests.benchmarks.profiling startup|switch|save|search [--html FILE]

pyinstrument is a profiling aid, not a dependency of the app or its tests:
install it into the virtualenv first (``.venv/bin/pip install pyinstrument``).
``startup`` profiles a whole ``--self-test`` process; the others profile
the same in-process window actions as bench_window, repeated a few times.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.benchmarks.bench_data import LARGE, cached_journal, scratch_copy
from tests.benchmarks.harness import REPO_ROOT, app_command, checked, child_environment, run_child

ACTIONS = ("startup", "switch", "save", "search")
_REPEATS = 5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.profiling")
    parser.add_argument("action", choices=ACTIONS)
    parser.add_argument("--html", type=Path, metavar="FILE", help="write pyinstrument's HTML too")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("pyinstrument") is None:
        print(
            "pyinstrument is not installed; run: .venv/bin/pip install pyinstrument",
            file=sys.stderr,
        )
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="ixcoach-profile-"))
    try:
        env = child_environment(scratch)
        data_dir = scratch_copy(cached_journal(LARGE, env), scratch / "journal")
        # The first start writes the bytecode caches; profile an ordinary start.
        checked(run_child(app_command("--self-test", "--data-dir", str(data_dir)), env), "warm-up")
        if args.action == "startup":
            return _profile_startup(data_dir, env, args.html)
        return _profile_window(args.action, data_dir, env, args.html)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _profile_startup(data_dir: Path, env: dict[str, str], html: Path | None) -> int:
    target = [*app_command()[1:], "--self-test", "--data-dir", str(data_dir)]
    pyinstrument = [sys.executable, "-m", "pyinstrument"]
    if html is not None:
        # pyinstrument writes one report per run, so HTML takes a run of its own.
        subprocess.run(
            [*pyinstrument, "-r", "html", "-o", str(html), *target],
            env=env,
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        )
    completed = subprocess.run(
        [*pyinstrument, "-r", "text", *target], env=env, cwd=REPO_ROOT, check=False
    )
    return completed.returncode


def _profile_window(action: str, data_dir: Path, env: dict[str, str], html: Path | None) -> int:
    import os

    for name in ("QT_QPA_PLATFORM", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        os.environ[name] = env[name]
    from pyinstrument import Profiler

    from tests.benchmarks import bench_window

    profiler = Profiler()

    def profiled(action_: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            profiler.start()
            try:
                return action_()
            finally:
                profiler.stop()

        return run

    bench_window.profile_actions(data_dir, action, _REPEATS, profiled)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if html is not None:
        html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
