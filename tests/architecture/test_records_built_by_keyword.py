"""Domain records with more than three fields are built by keyword everywhere in the package.

Two fields of one type given in the wrong order would type-check and swap
the user's data; keywords make the order irrelevant.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ixcoach_desktop

PACKAGE = Path(ixcoach_desktop.__file__).parent
MAX_POSITIONAL = 3


def _domain_records() -> set[str]:
    names = set()
    for path in (PACKAGE / "domain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and (
                any("dataclass" in ast.unparse(d) for d in node.decorator_list)
                or any(ast.unparse(base) == "NamedTuple" for base in node.bases)
            ):
                names.add(node.name)
    return names


def test_no_record_is_built_from_more_than_three_positional_arguments() -> None:
    records = _domain_records()
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func)
            if called == "tuple.__new__" or (
                called.rsplit(".", 1)[-1] in records and len(node.args) > MAX_POSITIONAL
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {called}")
    assert not found
