"""Each field type dumps the same through its generated code as through marshmallow."""

from __future__ import annotations

import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields

from restkit.rest.compiled import compile_dumper

from .equivalence import assert_same
from .strategies import CONTAINER_KINDS, SCALAR_KINDS, Lookup

KINDS = {**SCALAR_KINDS, **CONTAINER_KINDS}
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_a_field_dumps_as_marshmallow_dumps_it(kind: str, data: st.DataObject) -> None:
    case = data.draw(KINDS[kind](0), label="field")
    schema = Schema.from_dict({"f": case.field})()
    compiled = compile_dumper(schema)

    assert compiled.compiled, compiled.fallback
    attribute = case.field.attribute or "f"
    for value in data.draw(st.lists(case.dumps, min_size=1, max_size=10), label="values"):
        for obj in ({attribute: value}, types.SimpleNamespace(**{attribute: value})):
            assert_same(schema.dump, compiled.function, obj)
        assert_same(schema.dump, compiled.function, Lookup({attribute: value}))
    assert_same(schema.dump, compiled.function, {})


@pytest.mark.parametrize("kind", KINDS)
@PROPERTY
@given(data=st.data())
def test_a_field_dumps_items_of_a_list_as_marshmallow_does(kind: str, data: st.DataObject) -> None:
    case = data.draw(KINDS[kind](1), label="field")
    schema = Schema.from_dict({"items": fields.List(case.field)})()
    compiled = compile_dumper(schema)

    values = data.draw(st.lists(case.dumps, max_size=8), label="values")
    assert_same(schema.dump, compiled.function, {"items": values})
