"""Each field type loads the same through its generated code as through marshmallow."""

from __future__ import annotations

import typing as t

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields, validate

from restkit.rest.compiled import compile_loader
from restkit.rest.strict import strict_copy

from . import strategies
from .equivalence import assert_same, exact

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KINDS = {
    "text": strategies.text_cases,
    "number": strategies.number_cases,
    "boolean": strategies.boolean_cases,
    "temporal": strategies.temporal_cases,
    "misc": strategies.misc_cases,
    "container": strategies.container_cases,
    "nested": strategies.nested_cases,
    "function": strategies.function_cases,
}


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_a_field_loads_as_marshmallow_loads_it(kind: str, data: st.DataObject) -> None:
    case = data.draw(KINDS[kind](0), label="field")
    declared = {"f": case.field, "many": fields.List(fields.Raw())}
    schema = Schema.from_dict(declared)()
    strict = strict_copy(schema, strict_types=data.draw(st.booleans(), label="strict"))
    compiled = compile_loader(strict)

    assert compiled.compiled, compiled.fallback
    key = case.field.data_key or "f"
    for value in data.draw(st.lists(case.loads, min_size=1, max_size=10), label="values"):
        assert_same(strict.load, compiled.function, {key: value})
    assert_same(strict.load, compiled.function, {})


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_a_field_loads_items_of_a_list_as_marshmallow_does(kind: str, data: st.DataObject) -> None:
    case = data.draw(KINDS[kind](1), label="field")
    schema = Schema.from_dict({"items": fields.List(case.field)})()
    strict = strict_copy(schema, strict_types=data.draw(st.booleans(), label="strict"))
    compiled = compile_loader(strict)

    values = data.draw(st.lists(case.loads | st.just(t.cast(t.Any, None)), max_size=8))
    assert_same(strict.load, compiled.function, {"items": values})


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
