"""Schema-level dump rules: how values are read, defaults, nesting, recursion and many."""

from __future__ import annotations

import collections
import datetime as dt
import types
import typing as t

import pytest
from marshmallow import Schema, fields, missing

from restkit.rest.compiled import compile_dumper

from .equivalence import assert_same
from .strategies import Lookup


def check(schema: Schema, objects: list[t.Any]) -> list[t.Any]:
    """Assert the compiled dump behaves as marshmallow on each object; return the outcomes."""
    compiled = compile_dumper(schema)
    assert compiled.compiled, compiled.fallback
    return [assert_same(schema.dump, compiled.function, obj) for obj in objects]


class Pet(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str()
    born = fields.Date()
    tags = fields.List(fields.Str())
    secret = fields.Str(load_only=True)


PET = {"id": 1, "name": "Rex", "born": dt.date(2020, 1, 2), "tags": ["a"], "secret": "s"}


@pytest.mark.parametrize(
    "wrap",
    [dict, lambda data: types.SimpleNamespace(**data), Lookup, collections.OrderedDict],
    ids=["dict", "attributes", "getitem", "dict-subclass"],
)
def test_objects_are_read_as_marshmallow_reads_them(wrap: t.Callable[[t.Any], t.Any]) -> None:
    partial = {key: value for key, value in PET.items() if key != "born"}

    check(Pet(), [wrap(PET), wrap(partial), wrap({})])


def test_a_dict_holding_missing_is_read_as_a_missing_value() -> None:
    class Defaults(Schema):
        name = fields.Str(dump_default="anonymous")
        age = fields.Int()

    check(Defaults(), [{"name": missing, "age": 3}, {"name": "x", "age": missing}])


def test_a_dict_without_the_key_falls_back_to_its_attributes_as_marshmallow_does() -> None:
    class Odd(Schema):
        items = fields.Raw()
        keys = fields.Function(lambda obj: sorted(obj))

    obj = {"a": 1}
    outcome = check(Odd(), [obj])[0]

    assert outcome[0] == "returned"


def test_defaults_are_dumped_for_missing_values_callables_included() -> None:
    class Defaults(Schema):
        name = fields.Str(dump_default="anonymous")
        tags = fields.List(fields.Str(), dump_default=lambda: ["new"])
        kind = fields.Constant("pet")
        nothing = fields.Constant(missing)

    check(Defaults(), [{}, types.SimpleNamespace(), {"name": None, "tags": None}])


def test_dotted_attributes_read_inner_objects() -> None:
    class Flat(Schema):
        first = fields.Str(attribute="name.first")
        city = fields.Str(attribute="address.city")

    inner = types.SimpleNamespace(first="Ann")
    check(Flat(), [{"name": {"first": "Ann"}}, {"name": inner, "address": None}, {}])


class Node(Schema):
    name = fields.Str()
    children = fields.List(fields.Nested(lambda: Node()))
    parent = fields.Pluck(lambda: Node(), "name")


def test_a_schema_nested_in_itself_dumps_level_by_level() -> None:
    leaf = {"name": "leaf", "parent": {"name": "root"}}
    root = {"name": "root", "children": [{"name": "mid", "children": [leaf]}, leaf]}

    check(Node(), [root, {"children": None}, types.SimpleNamespace(name="x", children=[])])


@pytest.mark.parametrize("many", [False, True], ids=["one", "many"])
def test_nested_and_plucked_collections_dump_as_marshmallow_does(many: bool) -> None:
    class Owner(Schema):
        id = fields.Int()
        name = fields.Str(data_key="fullName")

    class House(Schema):
        owners = fields.Nested(Owner, many=True, only=("name",))
        owner_ids = fields.Pluck(Owner, "id", many=True, attribute="owners", dump_only=True)
        first = fields.Pluck(Owner, "name", attribute="main", dump_only=True)
        main = fields.Nested(Owner)

    owners = [{"id": 1, "name": "A"}, {"id": 2, "name": "B"}]
    house = {"owners": owners, "main": owners[0]}
    objects = [[house, house], [], None] if many else [house, {"owners": [], "main": None}]

    check(House(many=many), objects)


def test_methods_and_functions_are_called_with_the_object() -> None:
    class Computed(Schema):
        double = fields.Method("twice")
        size = fields.Function(lambda obj: len(obj))

        def twice(self, obj: t.Any) -> t.Any:
            return obj["n"] * 2

    check(Computed(), [{"n": 2}, {"n": "ab"}])


def test_a_nested_schema_with_dump_hooks_is_dumped_by_marshmallow() -> None:
    from marshmallow import post_dump

    class Hooked(Schema):
        value = fields.Int()

        @post_dump
        def wrap(self, data: dict[str, t.Any], **kwargs: t.Any) -> dict[str, t.Any]:
            return {"wrapped": data}

    class Outer(Schema):
        inner = fields.Nested(Hooked)
        many = fields.List(fields.Nested(Hooked))
        plucked = fields.Pluck(Hooked, "value", attribute="inner", dump_only=True)

    check(Outer(), [{"inner": {"value": 1}, "many": [{"value": 2}]}])


def test_values_that_cannot_be_dumped_raise_what_marshmallow_raises() -> None:
    class Typed(Schema):
        count = fields.Int()
        when = fields.DateTime()

    outcomes = check(Typed(), [{"count": "many"}, {"when": dt.date(2024, 1, 1)}, {"count": [1]}])

    assert [outcome[0] for outcome in outcomes] == ["raised", "raised", "raised"]


def test_a_nested_schema_that_cannot_be_found_fails_when_dumping_as_in_marshmallow() -> None:
    class Lost(Schema):
        thing = fields.Nested("NoSuchSchemaToDump")

    outcome = check(Lost(), [{"thing": {}}])[0]

    assert outcome[0] == "raised"


def test_dicts_with_keys_or_values_of_a_field_of_its_own_are_dumped_by_that_field() -> None:
    class Loud(fields.String):
        def _serialize(self, value: t.Any, attr: t.Any, obj: t.Any, **kwargs: t.Any) -> t.Any:
            return f"{value}!"

    class Maps(Schema):
        loud_keys = fields.Dict(keys=Loud())
        loud_values = fields.Dict(keys=fields.Str(), values=Loud())
        plain_keys = fields.Dict(keys=fields.Str())
        loud_items = fields.Tuple((fields.Int(), Loud()))

    obj = {
        "loud_keys": {"a": 1},
        "loud_values": {"b": 2},
        "plain_keys": {"c": 3},
        "loud_items": (1, "x"),
    }

    assert check(Maps(), [obj, {}])[0][0] == "returned"


def test_date_formats_from_meta_are_those_the_fields_use() -> None:
    from .test_schema_loader import Formatted

    moment = dt.datetime(2024, 1, 2, 3, 4)
    obj = {"when": moment, "day": moment.date(), "moments": [moment]}

    assert check(Formatted(), [obj])[0][0] == "returned"
