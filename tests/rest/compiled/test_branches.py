"""restkit's strict JSON type checks keep their place among a field's branches."""

from __future__ import annotations

import typing as t

import pytest
from marshmallow import Schema, fields

from restkit.rest.compiled import compile_loader
from restkit.rest.strict import TypeCheck, is_json_number

from .equivalence import assert_same

VALUES = [1, 1.5, 2**70, float("nan"), "1.5", True, None, [1], {"a": 1}, 10**400]


@pytest.mark.parametrize(
    "check",
    [
        TypeCheck(is_json_number, "Not a number."),
        TypeCheck(lambda value: isinstance(value, float), "Floats only."),
        TypeCheck(lambda value: value != 1, "Not one."),
        TypeCheck(is_json_number, ["Not", "a", "string"]),
    ],
    ids=["known", "unknown", "by-value", "list-message"],
)
@pytest.mark.parametrize("field_class", [fields.Float, fields.Integer, fields.Decimal, fields.Bool])
def test_a_type_check_refuses_what_it_refuses_before_the_field_converts(
    check: TypeCheck, field_class: type[fields.Field[t.Any]]
) -> None:
    field = field_class(allow_none=True)
    field.pre_load = [check]
    schema = Schema.from_dict({"n": field})()
    compiled = compile_loader(schema)

    assert compiled.compiled
    for value in VALUES:
        assert_same(schema.load, compiled.function, {"n": value})


def test_several_type_checks_run_in_order() -> None:
    field = fields.Float()
    field.pre_load = [TypeCheck(is_json_number, "First."), TypeCheck(lambda v: v < 10, "Second.")]
    schema = Schema.from_dict({"n": field})()

    for value in VALUES:
        assert_same(schema.load, compile_loader(schema).function, {"n": value})
