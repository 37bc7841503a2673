"""What every benchmark shares: results, child processes, the machine, the table.

Files here are named so that pytest never collects them (it looks for
``test_*.py``): the benchmarks run only through ``make bench``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class Target:
    """A limit a measurement must stay within; ``None`` limit means "for information".

    ``otherwise`` names an alternative the issue accepts instead of the
    limit (ranking "or off the UI thread") when the run showed it holds.
    """

    limit: float | None
    text: str
    otherwise: str | None = None

    def met_by(self, value: float) -> bool | None:
        """Whether ``value`` (a median) meets the target; None for information only."""
        if self.limit is None:
            return None
        return value <= self.limit or self.otherwise is not None


INFO = Target(None, "—")


@dataclass(slots=True)
class Result:
    """One row of the table: a measure, its samples and the target it is held to.

    ``samples`` are in ``unit``; the row shows their median. ``value``
    overrides the median for derived figures (ratios, differences).
    """

    key: str
    measure: str
    unit: str
    samples: list[float]
    target: Target
    timed: str
    value: float | None = None
    note: str = ""
    available: bool = True
    # Printed under the table: where the time went, for whoever optimises next.
    detail: str = ""
    # CPU time of the same runs, in ``unit``: wall time on a shared machine
    # also counts waiting for the cores, CPU time hardly does.
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        if self.value is not None:
            return self.value
        return statistics.median(self.samples)

    @property
    def passed(self) -> bool | None:
        return self.target.met_by(self.median) if self.available else None


def unavailable(key: str, measure: str, target: Target, timed: str, why: str) -> Result:
    """A row for a measure that cannot be taken on this tree (the reason says why)."""
    return Result(key, measure, "", [], target, timed, note=why, available=False)


@dataclass(frozen=True, slots=True)
class ChildRun:
    """A finished child process: wall time, peak resident memory and its output."""

    seconds: float
    # Until the child's first line of output: a self-test and the baseline
    # print theirs once the window is drawn and closed, before the exit.
    first_line_seconds: float | None
    # User + system CPU time: unlike wall time, barely moved by other load.
    cpu_seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


# The screen the figures are taken on: the 1280×800 the product is judged
# at. Qt's offscreen screen is 800×800 unless told otherwise, which
# maximised the window to 800 pixels and measured a chart a third as wide.
SCREEN = (1280, 800)


def _offscreen_screen(scratch: Path) -> Path:
    """A configuration file for Qt's offscreen platform with one SCREEN-sized screen."""
    width, height = SCREEN
    config = scratch / "offscreen-screen.json"
    screen = {"name": "bench", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [screen | {"logicalDpi": 96, "dpr": 1}]}))
    return config


