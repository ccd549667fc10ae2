"""Run marshmallow and a compiled function on the same input; say what each did, exactly.

``outcome`` records a return value, a ``ValidationError`` (messages, valid data,
the data it carries) or any other exception (its type and text), as a value in
which dict order, exact types and NaN all count, so two outcomes are equal only
when the two functions behaved the same way.
"""

from __future__ import annotations

import decimal
import math
import typing as t

from marshmallow import Schema, ValidationError, fields

from restkit.rest.compiled import compile_loader
from restkit.rest.strict import strict_copy

if t.TYPE_CHECKING:
    from .strategies import Case


def outcome(function: t.Callable[[t.Any], t.Any], value: t.Any) -> t.Any:
    """Call *function* with *value* and describe what happened."""
    try:
        result = function(value)
    except ValidationError as exc:
        return (
            "invalid",
            exact(exc.messages),
            exact(exc.valid_data),
            "the input" if exc.data is value else exact(exc.data),
        )
    except Exception as exc:
        return ("raised", type(exc), str(exc))
    return ("returned", exact(result))


def exact(value: t.Any) -> t.Any:
    """Return a form of *value* that compares equal only to the same data, in the same order."""
    kind = type(value)
    if isinstance(value, dict):
        return (kind, [(exact(key), exact(item)) for key, item in value.items()])
    if isinstance(value, list | tuple):
        return (kind, [exact(item) for item in value])
    if isinstance(value, float) and math.isnan(value):
        return (kind, "nan")
    if isinstance(value, decimal.Decimal) and value.is_nan():
        return (kind, str(value))
    return (kind, value)


def assert_same(
    reference: t.Callable[[t.Any], t.Any], compiled: t.Callable[[t.Any], t.Any], value: t.Any
) -> t.Any:
    """Assert *compiled* does with *value* what *reference* (marshmallow) does; return that."""
    expected = outcome(reference, value)
    found = outcome(compiled, value)
    assert found == expected, f"input {value!r}:\n marshmallow: {expected}\n compiled:    {found}"
    return expected


def assert_field_loads(case: Case, strict_types: bool, values: list[t.Any]) -> None:
    """Assert a schema holding *case*'s field loads each value as marshmallow does."""
    declared = {"f": case.field, "other": fields.List(fields.Raw())}
    strict = strict_copy(Schema.from_dict(declared)(), strict_types=strict_types)
    compiled = compile_loader(strict)

    assert compiled.compiled, compiled.fallback
    key = case.field.data_key or "f"
    for value in values:
        assert_same(strict.load, compiled.function, {key: value})
    assert_same(strict.load, compiled.function, {})


def assert_items_load(case: Case, strict_types: bool, values: list[t.Any]) -> None:
    """Assert a list of *case*'s field loads *values* as marshmallow does."""
    schema = Schema.from_dict({"items": fields.List(case.field)})()
    strict = strict_copy(schema, strict_types=strict_types)

    assert_same(strict.load, compile_loader(strict).function, {"items": values})
