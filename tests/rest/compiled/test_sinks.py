"""Messages the compiled code reports are its own copies, in marshmallow's plain shapes."""

from __future__ import annotations

import collections
import typing as t

import pytest
from marshmallow import Schema, ValidationError, fields, missing

from restkit.rest.compiled import compile_loader
from restkit.rest.compiled.sinks import deserialize_into, plain_copy


class Messages(list[str]):
    """Messages in a list of a class of their own."""


def test_plain_copies_are_plain_lists_and_dicts_all_the_way_down() -> None:
    inner = collections.defaultdict(list, {"a": ["x"]})
    messages = [inner, ("kept", "as is"), "text"]

    copied = plain_copy(messages)

    assert copied == messages
    assert type(plain_copy(Messages(["a"]))) is list
    assert type(copied[0]) is dict
    assert copied[0] is not inner
    assert copied[0]["a"] is not inner["a"]
    assert copied[1] is messages[1]


SHARED = ["A message every failure shares."]


def refuse_with_shared_list(value: t.Any) -> None:
    raise ValidationError(SHARED)


class Post(Schema):
    title = fields.Str(validate=refuse_with_shared_list)
    scores = fields.Dict(keys=fields.Str(), values=fields.Int())
    tags = fields.List(fields.Str(validate=refuse_with_shared_list))


def test_reported_messages_never_share_a_container_with_their_source() -> None:
    with pytest.raises(ValidationError) as info:
        compile_loader(Post()).function({"title": "t", "tags": ["a"], "scores": {"k": "v"}})

    messages = info.value.messages
    messages["title"].append("changed")
    messages["tags"][0].append("changed")

    assert SHARED == ["A message every failure shares."]
    assert type(messages["scores"]) is dict
    assert messages["scores"] == {"k": {"value": ["Not a valid integer."]}}


def test_a_field_left_to_marshmallow_reports_as_the_schema_would() -> None:
    errors: dict[t.Any, t.Any] = {}
    field = fields.Int()

    assert deserialize_into(errors, "n", field, "7", {"n": "7"}, {}) == 7
    assert deserialize_into(errors, "n", field, "x", {"n": "x"}, {}) is missing
    assert errors == {"n": ["Not a valid integer."]}
