"""Fast conversions of whole records, generated once from the one list of their fields.

Exports, imports and reads convert every record of a journal, field by field.
A loop over the field list pays for the loop, a list and a dictionary on
every record; these functions are written out once per record type, as
``dataclasses`` and ``collections.namedtuple`` write their own methods, so
converting a record costs what code typed by hand would. The fields still
come from one place (``domain/models.py``), and records are still built by
keyword, so no two fields can be swapped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

Convert = Callable[[Any], Any]


def _compiled(source: str, name: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    exec(compile(source, f"<record_code {name}>", "exec"), namespace)
    function: Callable[..., Any] = namespace[name]
    return function


def _checked(fields: Sequence[str]) -> None:
    for field in fields:
        if not field.isidentifier():
            raise ValueError(f"{field!r} is not a field name")


def builder(
    record: Callable[..., Any], fields: Sequence[str], conversions: Mapping[str, Convert]
) -> Callable[[Sequence[Any]], Any]:
    """``values`` in ``fields`` order -> ``record(field=value, ...)``, converting some first."""
    _checked(fields)
    namespace: dict[str, Any] = {"record": record}
    arguments = []
    for index, field in enumerate(fields):
        if field in conversions:
            namespace[f"convert_{field}"] = conversions[field]
            arguments.append(f"{field}=convert_{field}(values[{index}])")
        else:
            arguments.append(f"{field}=values[{index}]")
    source = f"def build(values):\n    return record({', '.join(arguments)})\n"
    return _compiled(source, "build", namespace)


def _attribute_values(
    fields: Sequence[str], conversions: Mapping[str, Convert], namespace: dict[str, Any]
) -> list[str]:
    """The expression of each field's value read from ``item``, converted where asked."""
    _checked(fields)
    expressions = []
    for field in fields:
        if field in conversions:
            namespace[f"convert_{field}"] = conversions[field]
            expressions.append(f"convert_{field}(item.{field})")
        else:
            expressions.append(f"item.{field}")
    return expressions


def reader(
    fields: Sequence[str], conversions: Mapping[str, Convert]
) -> Callable[[Any], dict[str, Any]]:
    """A record -> ``{field: value}`` in ``fields`` order, converting some values."""
    namespace: dict[str, Any] = {}
    values = _attribute_values(fields, conversions, namespace)
    items = ", ".join(f"{field!r}: {value}" for field, value in zip(fields, values, strict=True))
    return _compiled(f"def read(item):\n    return {{{items}}}\n", "read", namespace)


def values_reader(
    fields: Sequence[str], conversions: Mapping[str, Convert]
) -> Callable[[Any], tuple[Any, ...]]:
    """A record -> the tuple of its ``fields``' values, converting some."""
    namespace: dict[str, Any] = {}
    values = ", ".join(_attribute_values(fields, conversions, namespace))
    return _compiled(f"def values(item):\n    return ({values},)\n", "values", namespace)


def strict_builder(
    record: Callable[..., Any],
    fields: Sequence[str],
    types: Mapping[str, tuple[type, ...]],
    conversions: Mapping[str, Convert],
) -> Callable[[Mapping[str, object]], Any]:
    """A mapping holding exactly ``fields`` of exactly ``types`` -> ``record(...)``.

    Raises KeyError for a missing field and TypeError for a value of another
    type; a conversion is applied to every value but None.
    """
    _checked(fields)
    namespace: dict[str, Any] = {"record": record}
    lines = ["def build(given):"]
    arguments = []
    for field in fields:
        namespace[f"types_{field}"] = types[field]
        lines.append(f"    {field} = given[{field!r}]")
        lines.append(
            f"    if type({field}) not in types_{field}:\n"
            f"        raise TypeError({field + ' is not written as exports write it'!r})"
        )
        if field in conversions:
            namespace[f"convert_{field}"] = conversions[field]
            arguments.append(f"{field}=None if {field} is None else convert_{field}({field})")
        else:
            arguments.append(f"{field}={field}")
    lines.append(f"    return record({', '.join(arguments)})")
    return _compiled("\n".join(lines) + "\n", "build", namespace)
