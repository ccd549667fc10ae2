"""Encoding JSON: compact UTF-8 text, through orjson when installed, identical either way."""

from __future__ import annotations

import dataclasses
import decimal
import enum
import json
import math
import re
import typing as t
import uuid
from datetime import date, time

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is the optional "fast" extra
    HAS_ORJSON = False
else:
    HAS_ORJSON = True


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


def encode_with(encoder: json.JSONEncoder, obj: t.Any) -> str:
    try:
        return encoder.encode(obj)
    except ValueError:
        # allow_nan=False stopped at NaN or an infinity (or a cycle, which the copy
        # reports the same way): write non-finite floats as null, as orjson does.
        return encoder.encode(_non_finite_as_null(obj, encoder.default, set()))


def encode_with_stdlib(obj: t.Any, sort_keys: bool = False) -> str:
    """Encode *obj* with the stdlib ``json`` module: compact, UTF-8, NaN as ``null``."""
    return encode_with(_STDLIB_ENCODERS[sort_keys], obj)


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
