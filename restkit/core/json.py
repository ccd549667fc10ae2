"""JSON for the app: compact encoding (orjson when installed) and strict decoding (``app.json``)."""

from __future__ import annotations

import dataclasses
import decimal
import enum
import itertools
import json
import math
import re
import sys
import typing as t
import uuid
from datetime import date, time

from .globals import current_app, has_app_context
from .wrappers import Response

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is the optional "fast" extra
    HAS_ORJSON = False
else:
    HAS_ORJSON = True

if t.TYPE_CHECKING:
    from .app import App
    from .options import AppOptions

__all__ = [
    "DefaultJSONProvider",
    "JSONDecodeError",
    "JSONProvider",
    "dump",
    "dumps",
    "jsonify",
    "load",
    "loads",
]


class JSONDecodeError(ValueError):
    """A JSON document was refused; the message says why, in words a client can read."""


class JSONProvider:
    """How an app reads and writes JSON; subclass it and set ``App.json_provider_class``.

    Subclasses implement :meth:`dumps` and :meth:`loads`; the rest builds on them.

    :param app: the app that owns this provider, or ``None`` outside any app.
    """

    #: The media type of :meth:`response` bodies.
    mimetype = "application/json"

    def __init__(self, app: App | None = None) -> None:
        self._app = app

    def configure(self, options: AppOptions) -> None:
        """Adopt the app's resolved options; the app calls this once, when setup ends."""

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize *obj* to JSON text."""
        raise NotImplementedError

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Parse the JSON document *s*.

        :raise JSONDecodeError: *s* is not an acceptable JSON document.
        """
        raise NotImplementedError

    def dump(self, obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
        """Serialize *obj* as JSON into the text file *fp*."""
        fp.write(self.dumps(obj, **kwargs))

    def load(self, fp: t.IO[t.Any], **kwargs: t.Any) -> t.Any:
        """Parse the JSON document read from the file *fp*."""
        return self.loads(fp.read(), **kwargs)

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Return a JSON response, like Flask's ``jsonify``.

        One positional argument is the body; several make a list; keyword
        arguments make an object. The body is exactly :meth:`dumps` of that value,
        with no trailing newline, and carries ``X-Content-Type-Options: nosniff``.

        :raise TypeError: both positional and keyword arguments were given.
        """
        if args and kwargs:
            raise TypeError("jsonify() takes positional or keyword arguments, not both.")
        body: t.Any = args[0] if len(args) == 1 else list(args) if args else kwargs
        response_class = Response if self._app is None else self._app.response_class
        return response_class(
            self.dumps(body),
            mimetype=self.mimetype,
            headers={"X-Content-Type-Options": "nosniff"},
        )


# -- encoding --------------------------------------------------------------------------------


def to_json_compatible(obj: t.Any) -> t.Any:
    """Return a value the JSON encoders know, standing for *obj*; the encoders' ``default``.

    :raise TypeError: *obj* has a type JSON cannot represent.
    """
    if isinstance(obj, date | time):
        return obj.isoformat()
    if isinstance(obj, uuid.UUID | decimal.Decimal):
        return str(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        # The same mapping as dataclasses.asdict(), without its deep copy.
        return {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    # orjson refuses float and tuple subclasses (namedtuples...) that the stdlib encodes.
    if isinstance(obj, float):
        return float(obj)
    if isinstance(obj, tuple):
        return list(obj)
    if hasattr(obj, "__html__"):
        return str(obj.__html__())
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable.")


_STDLIB_OPTIONS: dict[str, t.Any] = {
    "ensure_ascii": False,
    "separators": (",", ":"),
    "allow_nan": False,
    "default": to_json_compatible,
}
# PERF: json.dumps() builds an encoder per call when given options; these are built once.
_STDLIB_ENCODERS = (
    json.JSONEncoder(**_STDLIB_OPTIONS, sort_keys=False),
    json.JSONEncoder(**_STDLIB_OPTIONS, sort_keys=True),
)


def _non_finite_as_null(value: t.Any, default: t.Callable[[t.Any], t.Any], path: set[int]) -> t.Any:
    """Return a copy of *value* with NaN and infinities replaced by ``None``."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str | int) or value is None:
        return value
    if id(value) in path:
        raise ValueError("Circular reference detected")
    path.add(id(value))
    copy: t.Any
    if isinstance(value, dict):
        copy = {key: _non_finite_as_null(item, default, path) for key, item in value.items()}
    elif isinstance(value, list | tuple):
        copy = [_non_finite_as_null(item, default, path) for item in value]
    else:
        copy = _non_finite_as_null(default(value), default, path)
    path.discard(id(value))
    return copy


def _encode_with(encoder: json.JSONEncoder, obj: t.Any) -> str:
    try:
        return encoder.encode(obj)
    except ValueError:
        # allow_nan=False stopped at NaN or an infinity (or a cycle, which the copy
        # reports the same way): write non-finite floats as null, as orjson does.
        return encoder.encode(_non_finite_as_null(obj, encoder.default, set()))


def encode_with_stdlib(obj: t.Any, sort_keys: bool = False) -> str:
    """Encode *obj* with the stdlib ``json`` module: compact, UTF-8, NaN as ``null``."""
    return _encode_with(_STDLIB_ENCODERS[sort_keys], obj)


# orjson writes floats below 1e-4 unlike repr(): 0.0000123 and 1.23e-7 for 1.23e-05 and
# 1.23e-07. PERF: both patterns start with a literal, so the regex engine skims the text.
_ORJSON_SMALL_EXPONENT = re.compile(rb"e-\d(?:[,\]}]|\Z)")
_ORJSON_SMALL_DECIMAL = re.compile(rb"0\.0000[1-9]")


def encode_with_orjson(obj: t.Any, sort_keys: bool = False) -> str:
    """Encode *obj* with orjson, giving exactly the text :func:`encode_with_stdlib` gives."""
    # orjson would write offsets with seconds as +05:30 and dataclasses unsorted: both go
    # through to_json_compatible instead.
    option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    if sort_keys:
        option |= orjson.OPT_SORT_KEYS
    try:
        data = orjson.dumps(obj, default=to_json_compatible, option=option)
    except orjson.JSONEncodeError:
        # orjson refuses ints past 64 bits, non-str keys, deep nesting, lone surrogates...:
        # the stdlib path encodes those, or raises the error the caller should see.
        return encode_with_stdlib(obj, sort_keys)
    if _ORJSON_SMALL_EXPONENT.search(data) or _ORJSON_SMALL_DECIMAL.search(data):
        # A small float, or text that looks like one: let the stdlib write the document.
        return encode_with_stdlib(obj, sort_keys)
    return data.decode()


#: The encoder providers use by default: orjson when it is installed, else the stdlib.
encode = encode_with_orjson if HAS_ORJSON else encode_with_stdlib


# -- decoding --------------------------------------------------------------------------------


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[:limit]}..."


