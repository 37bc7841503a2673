"""Prove that a built IX Coach Desktop starts: the check `make package` ends with.

    python packaging/check_app.py EXECUTABLE [--xvfb] [--timing-runs N]

EXECUTABLE is the frozen app, the installed launcher or a venv's script. It
must pass ``--self-test`` off-screen on a fresh, empty data folder (so the
migrations and the icon are inside), fill a folder with ``demo`` and pass
again there; with --xvfb also once on a real X11 server through xvfb-run.
--timing-runs N times N self-tests on the demo journal and reports the median
start-up, wall clock and CPU time. Exits 1 with the app's output when any step fails.
Standard library only: it runs before anything else is installed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

OK_PREFIX = "SELF-TEST OK "
# Generous: the first start also builds Matplotlib's font cache.
STEP_TIMEOUT_S = 120


class CheckError(Exception):
    """A step failed; the message says which and shows the app's output."""


def _run(command: list[str], env: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise CheckError(f"{what}: no answer after {STEP_TIMEOUT_S} s") from error
    if done.returncode != 0:
        raise CheckError(
            f"{what}: exit status {done.returncode}\n"
            f"--- stdout\n{done.stdout}--- stderr\n{done.stderr}"
        )
    return done.stdout


def _self_test(
    command: list[str], data_dir: Path, env: dict[str, str], what: str
) -> dict[str, Any]:
    output = _run([*command, "--data-dir", str(data_dir), "--self-test"], env, what)
    for line in output.splitlines():
        if line.startswith(OK_PREFIX):
            report: dict[str, Any] = json.loads(line.removeprefix(OK_PREFIX))
            if report.get("icon") is not True:
                raise CheckError(f"{what}: the window icon is missing or cannot be drawn")
            print(f"  {what}: {line}")
            return report
    raise CheckError(f"{what}: '{OK_PREFIX.strip()}' missing from the output:\n{output}")


def check(executable: Path, xvfb: bool, timing_runs: int) -> None:
    if not os.access(executable, os.X_OK):
        raise CheckError(f"{executable} is not an executable file")
    with tempfile.TemporaryDirectory(prefix="ixcoach-check-") as scratch:
        root = Path(scratch)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DISPLAY", "WAYLAND_DISPLAY", "IXCOACH_DATA_DIR"}
        }
        # Keep the window's saved layout and Matplotlib's cache out of the
        # builder's own home folder.
        env |= {
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_CACHE_HOME": str(root / "cache"),
        }
        command = [str(executable)]

        report = _self_test(command, root / "fresh", env, "fresh data folder, offscreen")
        if report["contacts"] != 0:
            raise CheckError(f"a fresh data folder shows {report['contacts']} contacts")

        demo = root / "demo"
        _run([*command, "demo", "--data-dir", str(demo)], env, "demo")
        report = _self_test(command, demo, env, "demo journal, offscreen")
        if report["contacts"] == 0 or report["exchanges"] == 0:
            raise CheckError("the demo journal opened empty")

        if xvfb:
            if shutil.which("xvfb-run") is None:
                raise CheckError("xvfb-run is not installed (Debian: apt-get install xvfb xauth)")
            x11_env = {key: value for key, value in env.items() if key != "QT_QPA_PLATFORM"}
            report = _self_test(
                ["xvfb-run", "--auto-servernum", "--server-args=-screen 0 1280x800x24", *command],
                demo,
                x11_env,
                "demo journal, X11 under Xvfb",
            )
            if report["platform"] != "xcb":
                raise CheckError(f"under Xvfb the app used '{report['platform']}', not xcb")

        if timing_runs:
            _time_start_up([*command, "--data-dir", str(demo), "--self-test"], env, timing_runs)


def _time_start_up(command: list[str], env: dict[str, str], runs: int) -> None:
    """Median wall-clock and CPU time of ``runs`` self-tests.

    CPU time (user + system, the app and its children) barely moves when
    other work shares the machine, so it is the figure to compare between
    builds; on an idle machine the wall clock is close to it.
    """
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        _run(command, env, "timing run")
        wall.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

    def summary(values: list[float]) -> str:
        each = ", ".join(f"{value:.2f}" for value in values)
        return f"median {statistics.median(values):.2f} s ({each})"

    print(f"  start-up, {runs} self-tests on the demo journal, offscreen:")
    print(f"    wall clock: {summary(wall)}")
    print(f"    CPU time:   {summary(cpu)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("executable", type=Path)
    parser.add_argument("--xvfb", action="store_true", help="also self-test on Xvfb with xcb")
    parser.add_argument("--timing-runs", type=int, default=0, metavar="N")
    args = parser.parse_args()
    print(f"Checking {args.executable}")
    try:
        check(args.executable, args.xvfb, args.timing_runs)
    except CheckError as failure:
        print(f"CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