def child_environment(scratch: Path) -> dict[str, str]:
    """The environment every measured child runs in.

    Offscreen Qt, settings and data folders inside ``scratch`` (the user's
    own are never read or touched), and bytecode caching allowed, as in an
    installed app: without it every start would recompile the project's
    modules, which no user pays.
    """
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={_offscreen_screen(scratch)}"
    env["XDG_CONFIG_HOME"] = str(scratch / "config")
    env["XDG_DATA_HOME"] = str(scratch / "data")
    env["PYTHONPATH"] = str(REPO_ROOT)
    for name in ("IXCOACH_DATA_DIR", "PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    return env


def run_child(command: Sequence[str], env: Mapping[str, str]) -> ChildRun:
    """Run ``command`` to completion, timing it from spawn to its first line and to exit.

    The child is reaped with ``os.wait4`` so its own peak RSS is known
    (``getrusage(RUSAGE_CHILDREN)`` would give the largest of all children).
    """
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=err, env=dict(env), cwd=REPO_ROOT
        )
        assert process.stdout is not None
        first_line = process.stdout.readline()
        first_line_seconds = time.perf_counter() - started
        output = first_line + process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.stdout.close()
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        # ru_maxrss is in kilobytes on Linux.
        return ChildRun(
            seconds=seconds,
            first_line_seconds=first_line_seconds if first_line else None,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            max_rss_mb=usage.ru_maxrss / 1024,
            returncode=process.returncode,
            stdout=output.decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def app_command(*args: str) -> list[str]:
    """``ixcoach-desktop ARGS`` run from this tree with the current interpreter."""
    return [sys.executable, "-m", "ixcoach_desktop", *args]


def checked(run: ChildRun, what: str, expect: str = "") -> ChildRun:
    """``run`` if it succeeded (and printed ``expect``); otherwise stop the benchmark."""
    if run.returncode != 0 or expect not in run.stdout:
        raise BenchmarkError(
            f"{what} failed (exit {run.returncode}):\n{run.stdout[-2000:]}{run.stderr[-2000:]}"
        )
    return run


class BenchmarkError(RuntimeError):
    """A benchmark could not measure what it should (the app failed, data was wrong)."""


@dataclass(frozen=True, slots=True)
class Machine:
    cpus: int
    cpu_model: str
    ram_gb: float
    python: str
    pyside6: str
    matplotlib: str
    sqlalchemy: str
    system: str
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float] = field(default=(0.0, 0.0, 0.0))

    def describe(self) -> list[str]:
        return [
            f"- CPU: {self.cpu_model}, {self.cpus} cores (nproc)",
            f"- RAM: {self.ram_gb:.1f} GB",
            f"- System: {self.system}",
            f"- Python {self.python}, PySide6 {self.pyside6}, Matplotlib {self.matplotlib}, "
            f"SQLAlchemy {self.sqlalchemy}",
            "- Load average (1/5/15 min) before the run: "
            + " / ".join(f"{x:.2f}" for x in self.load_before)
            + "; after: "
            + " / ".join(f"{x:.2f}" for x in self.load_after),
        ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def machine() -> Machine:
    from importlib.metadata import version

    return Machine(
        cpus=len(os.sched_getaffinity(0)),
        cpu_model=_cpu_model(),
        ram_gb=_ram_gb(),
        python=platform.python_version(),
        pyside6=version("PySide6-Essentials"),
        matplotlib=version("matplotlib"),
        sqlalchemy=version("SQLAlchemy"),
        system=f"{platform.system()} {platform.release()}",
        load_before=os.getloadavg(),
    )


def _format(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "+MB":
        return f"{value:+.0f} MB"
    return f"{value:g} {unit}".strip()


def median_text(result: Result) -> str:
    if not result.available:
        return "not available"
    return _format(result.median, result.unit)


def spread_text(result: Result) -> str:
    """How many runs, and their range for plain measurements (not ratios or differences)."""
    if not result.available or not result.samples:
        return ""
    if result.unit not in ("ms", "s", "MB") or len(result.samples) == 1:
        return f"n={len(result.samples)}"
    low, high = min(result.samples), max(result.samples)
    return f"n={len(result.samples)}, {_format(low, result.unit)}–{_format(high, result.unit)}"


def verdict(result: Result) -> str:
    passed = result.passed
    if passed is None:
        return "—"
    if not passed:
        return "**FAIL**"
    limit = result.target.limit
    if limit is not None and result.median > limit and result.target.otherwise:
        return f"pass ({result.target.otherwise})"
    return "pass"


def table(results: Sequence[Result], before: Mapping[str, Mapping[str, object]] | None) -> str:
    """The Markdown table; with ``before`` (an earlier run's JSON) a Before column too."""
    header = ["Measure"]
    if before is not None:
        header.append("Before")
    header += ["Median", "CPU", "Runs (min–max)", "Target", "Result", "What was timed"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for result in results:
        cells = [result.measure]
        if before is not None:
            cells.append(_before_text(before.get(result.key)))
        timed_text = result.timed + (f" ({result.note})" if result.note else "")
        cells += [
            median_text(result),
            _format(statistics.median(result.cpu), result.unit) if result.cpu else "",
            spread_text(result),
            result.target.text,
            verdict(result),
            timed_text,
        ]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def details(results: Sequence[Result]) -> str:
    """The rows' breakdowns, as a Markdown list (empty when none has one)."""
    return "\n".join(f"- **{r.measure}**: {r.detail}" for r in results if r.detail)


def _before_text(row: Mapping[str, object] | None) -> str:
    if row is None or not row.get("available", False):
        return "not available"
    value = row.get("median")
    unit = row.get("unit")
    if not isinstance(value, int | float) or not isinstance(unit, str):
        return "not available"
    return _format(float(value), unit)


def to_json(results: Sequence[Result], host: Machine, command: str) -> str:
    rows = {
        r.key: asdict(r) | {"median": r.median if r.available else None, "passed": r.passed}
        for r in results
    }
    return json.dumps(
        {"command": command, "machine": asdict(host), "results": rows},
        indent=2,
        ensure_ascii=False,
    )
