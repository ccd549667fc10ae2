import pytest
from marshmallow import Schema, ValidationError, fields, validate

from restkit.rest.strict import (
    INT64,
    INT64_MAX,
    INT64_MIN,
    int64_bound,
    reject_unsafe_text,
    strict_copy,
)

NOT_AN_INTEGER = "Not a valid integer."
INT64_MESSAGE = "Must be between -9223372036854775808 and 9223372036854775807."
NUL = "Text may not contain NUL characters."
SURROGATE = "Text may not contain unpaired surrogate characters."


class Owner(Schema):
    name = fields.Str()
    age = fields.Int()


class Pet(Schema):
    name = fields.Str(required=True)
    email = fields.Email()
    age = fields.Int()
    weight = fields.Int(validate=validate.Range(min=0))
    tags = fields.List(fields.Str())
    sizes = fields.List(fields.Int())
    point = fields.Tuple((fields.Int(), fields.Str()))
    scores = fields.Dict(keys=fields.Str(), values=fields.Int())
    owner = fields.Nested(Owner)
    owners = fields.List(fields.Nested(Owner))
    raw = fields.Raw()


def errors_of(schema, data):
    with pytest.raises(ValidationError) as info:
        schema.load(data)
    return info.value.messages


# -- reject_unsafe_text -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [("a\x00b", NUL), ("\ud800", SURROGATE), ("x\udc00", SURROGATE)],
    ids=["nul", "high-surrogate", "low-surrogate"],
)
def test_reject_unsafe_text_refuses_nul_and_lone_surrogates(value, message):
    with pytest.raises(ValidationError) as info:
        reject_unsafe_text(value)

    assert info.value.messages == [message]


@pytest.mark.parametrize("value", ["", "Rex", "🐶 chien", "tab\tnew\nline", 12, None], ids=repr)
def test_reject_unsafe_text_lets_other_values_through(value):
    assert reject_unsafe_text(value) is None


# -- what the copy enforces -------------------------------------------------------------------


def test_every_string_field_refuses_unsafe_text():
    strict = strict_copy(Pet(), strict_types=True)

    messages = errors_of(
        strict,
        {
            "name": "\x00",
            "email": "a\x00@example.com",
            "tags": ["ok", "\ud800"],
            "point": [1, "\x00"],
            "scores": {"\x00": 1},
            "owner": {"name": "\x00"},
            "owners": [{"name": "ok"}, {"name": "\udfff"}],
        },
    )

    assert messages == {
        "name": [NUL],
        "email": ["Not a valid email address.", NUL],
        "tags": {1: [SURROGATE]},
        "point": {1: [NUL]},
        "scores": {"\x00": {"key": [NUL]}},
        "owner": {"name": [NUL]},
        "owners": {1: {"name": [SURROGATE]}},
    }


def test_raw_fields_are_left_as_they_are():
    strict = strict_copy(Pet(), strict_types=True)

    assert strict.load({"name": "Rex", "raw": "\x00"}) == {"name": "Rex", "raw": "\x00"}


def test_strict_types_make_every_integer_field_strict():
    strict = strict_copy(Pet(), strict_types=True)

    messages = errors_of(
        strict,
        {
            "name": "Rex",
            "age": "3",
            "weight": 2.5,
            "sizes": [1, True],
            "point": ["1", "a"],
            "scores": {"a": 1.5},
            "owner": {"age": "4"},
        },
    )

    assert messages == {
        "age": [NOT_AN_INTEGER],
        "weight": [NOT_AN_INTEGER],
        "sizes": {1: [NOT_AN_INTEGER]},
        "point": {0: [NOT_AN_INTEGER]},
        "scores": {"a": {"value": [NOT_AN_INTEGER]}},
        "owner": {"age": [NOT_AN_INTEGER]},
    }


def test_without_strict_types_integers_are_parsed_from_text():
    strict = strict_copy(Pet(), strict_types=False)

    assert strict.load({"name": "Rex", "age": "3", "sizes": ["1", "2"], "owner": {"age": "4"}}) == {
        "name": "Rex",
        "age": 3,
        "sizes": [1, 2],
        "owner": {"age": 4},
    }


