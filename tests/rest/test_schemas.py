import dataclasses

import pytest
from marshmallow import Schema, ValidationError, fields

from restkit.core.errors import SetupError
from restkit.rest.schemas import JSONSchema, as_response_schema, as_schema

PET_JSON_SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
    "required": ["name"],
}


class Pet(Schema):
    name = fields.Str(required=True)


def test_a_schema_class_is_instantiated():
    schema = as_schema(Pet)

    assert type(schema) is Pet
    assert schema.load({"name": "Rex"}) == {"name": "Rex"}


def test_a_schema_instance_is_kept_as_given():
    schema = Pet(partial=True)

    assert as_schema(schema) is schema


def test_a_dict_of_fields_becomes_a_schema():
    schema = as_schema({"name": fields.Str(required=True), "age": fields.Int()})

    assert isinstance(schema, Schema)
    assert schema.load({"name": "Rex", "age": 3}) == {"name": "Rex", "age": 3}
    with pytest.raises(ValidationError) as info:
        schema.load({"age": "old"})
    assert info.value.messages == {
        "name": ["Missing data for required field."],
        "age": ["Not a valid integer."],
    }


def test_each_dict_of_fields_gets_its_own_schema():
    first = as_schema({"name": fields.Str()})
    second = as_schema({"age": fields.Int()})

    assert set(first.fields) == {"name"}
    assert set(second.fields) == {"age"}


def test_a_json_schema_dict_becomes_a_json_schema():
    schema = as_schema(PET_JSON_SCHEMA)

    assert schema == JSONSchema(PET_JSON_SCHEMA)
    errors = sorted(error.message for error in schema.validator().iter_errors({"age": -1}))
    assert errors == ["'name' is a required property", "-1 is less than the minimum of 0"]


def test_an_empty_dict_is_the_json_schema_that_accepts_anything():
    schema = as_schema({})

    assert isinstance(schema, JSONSchema)
    assert list(schema.validator().iter_errors([1, "two", None])) == []


def test_json_schemas_are_checked_against_draft_2020_12():
    validator = JSONSchema({"prefixItems": [{"type": "integer"}], "items": False}).validator()

    assert validator.is_valid([1])
    assert not validator.is_valid([1, 2])
    assert not validator.is_valid(["one"])


def test_an_invalid_json_schema_is_refused_at_setup():
    with pytest.raises(SetupError, match=r"^Invalid JSON Schema: 'strung' is not valid"):
        as_schema({"type": "strung"})


def test_json_schema_is_frozen():
    schema = JSONSchema({"type": "object"})

    with pytest.raises(dataclasses.FrozenInstanceError):
        schema.document = {}  # type: ignore[misc]


@pytest.mark.parametrize(
    "value",
    [pytest.param(42, id="int"), pytest.param("Pet", id="str"), pytest.param([Pet], id="list")],
)
def test_anything_else_is_refused_with_what_to_pass(value):
    with pytest.raises(SetupError) as info:
        as_schema(value)

    assert str(info.value) == (
        f"{value!r} is not a schema: pass a marshmallow Schema class or instance, a dict of "
        "marshmallow fields, or a JSON Schema dict."
    )


def test_a_response_without_schema_has_no_documented_body():
    assert as_response_schema(None) is None


def test_a_response_schema_is_read_like_an_argument_schema():
    assert type(as_response_schema(Pet)) is Pet
    assert as_response_schema(PET_JSON_SCHEMA) == JSONSchema(PET_JSON_SCHEMA)
