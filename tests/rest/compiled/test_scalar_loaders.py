"""Fields holding one value load the same through their generated code as through marshmallow."""

from __future__ import annotations

import typing as t

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields, validate

from restkit.rest.compiled import compile_loader
from restkit.rest.strict import strict_copy

from . import strategies
from .equivalence import assert_field_loads, assert_items_load, assert_same, exact
from .strategies import SCALAR_KINDS

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("kind", SCALAR_KINDS)
@PROPERTY
@given(data=st.data())
def test_a_field_loads_as_marshmallow_loads_it(kind: str, data: st.DataObject) -> None:
    case = data.draw(SCALAR_KINDS[kind](0), label="field")
    values = data.draw(st.lists(case.loads, min_size=1, max_size=10), label="values")

    assert_field_loads(case, data.draw(st.booleans(), label="strict"), values)


@pytest.mark.parametrize("kind", SCALAR_KINDS)
@PROPERTY
@given(data=st.data())
def test_a_field_loads_items_of_a_list_as_marshmallow_does(kind: str, data: st.DataObject) -> None:
    case = data.draw(SCALAR_KINDS[kind](1), label="field")
    values = data.draw(st.lists(case.loads | st.none(), max_size=8), label="values")

    assert_items_load(case, data.draw(st.booleans(), label="strict"), values)


class Body(Schema):
    count = fields.Int()
    wide = fields.Int(validate=validate.Range(min=-(2**70), max=2**70))
    ratio = fields.Float()
    flag = fields.Bool()
    name = fields.Str()
    tags = fields.List(fields.Str())


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"count": True}, {"count": ["Not a valid integer."]}),
        ({"count": 1.5}, {"count": ["Not a valid integer."]}),
        ({"count": "12"}, {"count": ["Not a valid integer."]}),
        ({"count": 2**63}, {"count": [f"Must be between {-(2**63)} and {2**63 - 1}."]}),
        ({"wide": 2**63}, None),
        ({"ratio": "1.5"}, {"ratio": ["Not a valid number."]}),
        ({"ratio": False}, {"ratio": ["Not a valid number."]}),
        ({"flag": "true"}, {"flag": ["Not a valid boolean."]}),
        ({"flag": 1}, {"flag": ["Not a valid boolean."]}),
        ({"name": "a\x00b"}, {"name": ["Text may not contain NUL characters."]}),
        (
            {"tags": ["ok", "\ud800"]},
            {"tags": {1: ["Text may not contain unpaired surrogate characters."]}},
        ),
    ],
    ids=[
        "bool-int",
        "float-int",
        "text-int",
        "int64",
        "own-range",
        "text-float",
        "bool-float",
        "text-bool",
        "int-bool",
        "nul",
        "surrogate",
    ],
)
def test_json_bodies_keep_restkits_strict_rules(payload: dict[str, t.Any], errors: t.Any) -> None:
    strict = strict_copy(Body(), strict_types=True)

    outcome = assert_same(strict.load, compile_loader(strict).function, payload)

    if errors is None:
        assert outcome[0] == "returned"
    else:
        assert outcome[0] == "invalid"
        assert outcome[1] == exact(errors)


@pytest.mark.parametrize(
    "payload",
    [{"count": "12"}, {"count": " 7 "}, {"ratio": "1.5"}, {"flag": "true"}, {"flag": "on"}],
    ids=repr,
)
def test_text_locations_still_parse_numbers_and_booleans(payload: dict[str, t.Any]) -> None:
    strict = strict_copy(Body(), strict_types=False)

    assert assert_same(strict.load, compile_loader(strict).function, payload)[0] == "returned"


@pytest.mark.parametrize(
    "field",
    [
        fields.Float(error_messages={"special": "Not {input}."}),
        fields.Int(error_messages={"invalid": "Not {input}."}),
        fields.Enum(strategies.Color, error_messages={"unknown": "No {input} in {choices}."}),
        fields.UUID(error_messages={"invalid_uuid": "Not {input}."}),
        fields.DateTime(error_messages={"invalid": "Not {input}."}),
    ],
    ids=["float", "int", "enum", "uuid", "datetime"],
)
def test_messages_that_name_the_input_are_made_by_the_field(field: fields.Field[t.Any]) -> None:
    schema = Schema.from_dict({"f": field})()
    compiled = compile_loader(schema)

    for value in [float("nan"), float("inf"), "x", "RED", 3, "1.5", None, [1]]:
        assert_same(schema.load, compiled.function, {"f": value})
