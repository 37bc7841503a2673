"""``python -m tests.benchmarks`` (``make bench``): measure, then print one Markdown table.

Progress goes to stderr; stdout is the report that docs/performance.md records.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from tests.benchmarks import bench_data, bench_startup, bench_transfer
from tests.benchmarks.harness import (
    BenchmarkError,
    Result,
    Target,
    child_environment,
    details,
    machine,
    table,
    to_json,
)

GROUPS = ("demo", "startup", "transfer", "window", "ranking")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks",
        description="Time start-up, contact switches, saves, search, ranking, memory and "
        "import/export on demo journals of up to 100,000 exchanges, and print one table.",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="measured runs per figure (default 5, at least 7 for the window and 9 for "
        "start-up; median shown)",
    )
    parser.add_argument(
        "--transfer-runs",
        type=int,
        default=3,
        help="runs of each import/export command (default 3: each takes seconds)",
    )
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"comma-separated groups to run, from: {', '.join(GROUPS)} (default all)",
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the cached demo journals in bench-data/"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the results here")
    parser.add_argument(
        "--before",
        type=Path,
        metavar="FILE",
        help="a --json file from an earlier run, shown as a Before column",
    )
    return parser


def _groups(text: str, parser: argparse.ArgumentParser) -> list[str]:
    chosen = [g.strip() for g in text.split(",") if g.strip()]
    unknown = [g for g in chosen if g not in GROUPS]
    if unknown or not chosen:
        parser.error(f"--only takes groups from {', '.join(GROUPS)}; got {text!r}")
    return chosen


def _progress(started: float) -> Callable[[str], None]:
    def report(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.runs < 1 or args.transfer_runs < 1:
        parser.error("--runs and --transfer-runs must be at least 1")
    groups = _groups(args.only, parser)
    before = None
    if args.before is not None:
        try:
            before = json.loads(args.before.read_text(encoding="utf-8"))["results"]
        except (OSError, ValueError, KeyError) as error:
            parser.error(f"--before {args.before}: not a results file ({error})")

    scratch = Path(tempfile.mkdtemp(prefix="ixcoach-bench-"))
    # Before any Qt import: the in-process benchmarks draw offscreen, and
    # settings and data folders stay inside the scratch folder.
    env = _environment(scratch)
    try:
        return _run(
            args=args,
            groups=groups,
            before=before,
            scratch=scratch,
            env=env,
            argv=argv,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _environment(scratch: Path) -> dict[str, str]:
    env = child_environment(scratch)
    for name in ("QT_QPA_PLATFORM", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        os.environ[name] = env[name]
    os.environ.pop("IXCOACH_DATA_DIR", None)
    return env


def _run(
    *,
    args: argparse.Namespace,
    groups: list[str],
    before: dict[str, dict[str, object]] | None,
    scratch: Path,
    env: dict[str, str],
    argv: Sequence[str] | None,
) -> int:
    started = time.perf_counter()
    progress = _progress(started)
    host = machine()
    results: list[Result] = []
    try:
        cached = {
            spec: bench_data.cached_journal(spec, env, rebuild=args.rebuild)
            for spec in (bench_data.SMALL, bench_data.LARGE)
        }
        progress("demo journals ready")
        if "demo" in groups:
            large = bench_data.LARGE
            demo_runs = [
                bench_data.run_demo(large, scratch / f"demo-{i}", env)
                for i in range(args.transfer_runs)
            ]
            results.append(
                Result(
                    "demo_100000",
                    "Build the demo journal",
                    "s",
                    [run.seconds for run in demo_runs],
                    Target(30.0, "well under a minute (≤ 30 s)"),
                    f"whole process, `ixcoach-desktop demo --contacts {large.contacts} "
                    f"--exchanges {large.exchanges} --seed {bench_data.SEED} --data-dir EMPTY`",
                    cpu=[run.cpu_seconds for run in demo_runs],
                )
            )
            progress("demo command")
        if "startup" in groups:
            # Whole processes on two shared cores vary by a fifth from run to
            # run; the ratio of two medians needs more rounds to settle.
            results += bench_startup.measure(cached, scratch, env, max(args.runs, 9), progress)
        if "transfer" in groups:
            results += bench_transfer.measure(
                cached[bench_data.LARGE], scratch, env, args.transfer_runs, progress
            )
        window_threads: list[str] = []
        if "window" in groups or "ranking" in groups:
            # Imports Qt: only now that the environment says "offscreen".
            from tests.benchmarks import bench_ranking, bench_window

            if "window" in groups:
                with bench_ranking.ranking_threads() as window_threads:
                    results += bench_window.measure(
                        bench_data.scratch_copy(
                            cached[bench_data.LARGE], scratch / "window-100000"
                        ),
                        max(args.runs, 7),
                        progress,
                    )
            if "ranking" in groups:
                results += bench_ranking.measure(
                    bench_data.scratch_copy(cached[bench_data.LARGE], scratch / "ranking-100000"),
                    args.runs,
                    window_threads,
                )
                results += bench_ranking.measure_in_memory(args.runs)
                progress("ranking")
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1

    host = replace(host, load_after=os.getloadavg())
    command = shlex.join(["python", "-m", "tests.benchmarks", *(argv or sys.argv[1:])])
    print(f"## Benchmark run ({time.strftime('%Y-%m-%d %H:%M %Z')})\n")
    print(
        f"Command: `{command}` (`make bench` runs it without options), taking "
        f"{time.perf_counter() - started:.0f} s\n"
    )
    print("\n".join(host.describe()))
    print()
    print(table(results, before))
    breakdown = details(results)
    if breakdown:
        print(f"\nWhere the time goes (medians):\n\n{breakdown}")
    if args.json is not None:
        args.json.write_text(to_json(results, host, command) + "\n", encoding="utf-8")
    failed = [r.measure for r in results if r.passed is False]
    if failed:
        print(f"\nOver target: {', '.join(failed)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
