"""Whole-process start-up and peak memory, against the PySide6 + Matplotlib baseline.

Each round runs the baseline script and ``ixcoach-desktop --self-test`` on
an empty, a 10,000- and a 100,000-exchange journal, plus two processes that
only import (the baseline's modules, the app's), in an order that rotates
from round to round (A/B alternation), so a burst of load from elsewhere on
the machine hits every variant alike.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks.bench_data import LARGE, SMALL, JournalSpec, scratch_copy
from tests.benchmarks.harness import (
    INFO,
    REPO_ROOT,
    BenchmarkError,
    ChildRun,
    Result,
    Target,
    app_command,
    checked,
    run_child,
)

BASELINE_SCRIPT = Path(__file__).with_name("baseline_window.py")
STARTUP_RATIO_LIMIT = 1.3
MEMORY_MARGIN_MB = 100.0
SELF_TEST_COMMAND = "`ixcoach-desktop --self-test --data-dir D`"
# What each side imports before it can build its window.
_BASELINE_IMPORTS = "import PySide6.QtWidgets, matplotlib.backends.backend_qtagg, matplotlib.figure"
_APP_IMPORTS = "import ixcoach_desktop.cli, ixcoach_desktop.app"


@dataclass(frozen=True, slots=True)
class _Variant:
    key: str
    label: str
    command: list[str]
    expect: str


def _variants(journals: dict[JournalSpec | None, Path]) -> list[_Variant]:
    variants = [
        _Variant(
            "baseline",
            "baseline script",
            [sys.executable, str(BASELINE_SCRIPT)],
            "BASELINE OK drawn=True",
        ),
        _Variant(
            "imports_baseline", "baseline imports", [sys.executable, "-c", _BASELINE_IMPORTS], ""
        ),
        _Variant("imports_app", "app imports", [sys.executable, "-c", _APP_IMPORTS], ""),
    ]
    for spec, folder in journals.items():
        variants.append(
            _Variant(
                "empty" if spec is None else str(spec.exchanges),
                "an empty journal" if spec is None else spec.label,
                app_command("--self-test", "--data-dir", str(folder)),
                "SELF-TEST OK",
            )
        )
    return variants


def _timed_row(
    key: str, measure: str, runs: list[ChildRun], timed: str, detail: str = ""
) -> Result:
    """A row of wall times in ms, with the same runs' CPU times."""
    return Result(
        key,
        measure,
        "ms",
        [r.seconds * 1000 for r in runs],
        INFO,
        timed,
        detail=detail,
        cpu=[r.cpu_seconds * 1000 for r in runs],
    )


def _self_test_timings(runs: list[ChildRun]) -> dict[str, float]:
    """Medians of the timings the self-test reports about itself (keys as it names them)."""
    seen: dict[str, list[float]] = {}
    for run in runs:
        line = next((x for x in run.stdout.splitlines() if x.startswith("SELF-TEST OK ")), "")
        try:
            timings = json.loads(line.removeprefix("SELF-TEST OK ")).get("timings_ms", {})
        except ValueError:
            continue
        for key, value in timings.items():
            if isinstance(value, int | float):
                seen.setdefault(key, []).append(float(value))
    return {key: statistics.median(values) for key, values in seen.items()}


def _drawn_s(run: ChildRun) -> float:
    if run.first_line_seconds is None:
        raise BenchmarkError("a start-up child printed nothing")
    return run.first_line_seconds


def _drawn_row(key: str, measure: str, seconds: list[float], timed: str) -> Result:
    return Result(key, measure, "ms", [s * 1000 for s in seconds], INFO, timed)


def _breakdown(runs: list[ChildRun], app_imports_s: float) -> str:
    timings = _self_test_timings(runs)
    total_ms = timings.get("total_ms")
    if total_ms is None:
        return ""
    inside = ", ".join(f"{k.removesuffix('_ms')} {v:.0f} ms" for k, v in timings.items())
    rest = statistics.median(r.seconds for r in runs) * 1000 - total_ms - app_imports_s * 1000
    return (
        f"the self-test's own timings: {inside}; imports (measured alone) "
        f"{app_imports_s * 1000:.0f} ms; the rest (interpreter, closing the window, waiting "
        f"for background jobs, exit) ≈ {rest:.0f} ms (wall-time medians, so only roughly)"
    )


