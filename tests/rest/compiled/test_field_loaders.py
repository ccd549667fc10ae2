"""Each field type loads the same through its generated code as through marshmallow."""

from __future__ import annotations

import typing as t

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields

from restkit.rest.compiled import compile_loader
from restkit.rest.strict import strict_copy

from . import strategies
from .equivalence import assert_same

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