@pytest.mark.parametrize("strict_types", [True, False], ids=["json", "text"])
def test_integers_without_a_range_are_bounded_to_int64(strict_types):
    strict = strict_copy(Pet(), strict_types=strict_types)

    messages = errors_of(
        strict, {"name": "Rex", "age": 2**63, "sizes": [-(2**63) - 1], "owner": {"age": 2**64}}
    )

    assert messages == {
        "age": [INT64_MESSAGE],
        "sizes": {0: [INT64_MESSAGE]},
        "owner": {"age": [INT64_MESSAGE]},
    }
    assert strict.load({"name": "Rex", "age": 2**63 - 1}) == {"name": "Rex", "age": 2**63 - 1}


def test_int64_holds_where_the_fields_own_range_sets_no_bound():
    strict = strict_copy(Pet(), strict_types=True)

    assert errors_of(strict, {"name": "Rex", "weight": 2**80}) == {
        "weight": [f"Must be less than or equal to {2**63 - 1}."]
    }
    assert errors_of(strict, {"name": "Rex", "weight": -1}) == {
        "weight": ["Must be greater than or equal to 0."]
    }
    assert INT64 not in strict.fields["weight"].validators


@pytest.mark.parametrize(
    ("ranges", "bound"),
    [
        pytest.param([], (INT64_MIN, INT64_MAX), id="no-range"),
        pytest.param([validate.Range(min=1)], (None, INT64_MAX), id="min-only"),
        pytest.param([validate.Range(max=10)], (INT64_MIN, None), id="max-only"),
        pytest.param([validate.Range(min=0, max=2**80)], None, id="both-wider"),
        pytest.param([validate.Range(min=1, max=100)], None, id="both-narrower"),
        pytest.param(
            [validate.Range(min=1), validate.Range(max=2**70)], None, id="two-ranges-together"
        ),
        pytest.param([validate.OneOf([1, 2])], (INT64_MIN, INT64_MAX), id="other-validator"),
    ],
)
def test_int64_bound(ranges, bound):
    result = int64_bound(ranges)

    assert (result if result is None else (result.min, result.max)) == bound


def test_int64_bound_of_a_range_past_int64_lets_values_through():
    strict = strict_copy(
        Schema.from_dict({"big": fields.Int(validate=validate.Range(min=-1, max=2**80))})(),
        strict_types=True,
    )

    assert strict.load({"big": 2**79}) == {"big": 2**79}


# -- the user's schema is left untouched ------------------------------------------------------


def test_the_users_schema_and_its_class_are_left_untouched():
    schema = Pet()

    strict_copy(schema, strict_types=True)
    strict_copy(schema, strict_types=True)

    loose = {
        "name": "\x00",
        "age": 2**70,
        "sizes": [1.0],
        "scores": {"\x00": "2"},
        "owner": {"name": "\x00", "age": "4"},
    }
    assert schema.load(loose) == {
        "name": "\x00",
        "age": 2**70,
        "sizes": [1],
        "scores": {"\x00": 2},
        "owner": {"name": "\x00", "age": 4},
    }
    assert Pet().load(loose) == schema.load(loose)
    assert Pet._declared_fields["name"].validators == []


def test_copies_do_not_accumulate_validators():
    schema = Pet()

    for _ in range(3):
        strict = strict_copy(schema, strict_types=True)

    assert errors_of(strict, {"name": "\x00"}) == {"name": [NUL]}
    assert strict.fields["name"].validators.count(reject_unsafe_text) == 1


def test_a_lenient_copy_stays_lenient_after_a_strict_one():
    schema = Pet()

    strict_copy(schema, strict_types=True)
    lenient = strict_copy(schema, strict_types=False)

    assert lenient.load({"name": "Rex", "sizes": ["1"], "owner": {"age": "2"}}) == {
        "name": "Rex",
        "sizes": [1],
        "owner": {"age": 2},
    }