def _unique_keys_object(pairs: list[tuple[str, t.Any]]) -> dict[str, t.Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:  # pragma: no branch - a repeated key is always found
            if key in seen:
                raise JSONDecodeError(f"Duplicate key {_shorten(key)!r} in JSON object.")
            seen.add(key)
    return obj


def _refuse_constant(name: str) -> t.NoReturn:
    raise JSONDecodeError(f"{name} is not valid JSON: numbers must be finite.")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise JSONDecodeError(f"The number {_shorten(text)} is too large.")
    return value


_STRICT_HOOKS: dict[str, t.Any] = {
    "object_pairs_hook": _unique_keys_object,
    "parse_constant": _refuse_constant,
    "parse_float": _finite_float,
}
_STRICT_DECODER = json.JSONDecoder(**_STRICT_HOOKS)

_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')
_KEEP_QUOTES_AND_BRACKETS = bytes(set(range(256)) - set(b'"[]{}'))
_KEEP_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_BRACKETS_AS_SQUARE = bytes.maketrans(b"{}", b"[]")
# An opening bracket becomes 2 and a closing one 0, so depth = running sum - count.
_DEPTH_STEPS = bytes.maketrans(b"[]", b"\x02\x00")


def nesting_exceeds(data: str | bytes, limit: int) -> bool:
    """Tell whether the JSON text *data* nests arrays and objects deeper than *limit*.

    It scans the text without parsing it, so a document nested 100,000 deep is
    refused before the recursive parser could overflow the stack.
    """
    if isinstance(data, str):
        # PERF: nesting never exceeds the count of opening brackets; most bodies stop here.
        if data.count("[") + data.count("{") <= limit:
            return False
        data = data.encode("utf-8", "surrogatepass")
    # PERF: every step below runs in C. Objects count as arrays: [ and ] are kept.
    structure = data.translate(_BRACKETS_AS_SQUARE, _KEEP_QUOTES_AND_BRACKETS)
    if structure.count(b"[") <= limit:
        return False
    brackets = b'"'
    if b"\\" not in data or b'\\"' not in data:
        # Every quote delimits a string: dropping adjacent quote pairs removes the strings
        # that hold no bracket (joining neighbours across bracket-free gaps).
        brackets = structure.replace(b'""', b"")
    if b'"' in brackets:
        brackets = _JSON_STRING.sub(b"", data).translate(_BRACKETS_AS_SQUARE, _KEEP_BRACKETS)
    remaining = brackets
    for _ in range(limit):  # each round removes the innermost level
        shorter = remaining.replace(b"[]", b"")
        if len(shorter) == len(remaining):
            break
        remaining = shorter
    if not remaining:
        return False
    if b"[]" in remaining:
        return True
    # Unmatched brackets (a malformed document): measure the running depth instead.
    sums = itertools.accumulate(brackets.translate(_DEPTH_STEPS))
    return max(total - count for count, total in enumerate(sums, 1)) > limit


def _strict_decoder(kwargs: dict[str, t.Any]) -> json.JSONDecoder:
    """Return a decoder with the strict hooks, overridden by *kwargs* (``json.loads`` options)."""
    object_hook = kwargs.pop("object_hook", None)
    hooks = dict(_STRICT_HOOKS)
    if object_hook is not None:
        hooks["object_pairs_hook"] = lambda pairs: object_hook(_unique_keys_object(pairs))
    return json.JSONDecoder(**{**hooks, **kwargs})


def decode_strictly(s: str | bytes, max_depth: int, **kwargs: t.Any) -> t.Any:
    """Parse the JSON document *s*, refusing anything a request body should not contain.

    Refused: invalid JSON, bytes that are not UTF-8, duplicate object keys, ``NaN``
    and ``Infinity``, numbers too large for a float, integers longer than
    :func:`sys.get_int_max_str_digits`, and nesting deeper than *max_depth*.

    :param kwargs: ``json.loads`` options (``parse_float=Decimal``...); an
        ``object_hook`` runs after the duplicate-key check.
    :raise JSONDecodeError: the document was refused.
    """
    if isinstance(s, str):
        text = s
    else:
        try:
            text = s.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONDecodeError(
                f"The JSON document is not valid UTF-8 (bad byte at position {exc.start})."
            ) from exc
    if nesting_exceeds(s, max_depth):
        raise JSONDecodeError(f"JSON nesting exceeds the maximum depth of {max_depth}.")
    decoder = _strict_decoder(kwargs) if kwargs else _STRICT_DECODER
    try:
        return decoder.decode(text)
    except JSONDecodeError:
        raise
    except json.JSONDecodeError as exc:
        raise JSONDecodeError(f"{exc.msg} at line {exc.lineno}, column {exc.colno}.") from exc
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise JSONDecodeError(str(exc)) from exc
        raise JSONDecodeError(
            f"An integer in the JSON document has more than {sys.get_int_max_str_digits()} digits."
        ) from exc


# -- the default provider and module functions ------------------------------------------------


class DefaultJSONProvider(JSONProvider):
    """Compact, UTF-8 JSON out (through orjson when installed); strict JSON in.

    Besides JSON's own types it writes dates and times (ISO 8601), UUIDs and
    decimals (as strings), dataclasses, enums (their value) and objects with
    ``__html__``; NaN and infinities become ``null``. See ``docs/json.md``.
    """

    #: Sort object keys in the output.
    sort_keys: bool = False
    #: The deepest nesting of arrays and objects :meth:`loads` accepts.
    max_depth: int = 64

    def configure(self, options: AppOptions) -> None:
        """Take ``max_depth`` from ``MAX_JSON_DEPTH``; a true ``JSON_SORT_KEYS`` sorts keys."""
        self.max_depth = options.max_json_depth
        if self._app is not None and self._app.config.get("JSON_SORT_KEYS"):
            self.sort_keys = True

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize *obj* to compact JSON text.

        :param kwargs: ``json.dumps`` options (``indent=2``...); with any, the
            stdlib encoder is used, and ``indent`` brings back a space after colons.
        """
        if not kwargs:
            return encode(obj, self.sort_keys)
        options = {**_STDLIB_OPTIONS, "sort_keys": self.sort_keys, **kwargs}
        if kwargs.get("indent") is not None and "separators" not in kwargs:
            options["separators"] = (",", ": ")
        return _encode_with(json.JSONEncoder(**options), obj)

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Parse *s* strictly (see :func:`decode_strictly`), up to ``max_depth`` deep.

        :raise JSONDecodeError: *s* is not an acceptable JSON document.
        """
        return decode_strictly(s, self.max_depth, **kwargs)


_default_provider = DefaultJSONProvider()


def _provider() -> JSONProvider:
    return current_app.json if has_app_context() else _default_provider


def dumps(obj: t.Any, **kwargs: t.Any) -> str:
    """Serialize *obj* with the current app's JSON provider (a default one outside apps)."""
    return _provider().dumps(obj, **kwargs)


def loads(s: str | bytes, **kwargs: t.Any) -> t.Any:
    """Parse *s* with the current app's JSON provider (a default one outside apps).

    :raise JSONDecodeError: *s* is not an acceptable JSON document.
    """
    return _provider().loads(s, **kwargs)


def dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    """Serialize *obj* as JSON into the text file *fp*, like :func:`dumps`."""
    _provider().dump(obj, fp, **kwargs)


def load(fp: t.IO[t.Any], **kwargs: t.Any) -> t.Any:
    """Parse the JSON document read from *fp*, like :func:`loads`."""
    return _provider().load(fp, **kwargs)


def jsonify(*args: t.Any, **kwargs: t.Any) -> Response:
    """Return a JSON response for the arguments (see :meth:`JSONProvider.response`)."""
    return _provider().response(*args, **kwargs)
