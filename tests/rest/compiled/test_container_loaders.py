"""Nested schemas, lists, tuples and dicts load the same compiled as through marshmallow."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .equivalence import assert_field_loads, assert_items_load
from .strategies import CONTAINER_KINDS

PROPERTY = settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("kind", CONTAINER_KINDS)
@PROPERTY
@given(data=st.data())
def test_a_container_loads_as_marshmallow_loads_it(kind: str, data: st.DataObject) -> None:
    case = data.draw(CONTAINER_KINDS[kind](0), label="field")
    values = data.draw(st.lists(case.loads, min_size=1, max_size=10), label="values")

    assert_field_loads(case, data.draw(st.booleans(), label="strict"), values)


@pytest.mark.parametrize("kind", CONTAINER_KINDS)
@PROPERTY
@given(data=st.data())
def test_containers_in_a_list_load_as_marshmallow_loads_them(
    kind: str, data: st.DataObject
) -> None:
    case = data.draw(CONTAINER_KINDS[kind](1), label="field")
    values = data.draw(st.lists(case.loads | st.none(), max_size=6), label="values")

    assert_items_load(case, data.draw(st.booleans(), label="strict"), values)
