"""Tagged JSON, the session's format: tuples, bytes, Markup, UUIDs and datetimes come back.

A value JSON cannot represent is written as a one-key object whose key names
its type, ``{" t": [1, 2]}`` for the tuple ``(1, 2)``; reading turns such
objects back into the value. Register a :class:`JSONTag` subclass to add a type.
"""

from __future__ import annotations

import abc
import json
import typing as t
from base64 import b64decode, b64encode
from datetime import datetime
from uuid import UUID

from markupsafe import Markup

from .json_encoding import encode

__all__ = [
    "JSONTag",
    "PassDict",
    "PassList",
    "TagBytes",
    "TagDateTime",
    "TagDict",
    "TagMarkup",
    "TagTuple",
    "TagUUID",
    "TaggedJSONSerializer",
]


class JSONTag(abc.ABC):
    """One type the :class:`TaggedJSONSerializer` knows: how to spot, write and read it.

    :param serializer: the serializer the tag belongs to, for tagging nested values.
    """

    __slots__ = ("serializer",)

    #: The key marking values of this type; an empty key only converts, it never tags.
    key: t.ClassVar[str] = ""

    def __init__(self, serializer: TaggedJSONSerializer) -> None:
        self.serializer = serializer

    @abc.abstractmethod
    def check(self, value: t.Any) -> bool:
        """Tell whether this tag handles *value*."""

    @abc.abstractmethod
    def to_json(self, value: t.Any) -> t.Any:
        """Return the JSON form of *value*, without the tag."""

    def to_python(self, value: t.Any) -> t.Any:
        """Return the value the JSON form *value* stands for; by default *value* itself."""
        return value

    def tag(self, value: t.Any) -> t.Any:
        """Return *value* in JSON form, marked with :attr:`key` if the tag has one."""
        if not self.key:
            return self.to_json(value)
        return {self.key: self.to_json(value)}


class TagDict(JSONTag):
    """A one-key dict whose key is a tag's: its key gets a ``__`` suffix, so it is not untagged."""

    __slots__ = ()
    key = " di"

    def check(self, value: t.Any) -> bool:
        if not isinstance(value, dict) or len(value) != 1:
            return False
        return next(iter(value)) in self.serializer.tags

    def to_json(self, value: t.Any) -> t.Any:
        [(key, item)] = value.items()
        return {f"{key}__": self.serializer.tag(item)}

    def to_python(self, value: t.Any) -> t.Any:
        [(key, item)] = value.items()
        return {key.removesuffix("__"): item}


class PassDict(JSONTag):
    """Any other dict: its values are tagged, the dict itself is not."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, dict)

    def to_json(self, value: t.Any) -> t.Any:
        tag = self.serializer.tag
        return {key: tag(item) for key, item in value.items()}


class TagTuple(JSONTag):
    """A tuple, written as an array."""

    __slots__ = ()
    key = " t"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, tuple)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]

    def to_python(self, value: t.Any) -> t.Any:
        return tuple(value)


class PassList(JSONTag):
    """A list: its items are tagged, the list itself is not."""

    __slots__ = ()

    def check(self, value: t.Any) -> bool:
        return isinstance(value, list)

    def to_json(self, value: t.Any) -> t.Any:
        return [self.serializer.tag(item) for item in value]


class TagBytes(JSONTag):
    """Bytes, written in base64."""

    __slots__ = ()
    key = " b"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, bytes)

    def to_json(self, value: t.Any) -> t.Any:
        return b64encode(value).decode("ascii")

    def to_python(self, value: t.Any) -> t.Any:
        return b64decode(value)


class TagMarkup(JSONTag):
    """Anything with ``__html__``, written as its HTML; read back as :class:`~markupsafe.Markup`."""

    __slots__ = ()
    key = " m"

    def check(self, value: t.Any) -> bool:
        return callable(getattr(value, "__html__", None))

    def to_json(self, value: t.Any) -> t.Any:
        return str(value.__html__())

    def to_python(self, value: t.Any) -> t.Any:
        return Markup(value)


class TagUUID(JSONTag):
    """A UUID, written as its 32 hex digits."""

    __slots__ = ()
    key = " u"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, UUID)

    def to_json(self, value: t.Any) -> t.Any:
        return value.hex

    def to_python(self, value: t.Any) -> t.Any:
        return UUID(value)


class TagDateTime(JSONTag):
    """A datetime, written in ISO 8601: microseconds and the UTC offset (or its absence) survive."""

    __slots__ = ()
    key = " d"

    def check(self, value: t.Any) -> bool:
        return isinstance(value, datetime)

    def to_json(self, value: t.Any) -> t.Any:
        return value.isoformat()

    def to_python(self, value: t.Any) -> t.Any:
        return datetime.fromisoformat(value)


class TaggedJSONSerializer:
    """Writes and reads compact JSON in which :attr:`default_tags` types survive the round trip.

    Dicts need string keys. Values no tag handles are written as the app's
    JSON provider writes them by default (a ``date`` as an ISO string...), so
    they come back as that JSON value.
    """

    __slots__ = ("order", "tags")

    #: The tags every new serializer starts with, in the order they are tried.
    default_tags: t.ClassVar[list[type[JSONTag]]] = [
        TagDict,
        PassDict,
        TagTuple,
        PassList,
        TagBytes,
        TagMarkup,
        TagUUID,
        TagDateTime,
    ]

    def __init__(self) -> None:
        #: Tags by key, for reading.
        self.tags: dict[str, JSONTag] = {}
        #: Tags in the order they are tried, for writing.
        self.order: list[JSONTag] = []
        for tag_class in self.default_tags:
            self.register(tag_class)

    def register(
        self, tag_class: type[JSONTag], force: bool = False, index: int | None = None
    ) -> None:
        """Add a tag, tried last or at position *index* of :attr:`order`.

        :param force: replace a tag registered with the same key.
        :raise KeyError: a tag with this key is registered (and not *force*).
        """
        tag = tag_class(self)
        if tag.key:
            if tag.key in self.tags and not force:
                raise KeyError(
                    f"Tag {tag.key!r} is already registered: pass force=True to replace it."
                )
            self.tags[tag.key] = tag
        if index is None:
            self.order.append(tag)
        else:
            self.order.insert(index, tag)

    def tag(self, value: t.Any) -> t.Any:
        """Return *value* in tagged JSON form, with the first tag that handles it."""
        for tag in self.order:
            if tag.check(value):
                return tag.tag(value)
        return value

    def untag(self, value: dict[str, t.Any]) -> t.Any:
        """Return the value the object *value* stands for, if it is tagged; else *value*."""
        if len(value) != 1:
            return value
        [(key, item)] = value.items()
        tag = self.tags.get(key)
        return value if tag is None else tag.to_python(item)

    def _untag_nested(self, value: t.Any) -> t.Any:
        if isinstance(value, dict):
            return self.untag({key: self._untag_nested(item) for key, item in value.items()})
        if isinstance(value, list):
            return [self._untag_nested(item) for item in value]
        return value

    def dumps(self, value: t.Any) -> str:
        """Return *value* as compact tagged JSON text."""
        return encode(self.tag(value))

    def loads(self, value: str | bytes) -> t.Any:
        """Return the value of the tagged JSON text *value*."""
        return self._untag_nested(json.loads(value))
