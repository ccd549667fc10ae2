"""Fields and values the compiler has no code for load as marshmallow loads them."""

from __future__ import annotations

import datetime as dt
import decimal
import typing as t
import uuid

import pytest
from marshmallow import Schema, ValidationError, fields

from restkit.rest.compiled import compile_loader
from restkit.rest.strict import strict_copy

from .equivalence import assert_same


class Shouting(fields.String):
    def _deserialize(self, value: t.Any, attr: t.Any, data: t.Any, **kwargs: t.Any) -> t.Any:
        if value == "quiet":
            raise ValidationError({"volume": ["Too quiet."]})
        return str(value).upper()


def check(declared: dict[str, fields.Field[t.Any]], payloads: list[t.Any]) -> str:
    """Assert a schema of *declared* fields loads each payload as marshmallow; return its source."""
    for strict_types in (True, False):
        schema = strict_copy(Schema.from_dict(declared)(), strict_types=strict_types)
        compiled = compile_loader(schema)
        for payload in payloads:
            assert_same(schema.load, compiled.function, payload)
    return t.cast(str, compiled.source)


def test_a_field_of_a_class_of_its_own_is_loaded_by_its_deserialize() -> None:
    payloads = [{"a": "hey"}, {"a": "quiet"}, {"a": None}, {}, {"b": ["x", "quiet", 3]}]

    source = check({"a": Shouting(required=True), "b": fields.List(Shouting())}, payloads)

    assert "deserialize_into(" in source


def test_a_field_with_a_pre_load_step_of_its_own_is_loaded_by_its_deserialize() -> None:
    def trim(value: t.Any) -> t.Any:
        return value.strip() if isinstance(value, str) else value

    field = fields.Int(pre_load=[trim])

    check({"n": field}, [{"n": " 12 "}, {"n": 3}, {"n": " x"}, {"n": None}])


def test_a_field_with_a_method_replaced_on_the_instance_runs_that_method() -> None:
    field = fields.Str()
    field._deserialize = lambda value, attr, data, **kwargs: f"<{value}>"  # type: ignore[method-assign]

    check({"s": field}, [{"s": "a"}, {"s": 3}])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (fields.DateTime(), dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
        (fields.Date(), dt.datetime(2024, 1, 1)),
        (fields.UUID(), uuid.UUID(int=5)),
        (fields.UUID(), uuid.UUID(int=5).bytes),
        (fields.Int(), decimal.Decimal("4")),
        (fields.Float(), decimal.Decimal("4.5")),
        (fields.Str(), b"bytes"),
        (fields.Str(), b"\xff"),
        (fields.List(fields.Int()), (1, "2")),
        (fields.List(fields.Int()), {1, 2}),
        (fields.Tuple((fields.Int(),)), (1,)),
        (fields.Dict(), {1: 2}.keys()),
        (fields.Bool(), frozenset()),
    ],
    ids=repr,
)
def test_values_of_other_types_are_loaded_by_the_fields_own_deserialize(
    field: fields.Field[t.Any], value: t.Any
) -> None:
    check({"f": field}, [{"f": value}])
