"""Decoding JSON strictly: what a request body may not contain is refused with a reason."""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
import typing as t


class JSONDecodeError(ValueError):
    """A JSON document was refused; the message says why, in words a client can read."""


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
