"""Import and export as whole ``ixcoach-desktop`` commands: vCard in, JSON out and back in."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.bench_data import LARGE, scratch_copy, write_vcards
from tests.benchmarks.harness import (
    ChildRun,
    Result,
    Target,
    app_command,
    checked,
    run_child,
    unavailable,
)

VCARD_COUNT = 10_000
VCARD_LIMIT_S = 10.0
JSON_LIMIT_S = 5.0


def _has_command(name: str, env: dict[str, str]) -> bool:
    return run_child(app_command(name, "--help"), env).returncode == 0


def _row(key: str, measure: str, runs: list[ChildRun], target: Target, timed: str) -> Result:
    return Result(
        key,
        measure,
        "s",
        [r.seconds for r in runs],
        target,
        timed,
        cpu=[r.cpu_seconds for r in runs],
    )


def measure(
    cached_large: Path,
    scratch: Path,
    env: dict[str, str],
    runs: int,
    progress: Callable[[str], None],
) -> list[Result]:
    vcard_what = f"`ixcoach-desktop import contacts.vcf --data-dir D`, {VCARD_COUNT:,} cards"
    export_what = f"`ixcoach-desktop export --format json --output F --data-dir D`, {LARGE.label}"
    reimport_what = f"`ixcoach-desktop import F --data-dir EMPTY` of that export, {LARGE.label}"
    vcard_target = Target(VCARD_LIMIT_S, f"≤ {VCARD_LIMIT_S:.0f} s")
    json_target = Target(JSON_LIMIT_S, f"≤ {JSON_LIMIT_S:.0f} s")
    results: list[Result] = []

    if _has_command("import", env):
        cards = write_vcards(scratch / "contacts.vcf", VCARD_COUNT)
        vcard_runs = [
            checked(
                run_child(
                    app_command("import", str(cards), "--data-dir", str(scratch / f"vcf-{i}")),
                    env,
                ),
                "vCard import",
                f"Imported {VCARD_COUNT} contacts",
            )
            for i in range(runs)
        ]
        results.append(
            _row(
                "import_vcard_10000",
                f"Import {VCARD_COUNT:,} vCards",
                vcard_runs,
                vcard_target,
                f"whole process, {vcard_what}, into an empty journal each time",
            )
        )
        progress("vCard import")
    else:
        results.append(
            unavailable(
                "import_vcard_10000",
                f"Import {VCARD_COUNT:,} vCards",
                vcard_target,
                vcard_what,
                "this tree has no `import` command yet",
            )
        )

    if not _has_command("export", env):
        for key, measure_name, target, what in (
            ("export_json_100000", "Export the journal to JSON", json_target, export_what),
            ("import_json_100000", "Import that JSON export", json_target, reimport_what),
        ):
            results.append(
                unavailable(key, measure_name, target, what, "this tree has no `export` command")
            )
        return results

    source = scratch_copy(cached_large, scratch / "export-source")
    expected = f"Exported {LARGE.contacts} contacts and {LARGE.exchanges} exchanges"
    # The first command on a fresh copy takes the daily start-up backup: unmeasured.
    checked(
        run_child(
            app_command(
                "export",
                "--format",
                "json",
                "--output",
                str(scratch / "warm-up.json"),
                "--data-dir",
                str(source),
            ),
            env,
        ),
        "JSON export",
        expected,
    )
    exports = [
        checked(
            run_child(
                app_command(
                    "export",
                    "--format",
                    "json",
                    "--output",
                    str(scratch / f"export-{i}.json"),
                    "--data-dir",
                    str(source),
                ),
                env,
            ),
            "JSON export",
            expected,
        )
        for i in range(runs)
    ]
    results.append(
        _row(
            "export_json_100000",
            "Export the journal to JSON",
            exports,
            json_target,
            f"whole process, {export_what}",
        )
    )
    progress("JSON export")

    if _has_command("import", env):
        export_file = scratch / "export-0.json"
        imports = [
            checked(
                run_child(
                    app_command(
                        "import", str(export_file), "--data-dir", str(scratch / f"json-{i}")
                    ),
                    env,
                ),
                "JSON import",
                f"Imported {LARGE.contacts} contacts and {LARGE.exchanges} exchanges",
            )
            for i in range(runs)
        ]
        results.append(
            _row(
                "import_json_100000",
                "Import that JSON export",
                imports,
                json_target,
                f"whole process, {reimport_what}",
            )
        )
        progress("JSON import")
    else:
        results.append(
            unavailable(
                "import_json_100000",
                "Import that JSON export",
                json_target,
                reimport_what,
                "this tree has no `import` command yet",
            )
        )
    return results
