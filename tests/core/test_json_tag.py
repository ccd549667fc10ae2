import collections
import typing as t
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from markupsafe import Markup

from restkit.core.json_tag import (
    JSONTag,
    PassDict,
    PassList,
    TagBytes,
    TagDateTime,
    TagDict,
    TaggedJSONSerializer,
    TagMarkup,
    TagTuple,
    TagUUID,
)


@pytest.fixture
def serializer() -> TaggedJSONSerializer:
    return TaggedJSONSerializer()


class HTMLish:
    def __html__(self) -> str:
        return "<i>x</i>"


ROUND_TRIPS = [
    pytest.param({" t": "a"}, id="dict-with-a-tag-key"),
    pytest.param({" t__": "a"}, id="dict-with-a-suffixed-key"),
    pytest.param({"a": {" di": {" u": 1}}}, id="nested-tag-keys"),
    pytest.param((), id="empty-tuple"),
    pytest.param((1, (2, [3, (4,)])), id="nested-tuples"),
    pytest.param(b"\x00\x01\xfe\xff", id="bytes"),
    pytest.param(Markup("<b>x</b>"), id="markup"),
    pytest.param(uuid.UUID("12345678-1234-5678-1234-567812345678"), id="uuid"),
    pytest.param(datetime(2024, 2, 29, 13, 5, 9, 7), id="naive-datetime"),
    pytest.param(datetime(2024, 2, 29, 13, 5, 9, tzinfo=UTC), id="utc-datetime"),
    pytest.param(
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-3, minutes=-30))),
        id="offset-datetime",
    ),
    pytest.param([1, "a", None, True, 1.5, {"k": [b"x"]}], id="plain-and-nested"),
    pytest.param({"a": 1, "b": 2}, id="two-key-dict"),
    pytest.param({}, id="empty-dict"),
]


@pytest.mark.parametrize("value", ROUND_TRIPS)
def test_round_trip(serializer: TaggedJSONSerializer, value: t.Any) -> None:
    loaded = serializer.loads(serializer.dumps(value))
    assert loaded == value
    assert type(loaded) is type(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param((1, 2), '{" t":[1,2]}', id="tuple"),
        pytest.param(b"hi", '{" b":"aGk="}', id="bytes"),
        pytest.param(HTMLish(), '{" m":"<i>x</i>"}', id="html"),
        pytest.param(uuid.UUID(int=255), '{" u":"000000000000000000000000000000ff"}', id="uuid"),
        pytest.param(datetime(2024, 1, 2, 3, 4, 5), '{" d":"2024-01-02T03:04:05"}', id="datetime"),
        pytest.param({" t": 1}, '{" di":{" t__":1}}', id="tag-key"),
        pytest.param({"é": [(1,)]}, '{"é":[{" t":[1]}]}', id="compact-utf8"),
        pytest.param(date(2024, 1, 2), '"2024-01-02"', id="date-as-plain-json"),
    ],
)
def test_dumps(serializer: TaggedJSONSerializer, value: t.Any, text: str) -> None:
    assert serializer.dumps(value) == text


def test_anything_with_html_comes_back_as_markup(serializer: TaggedJSONSerializer) -> None:
    loaded = serializer.loads(serializer.dumps(HTMLish()))
    assert type(loaded) is Markup
    assert loaded == "<i>x</i>"


def test_loads_plain_json(serializer: TaggedJSONSerializer) -> None:
    assert serializer.loads(b'{"a": [1, {"b": null}], "c": {" nope": 1}}') == {
        "a": [1, {"b": None}],
        "c": {" nope": 1},
    }


def test_unknown_types_are_refused(serializer: TaggedJSONSerializer) -> None:
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        serializer.dumps({"a": {1}})


def test_default_tags_in_order(serializer: TaggedJSONSerializer) -> None:
    assert [type(tag) for tag in serializer.order] == [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]
    assert sorted(serializer.tags) == [" b", " d", " di", " m", " t", " u"]


class TagOrderedDict(JSONTag):
    """Flask's documentation example: ordered dicts as lists of pairs."""

    __slots__ = ()
    key = " od"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, collections.OrderedDict)

    def to_json(self, value: t.Any) -> t.Any:
        return [[key, self.serializer.tag(item)] for key, item in value.items()]

    def to_python(self, value: t.Any) -> t.Any:
        return collections.OrderedDict(value)


def test_register_at_an_index(serializer: TaggedJSONSerializer) -> None:
    serializer.register(TagOrderedDict, index=0)
    value = collections.OrderedDict([("z", (1,)), ("a", b"x")])

    loaded = serializer.loads(serializer.dumps(value))

    assert type(loaded) is collections.OrderedDict
    assert list(loaded.items()) == [("z", (1,)), ("a", b"x")]
    assert isinstance(serializer.order[0], TagOrderedDict)


def test_register_appends_by_default(serializer: TaggedJSONSerializer) -> None:
    serializer.register(TagOrderedDict)
    # Appended after PassDict, so ordered dicts are written as plain dicts.
    assert serializer.loads(serializer.dumps(collections.OrderedDict(a=1))) == {"a": 1}
    assert isinstance(serializer.order[-1], TagOrderedDict)


def test_register_refuses_a_taken_key_unless_forced(serializer: TaggedJSONSerializer) -> None:
    class TupleAsText(TagTuple):
        __slots__ = ()

        def to_python(self, value: t.Any) -> t.Any:
            return "tuple"

    with pytest.raises(KeyError, match="Tag ' t' is already registered"):
        serializer.register(TupleAsText)

    serializer.register(TupleAsText, force=True, index=0)

    assert serializer.loads(serializer.dumps((1,))) == "tuple"


def test_tag_without_key_only_converts(serializer: TaggedJSONSerializer) -> None:
    class SetsAsLists(JSONTag):
        __slots__ = ()

        def check(self, value: t.Any) -> bool:
            return isinstance(value, set)

        def to_json(self, value: t.Any) -> t.Any:
            return sorted(value)

    serializer.register(SetsAsLists)

    assert serializer.dumps({"ids": {3, 1}}) == '{"ids":[1,3]}'
    assert "" not in serializer.tags
    assert SetsAsLists(serializer).to_python([1, 3]) == [1, 3]


def test_untag(serializer: TaggedJSONSerializer) -> None:
    assert serializer.untag({" t": [1]}) == (1,)
    assert serializer.untag({" x": [1]}) == {" x": [1]}
    assert serializer.untag({" t": [1], "b": 2}) == {" t": [1], "b": 2}


def test_json_tag_is_abstract(serializer: TaggedJSONSerializer) -> None:
    with pytest.raises(TypeError, match="abstract"):
        JSONTag(serializer)  # type: ignore[abstract]


def test_public_module() -> None:
    import restkit.json.tag
    from restkit.core import json_tag

    assert restkit.json.tag.TaggedJSONSerializer is TaggedJSONSerializer
    assert set(restkit.json.tag.__all__) == set(json_tag.__all__)
