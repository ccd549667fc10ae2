"""compile_loader / compile_dumper: the compiled function is marshmallow's, or marshmallow runs."""

from __future__ import annotations

import typing as t

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import EXCLUDE

from restkit.rest.compiled import compile_dumper, compile_loader
from restkit.rest.strict import strict_copy

from .equivalence import assert_same
from .strategies import schema_cases

PROPERTY = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@PROPERTY
@given(st.data())
def test_a_compiled_load_is_marshmallow_load(data: st.DataObject) -> None:
    case = data.draw(schema_cases())
    strict = strict_copy(case.schema, strict_types=data.draw(st.booleans(), label="strict"))
    unknown = data.draw(st.sampled_from([None, EXCLUDE]), label="unknown")
    compiled = compile_loader(strict, unknown=unknown)

    def reference(payload: t.Any) -> t.Any:
        return strict.load(payload) if unknown is None else strict.load(payload, unknown=unknown)

    assert compiled.compiled, compiled.fallback
    for payload in data.draw(st.lists(case.loads, min_size=1, max_size=6), label="payloads"):
        assert_same(reference, compiled.function, payload)


@PROPERTY
@given(st.data())
def test_a_compiled_dump_is_marshmallow_dump(data: st.DataObject) -> None:
    case = data.draw(schema_cases())
    compiled = compile_dumper(case.schema)

    assert compiled.compiled, compiled.fallback
    for obj in data.draw(st.lists(case.dumps, min_size=1, max_size=6), label="objects"):
        assert_same(case.schema.dump, compiled.function, obj)
