"""Schema-level load rules: nesting, recursion, many, partial, unknown keys, keys and attributes."""

from __future__ import annotations

import types
import typing as t

import pytest
from marshmallow import EXCLUDE, INCLUDE, RAISE, Schema, ValidationError, fields, validate
from marshmallow.exceptions import RegistryError

from restkit.rest.compiled import compile_loader
from restkit.rest.strict import strict_copy

from .equivalence import assert_same


def check(schema: Schema, payloads: list[t.Any], **options: t.Any) -> list[t.Any]:
    """Assert the compiled load behaves as marshmallow on each payload; return the outcomes."""
    compiled = compile_loader(schema, **options)
    assert compiled.compiled, compiled.fallback

    def reference(data: t.Any) -> t.Any:
        return schema.load(data, **options)

    return [assert_same(reference, compiled.function, payload) for payload in payloads]


class Node(Schema):
    name = fields.Str(required=True)
    children = fields.List(fields.Nested(lambda: Node()))
    parent = fields.Nested(lambda: Node(only=("name",)))


class Author(Schema):
    name = fields.Str()
    books = fields.List(fields.Nested(lambda: Book(exclude=("author",))))


class Book(Schema):
    title = fields.Str(validate=validate.Length(min=1))
    author = fields.Nested(Author)


def tree(depth: int, bad_at: int = -1) -> dict[str, t.Any]:
    name: t.Any = 7 if depth == bad_at else f"level {depth}"
    node: dict[str, t.Any] = {"name": name}
    if depth:
        leaf = {"name": "leaf", "extra": True} if depth == bad_at else {"name": "leaf"}
        node["children"] = [tree(depth - 1, bad_at), leaf]
    return node


@pytest.mark.parametrize("strict_types", [True, False], ids=["json", "text"])
def test_a_schema_nested_in_itself_loads_level_by_level(strict_types: bool) -> None:
    schema = strict_copy(Node(), strict_types=strict_types)

    outcomes = check(schema, [tree(5), tree(5, bad_at=2), {"name": "x", "parent": {"name": 3}}])

    assert outcomes[0][0] == "returned"
    assert outcomes[1][0] == "invalid"


def test_schemas_nested_in_each_other_load_as_marshmallow_does() -> None:
    payload = {
        "title": "T",
        "author": {"name": "A", "books": [{"title": ""}, {"title": "U", "author": {}}]},
    }

    check(Book(), [payload, {"author": {"books": "nope"}}, {"author": None}])


def test_a_nested_schema_named_in_the_registry_is_compiled() -> None:
    class Shelf(Schema):
        books = fields.List(fields.Nested("Book"))

    check(Shelf(), [{"books": [{"title": "T"}, {"title": ""}]}, {"books": [3]}])


def test_a_nested_schema_that_cannot_be_found_fails_when_loading_as_in_marshmallow() -> None:
    class Lost(Schema):
        thing = fields.Nested("NoSuchSchemaAnywhere")

    compiled = compile_loader(Lost())

    with pytest.raises(RegistryError):
        compiled.function({"thing": {}})
    assert compiled.function({}) == {}


@pytest.mark.parametrize("unknown", [RAISE, EXCLUDE, INCLUDE])
@pytest.mark.parametrize("many", [False, True], ids=["one", "many"])
def test_unknown_keys_follow_the_policy(unknown: str, many: bool) -> None:
    class Pet(Schema):
        name = fields.Str(data_key="petName")
        age = fields.Int(attribute="years")

    one = {"petName": "Rex", "years": 3, "age": 4, "zzz": None, "_schema": 1, "": 0}
    payloads = [[one, {"b": 1, "a": 2}, "x"], []] if many else [one, {"petName": 3, "k": 1}]

    check(Pet(many=many), payloads, unknown=unknown)


def test_unknown_keys_are_reported_in_marshmallows_order() -> None:
    keys = [f"key{index}" for index in range(40)]

    check(Schema.from_dict({"a": fields.Int()})(), [dict.fromkeys(keys, 1)])


@pytest.mark.parametrize(
    "partial",
    [True, False, ("name",), ["owner.name"], ("owner",), ()],
    ids=["all", "none", "top", "nested", "parent", "empty"],
)
def test_partial_loads_skip_the_fields_they_name(partial: t.Any) -> None:
    class Owner(Schema):
        name = fields.Str(required=True)
        age = fields.Int(required=True)

    class Pet(Schema):
        name = fields.Str(required=True)
        owner = fields.Nested(Owner, required=True)
        owners = fields.List(fields.Nested(Owner))

    payloads = [{}, {"owner": {}}, {"owner": {"age": 3}, "owners": [{}, {"name": "x"}]}]

    check(Pet(partial=partial), payloads)
    check(strict_copy(Pet(partial=partial), strict_types=True), payloads)