def measure(
    cached: dict[JournalSpec, Path],
    scratch: Path,
    env: dict[str, str],
    runs: int,
    progress: Callable[[str], None],
) -> list[Result]:
    # Unbuffered, so each child's one line arrives when printed (once its window
    # is drawn and closed) and not only at exit: "until drawn" is timed by it.
    env = {**env, "PYTHONUNBUFFERED": "1"}
    journals: dict[JournalSpec | None, Path] = {None: scratch / "startup-empty"}
    for spec in (SMALL, LARGE):
        journals[spec] = scratch_copy(cached[spec], scratch / f"startup-{spec.exchanges}")
    variants = _variants(journals)

    # One unmeasured run each: it writes the bytecode caches and creates the
    # empty journal. The 100k one is reported on its own as the first start
    # of the day (the window takes that day's backup after its first frame,
    # on its worker, which a self-test closes before reaching).
    first_start: dict[str, ChildRun] = {}
    for variant in variants:
        first_start[variant.key] = checked(run_child(variant.command, env), variant.label)

    samples: dict[str, list[ChildRun]] = {v.key: [] for v in variants}
    for round_ in range(runs):
        shift = round_ % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            run = checked(run_child(variant.command, env), variant.label, variant.expect)
            samples[variant.key].append(run)
        progress(f"start-up round {round_ + 1}/{runs}")

    def median_s(key: str) -> float:
        return statistics.median(r.seconds for r in samples[key])

    baseline_s = median_s("baseline")
    baseline_rss = statistics.median(r.max_rss_mb for r in samples["baseline"])
    app_imports_s = median_s("imports_app")
    baseline_own = [
        float(line.rsplit("total_ms=", 1)[1])
        for r in samples["baseline"]
        for line in r.stdout.splitlines()
        if "total_ms=" in line
    ]
    results = [
        _timed_row(
            "startup_baseline",
            "Start-up: baseline script",
            samples["baseline"],
            f"whole process, `python {BASELINE_SCRIPT.relative_to(REPO_ROOT)}` "
            "(QMainWindow + one FigureCanvasQTAgg with two lines, drawn once), offscreen",
            detail=f"imports (measured alone) {median_s('imports_baseline') * 1000:.0f} ms; "
            f"the script's own total, from its first line (imports included) "
            f"{statistics.median(baseline_own) if baseline_own else float('nan'):.0f} ms",
        ),
        _timed_row(
            "imports_baseline",
            "Imports only: the baseline's modules",
            samples["imports_baseline"],
            f'whole process, `python -c "{_BASELINE_IMPORTS}"`',
        ),
        _timed_row(
            "imports_app",
            "Imports only: the app's start-up modules",
            samples["imports_app"],
            f'whole process, `python -c "{_APP_IMPORTS}"`',
        ),
    ]
    for variant in variants[3:]:
        seconds = [r.seconds * 1000 for r in samples[variant.key]]
        results.append(
            _timed_row(
                f"startup_{variant.key}",
                f"Start-up: {variant.label}",
                samples[variant.key],
                f"whole process, {SELF_TEST_COMMAND}, offscreen",
                detail=_breakdown(samples[variant.key], app_imports_s),
            )
        )
        is_large = variant.key == str(LARGE.exchanges)
        results.append(
            Result(
                f"startup_ratio_{variant.key}",
                f"Start-up ratio, {variant.label}",
                "×",
                [s / (baseline_s * 1000) for s in seconds],
                Target(STARTUP_RATIO_LIMIT, f"≤ {STARTUP_RATIO_LIMIT}× baseline")
                if is_large
                else INFO,
                "median app start-up ÷ median baseline start-up, same rounds",
                value=statistics.median(seconds) / (baseline_s * 1000),
            )
        )
    large = str(LARGE.exchanges)
    baseline_drawn = [_drawn_s(r) for r in samples["baseline"]]
    large_drawn = [_drawn_s(r) for r in samples[large]]
    results += [
        _drawn_row(
            "drawn_baseline",
            "Until drawn: baseline script",
            baseline_drawn,
            "from spawn until the baseline prints its line, after drawing and closing its window",
        ),
        _drawn_row(
            "drawn_100000",
            f"Until drawn: {LARGE.label}",
            large_drawn,
            f"from spawn until {SELF_TEST_COMMAND} prints SELF-TEST OK, after drawing and "
            "closing its window",
        ),
        Result(
            "drawn_ratio_100000",
            f"Start-up ratio until drawn, {LARGE.label}",
            "×",
            [d / statistics.median(baseline_drawn) for d in large_drawn],
            INFO,
            "median app time until drawn ÷ median baseline time until drawn, same rounds: "
            "start-up without either process's exit",
            value=statistics.median(large_drawn) / statistics.median(baseline_drawn),
        ),
    ]
    baseline_cpu = statistics.median(r.cpu_seconds for r in samples["baseline"])
    large_cpu = [r.cpu_seconds for r in samples[large]]
    results += [
        Result(
            "startup_cpu_ratio_100000",
            f"Start-up ratio in CPU time, {LARGE.label}",
            "×",
            [c / baseline_cpu for c in large_cpu],
            INFO,
            "the same runs' user + system CPU time (ru_utime + ru_stime), a cross-check "
            "that other load on the machine hardly moves",
            value=statistics.median(large_cpu) / baseline_cpu,
        ),
        Result(
            "startup_first_of_day_100000",
            f"Start-up, first of the day: {LARGE.label}",
            "ms",
            [first_start[large].seconds * 1000],
            INFO,
            f"{SELF_TEST_COMMAND} once on a fresh copy (cold caches; the daily backup "
            "comes after the first frame)",
        ),
        Result(
            "memory_baseline",
            "Peak memory (RSS): baseline script",
            "MB",
            [r.max_rss_mb for r in samples["baseline"]],
            INFO,
            "ru_maxrss of the child process (os.wait4)",
        ),
        Result(
            "memory_100000",
            f"Peak memory (RSS): {LARGE.label}",
            "MB",
            [r.max_rss_mb for r in samples[large]],
            INFO,
            f"ru_maxrss of {SELF_TEST_COMMAND} (os.wait4)",
        ),
        Result(
            "memory_over_baseline_100000",
            f"Peak memory over baseline: {LARGE.label}",
            "+MB",
            [r.max_rss_mb - baseline_rss for r in samples[large]],
            Target(MEMORY_MARGIN_MB, f"≤ baseline + {MEMORY_MARGIN_MB:.0f} MB"),
            "median app RSS − median baseline RSS",
        ),
    ]
    return results
