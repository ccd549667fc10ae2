"""compile_loader / compile_dumper: the compiled function is marshmallow's, or marshmallow runs."""

from __future__ import annotations

import typing as t

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_dump, pre_load, validates

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


class Shouting(fields.String):
    """A custom field: its own ``_deserialize`` and ``_serialize``."""

    def _deserialize(self, value: t.Any, attr: t.Any, data: t.Any, **kwargs: t.Any) -> t.Any:
        if value == "quiet":
            raise ValidationError("Too quiet.")
        return str(value).upper()

    def _serialize(self, value: t.Any, attr: t.Any, obj: t.Any, **kwargs: t.Any) -> t.Any:
        return f"{value}!"


class WithCustomField(Schema):
    name = fields.Str()
    shout = Shouting(required=True)
    shouts = fields.List(Shouting())


def test_a_custom_field_runs_its_own_code_inside_a_compiled_schema() -> None:
    schema = WithCustomField()
    loader, dumper = compile_loader(schema), compile_dumper(schema)

    assert loader.compiled
    assert dumper.compiled
    assert loader.function({"shout": "hey", "shouts": ["a"]}) == {"shout": "HEY", "shouts": ["A"]}
    for payload in ({"shout": "quiet"}, {"shouts": ["quiet", 3]}, {"shout": None}):
        assert_same(schema.load, loader.function, payload)
    assert dumper.function({"shout": "hey", "shouts": ["a"]}) == {"shout": "hey!", "shouts": ["a!"]}


class Hooked(Schema):
    name = fields.Str(required=True)

    @pre_load
    def trim(self, data: t.Any, **kwargs: t.Any) -> t.Any:
        return {**data, "name": data.get("name", "").strip()} if isinstance(data, dict) else data

    @validates("name")
    def not_blank(self, value: str, **kwargs: t.Any) -> None:
        if not value:
            raise ValidationError("Blank.")

    @post_dump
    def envelope(self, data: dict[str, t.Any], **kwargs: t.Any) -> dict[str, t.Any]:
        return {"pet": data}


def test_a_schema_with_hooks_is_run_by_marshmallow_and_still_behaves() -> None:
    loader, dumper = compile_loader(Hooked()), compile_dumper(Hooked())

    assert not loader.compiled
    assert loader.source is None
    assert loader.fallback == "Hooked has hooks (pre_load, validates)"
    assert dumper.fallback == "Hooked has hooks (post_dump)"
    assert loader.function({"name": "  Rex "}) == {"name": "Rex"}
    with pytest.raises(ValidationError) as info:
        loader.function({"name": "   "})
    assert info.value.messages == {"name": ["Blank."]}
    assert dumper.function({"name": "Rex"}) == {"pet": {"name": "Rex"}}


def test_a_schema_left_to_marshmallow_keeps_the_unknown_policy_it_was_given() -> None:
    loader = compile_loader(Hooked(), unknown=EXCLUDE)

    assert loader.function({"name": "Rex", "extra": 1}) == {"name": "Rex"}
    with pytest.raises(ValidationError):
        compile_loader(Hooked()).function({"name": "Rex", "extra": 1})


def test_the_source_of_a_compiled_schema_can_be_read() -> None:
    class Owner(Schema):
        name = fields.Str()

    class Pet(Schema):
        name = fields.Str()
        owner = fields.Nested(Owner)

    loader, dumper = compile_loader(Pet()), compile_dumper(Pet())

    assert loader.fallback is None
    assert "def load_item_0(data):" in t.cast(str, loader.source)
    assert "# load Owner" in t.cast(str, loader.source)
    assert "# dump Pet" in t.cast(str, dumper.source)