def test_a_dotted_attribute_builds_nested_dicts_and_fails_as_marshmallow_does() -> None:
    class Deep(Schema):
        first = fields.Str(attribute="name.first")
        last = fields.Str(attribute="name.last")
        name = fields.Raw()

    check(
        Deep(), [{"first": "a", "last": "b"}, {"first": "a", "name": 3}, {"name": "x", "last": "b"}]
    )


def test_keys_that_are_not_identifiers_are_read_and_reported() -> None:
    class Odd(Schema):
        a = fields.Int(data_key="two words")
        b = fields.Int(data_key="'); import os #")
        c = fields.Int(data_key="ключ")

    payloads = [{"two words": 1, "'); import os #": "x", "ключ": 3}, {"two words": "1"}]

    check(Odd(), payloads)
    assert "import os" not in t.cast(str, compile_loader(Odd()).source)


def test_inputs_that_are_not_dicts_are_refused_or_read_as_mappings() -> None:
    schema = Schema.from_dict({"a": fields.Int(), "b": fields.Str()})()
    proxy = types.MappingProxyType({"a": 1, "b": "x", "c": 3})

    check(schema, [proxy, [("a", 1)], "a", None, 3, {"a", "b"}])
    check(Schema.from_dict({"a": fields.Int()})(many=True), [[proxy, None], "ab", {"a": 1}, None])


def test_defaults_fill_missing_fields_callables_included() -> None:
    class Defaults(Schema):
        tags = fields.List(fields.Str(), load_default=list)
        size = fields.Int(load_default=3)
        note = fields.Str(load_default=None)
        kind = fields.Constant("pet")
        lazy = fields.Constant(lambda: "called")

    outcomes = check(Defaults(), [{}, {"size": None, "note": None, "kind": None}])

    assert outcomes[0] == check(Defaults(), [{}])[0]


def test_a_failing_callable_default_is_a_field_error() -> None:
    def refuse() -> t.Any:
        raise ValidationError("No default today.")

    check(Schema.from_dict({"a": fields.Int(load_default=refuse)})(), [{}, {"a": 1}])


def test_errors_carry_the_input_and_the_valid_part_of_the_result() -> None:
    class Pet(Schema):
        name = fields.Str()
        age = fields.Int()
        owner = fields.Nested(Schema.from_dict({"name": fields.Str(), "age": fields.Int()}))

    payload = {"name": "Rex", "age": "old", "owner": {"name": "Ann", "age": "x"}}

    with pytest.raises(ValidationError) as info:
        compile_loader(Pet()).function(payload)

    assert info.value.data is payload
    assert info.value.valid_data == {"name": "Rex", "owner": {"name": "Ann"}}
    assert info.value.messages == {
        "age": ["Not a valid integer."],
        "owner": {"age": ["Not a valid integer."]},
    }


def test_a_nested_schema_with_load_hooks_is_loaded_by_marshmallow_inside_a_compiled_one() -> None:
    from marshmallow import post_load

    class Hooked(Schema):
        value = fields.Int()

        @post_load
        def double(self, data: dict[str, t.Any], **kwargs: t.Any) -> dict[str, t.Any]:
            return {"value": data.get("value", 0) * 2}

    class Outer(Schema):
        inner = fields.Nested(Hooked)
        items = fields.List(fields.Nested(Hooked))

    outcomes = check(Outer(), [{"inner": {"value": 2}, "items": [{"value": 1}]}, {"inner": 3}])

    assert outcomes[0] == check(Outer(), [{"inner": {"value": 2}, "items": [{"value": 1}]}])[0]
    assert compile_loader(Outer()).function({"inner": {"value": 2}}) == {"inner": {"value": 4}}


class Formatted(Schema):
    class Meta:
        datetimeformat = "%Y/%m/%d %H:%M"
        dateformat = "timestamp"
        render_module = __import__("json")

    when = fields.DateTime()
    day = fields.Date(format="%d.%m.%Y")
    moments = fields.List(fields.DateTime())


def test_date_formats_from_meta_are_those_the_fields_use() -> None:
    payloads = [
        {"when": "2024/01/02 03:04", "day": "02.01.2024", "moments": ["2024/01/02 03:04"]},
        {"when": "2024-01-02T03:04:00", "moments": ["x"]},
    ]

    assert check(Formatted(), payloads)[0][0] == "returned"
