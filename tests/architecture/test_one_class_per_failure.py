"""Each failure has one error class, defined once (see ixcoach_desktop/domain/failures.py).

Storage raises the user-facing classes of the domain itself, so no layer
keeps a synonym of another layer's class to translate into it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections import Counter
from pathlib import Path

import ixcoach_desktop
from ixcoach_desktop.domain.failures import ServiceError

PACKAGE = Path(ixcoach_desktop.__file__).parent


def _error_classes() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error")
        ]
    return names


def test_every_error_class_name_is_defined_once() -> None:
    twice = [name for name, count in Counter(_error_classes()).items() if count > 1]
    assert not twice


def test_storage_defines_no_user_facing_error_of_its_own() -> None:
    own = []
    for path in sorted((PACKAGE / "storage").glob("*.py")):
        module = importlib.import_module(f"ixcoach_desktop.storage.{path.stem}")
        own += [
            f"{module.__name__}.{name}"
            for name, value in inspect.getmembers(module, inspect.isclass)
            if issubclass(value, ServiceError) and value.__module__ == module.__name__
        ]
    assert not own
