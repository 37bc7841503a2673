"""The GUI, the commands, app.py and cli.py never name a storage type, even a re-exported one.

import-linter forbids them importing storage directly; a name imported from
a service module that is really a storage class would slip past it, so
every name they import from the services is checked for where it is defined.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import ixcoach_desktop

PACKAGE = Path(ixcoach_desktop.__file__).parent
ABOVE_SERVICES = [
    PACKAGE / "app.py",
    PACKAGE / "cli.py",
    *sorted((PACKAGE / "commands").rglob("*.py")),
    *sorted((PACKAGE / "gui").rglob("*.py")),
]


def _service_imports(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module is not None
        and node.module.startswith("ixcoach_desktop.services")
        for alias in node.names
    ]


@pytest.mark.parametrize("path", ABOVE_SERVICES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_names_from_the_services_are_not_storage_types(path: Path) -> None:
    leaks = []
    for module_name, name in _service_imports(path):
        value = getattr(importlib.import_module(module_name), name)
        defined_in = getattr(value, "__module__", None) or getattr(value, "__name__", "")
        if str(defined_in).startswith("ixcoach_desktop.storage"):
            leaks.append(f"{module_name}.{name} is {defined_in}.{name}")
    assert not leaks