def test_a_nested_schema_already_used_by_the_user_is_left_untouched():
    schema = Pet()
    assert schema.load({"name": "Rex", "owner": {"age": "4"}})["owner"] == {"age": 4}

    strict = strict_copy(schema, strict_types=True)

    assert errors_of(strict, {"name": "Rex", "owner": {"age": "4"}}) == {
        "owner": {"age": [NOT_AN_INTEGER]}
    }
    assert schema.load({"name": "Rex", "owner": {"age": "4"}})["owner"] == {"age": 4}


# -- the copy keeps the schema's own behaviour ------------------------------------------------


def test_the_copy_keeps_options_and_field_selection():
    class Limited(Schema):
        name = fields.Str(required=True)
        owner = fields.Nested(Owner, only=("name",))
        id = fields.Int(dump_only=True)

    strict = strict_copy(Limited(partial=True), strict_types=True)

    assert strict.load({}) == {}
    assert set(strict.load_fields) == {"name", "owner"}
    assert errors_of(strict, {"owner": {"age": 1}}) == {"owner": {"age": ["Unknown field."]}}
    assert errors_of(strict, {"id": 1}) == {"id": ["Unknown field."]}


def test_a_recursive_schema_is_copied_without_looping():
    class Node(Schema):
        label = fields.Str()
        children = fields.List(fields.Nested(lambda: Node()))

    strict = strict_copy(Node(), strict_types=True)

    assert strict.load({"label": "root", "children": [{"label": "leaf"}]}) == {
        "label": "root",
        "children": [{"label": "leaf"}],
    }
    assert errors_of(strict, {"label": "\x00"}) == {"label": [NUL]}


def test_a_many_schema_stays_many():
    strict = strict_copy(Owner(many=True), strict_types=True)

    assert strict.load([{"age": 1}, {"age": 2}]) == [{"age": 1}, {"age": 2}]
    assert errors_of(strict, [{"age": 1}, {"age": "2"}]) == {1: {"age": [NOT_AN_INTEGER]}}


def test_a_dict_without_key_or_value_fields_takes_anything():
    class Bag(Schema):
        extra = fields.Dict()

    strict = strict_copy(Bag(), strict_types=True)

    assert strict.load({"extra": {"a": "\x00", "b": 2**70}}) == {"extra": {"a": "\x00", "b": 2**70}}


def test_a_schema_with_its_own_constructor_arguments_is_copied_field_by_field():
    class Tenanted(Schema):
        name = fields.Str()
        age = fields.Int()

        def __init__(self, tenant, **kwargs):
            super().__init__(**kwargs)
            self.tenant = tenant

    schema = Tenanted("acme", only=("name", "age"))
    strict = strict_copy(schema, strict_types=True)

    assert strict.tenant == "acme"
    assert errors_of(strict, {"name": "\x00", "age": "4"}) == {
        "name": [NUL],
        "age": [NOT_AN_INTEGER],
    }
    assert schema.load({"name": "\x00", "age": "4"}) == {"name": "\x00", "age": 4}


def test_strict_types_make_floats_and_booleans_refuse_other_json_types():
    class Reading(Schema):
        values = fields.List(fields.Float())
        flags = fields.Dict(keys=fields.Str(), values=fields.Bool())
        maybe = fields.Float(allow_none=True)

    schema = Reading()
    strict = strict_copy(schema, strict_types=True)

    assert strict.load({"values": [1, 2.5], "flags": {"a": True}, "maybe": None}) == {
        "values": [1.0, 2.5],
        "flags": {"a": True},
        "maybe": None,
    }
    assert errors_of(strict, {"values": [1, "2"], "flags": {"a": "on"}}) == {
        "values": {1: ["Not a valid number."]},
        "flags": {"a": {"value": ["Not a valid boolean."]}},
    }
    assert schema.load({"values": ["2"], "flags": {"a": "on"}}) == {
        "values": [2.0],
        "flags": {"a": True},
    }
