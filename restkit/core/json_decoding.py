"""Decoding JSON strictly: what a request body may not contain is refused with a reason."""

from __future__ import annotations

import itertools
import json
import math
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

# Everything but quotes and brackets is deleted; objects count as arrays.
_DELETE_ALL_BUT_STRUCTURE = bytes(set(range(256)) - set(b'"[]{}'))
_OBJECTS_AS_ARRAYS = bytes.maketrans(b"{}", b"[]")
# An opening bracket becomes +1 and a closing one -1, read as signed bytes.
_DEPTH_STEPS = bytes.maketrans(b"[]", b"\x01\xff")


def nesting_exceeds(data: str | bytes, limit: int) -> bool:
    """Tell whether the JSON text *data* nests arrays and objects deeper than *limit*.

    The answer is exact for a valid document; invalid text may be found deeper
    than it is (the parser refuses it anyway). Each step is a pass over the text
    in C, so the check is linear in the input whatever its shape, and a deep
    document is refused before the parser builds any of it.
    """
    if isinstance(data, str):
        # PERF: nesting never exceeds the count of opening brackets; most bodies stop here.
        if data.count("[") + data.count("{") <= limit:
            return False
        data = data.encode("utf-8", "surrogatepass")
    structure = data.translate(_OBJECTS_AS_ARRAYS, _DELETE_ALL_BUT_STRUCTURE)
    if structure.count(b"[") <= limit:  # PERF: as above, for bytes
        return False
    if b"\\" in data:
        # In a string a backslash starts a two-character escape: dropping escaped
        # backslashes first, then escaped quotes, leaves only the quotes that delimit.
        unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
        structure = unescaped.translate(_OBJECTS_AS_ARRAYS, _DELETE_ALL_BUT_STRUCTURE)
    brackets = outside_strings(structure)
    if brackets.count(b"[") <= limit:
        return False
    if b"[" * (limit + 1) in brackets:  # PERF: the usual shape of a deep document
        return True
    # PERF: a pass drops the innermost level of balanced brackets (and never more than
    # one level of any); passes go on while they shrink the text by a third, so all
    # cost at most three passes, and usually leave little to measure step by step.
    levels = 0
    while brackets:
        shorter = brackets.replace(b"[]", b"")
        if 3 * len(shorter) > 2 * len(brackets):
            break
        brackets, levels = shorter, levels + 1
    if levels + brackets.count(b"[") <= limit:
        return False
    steps = memoryview(brackets.translate(_DEPTH_STEPS)).cast("b")
    return levels + max(itertools.accumulate(steps, initial=0)) > limit


def outside_strings(structure: bytes) -> bytes:
    """Return the brackets of *structure* (quotes and brackets, escapes gone) outside strings."""
    # Two adjacent quotes hold no bracket between them: dropping them leaves every
    # other bracket on the same side of the string boundaries (cheap, and usually all).
    structure = structure.replace(b'""', b"")
    if b'"' in structure:
        structure = b"".join(structure.split(b'"')[::2])  # the pieces outside strings
    return structure


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
    if text.startswith("\ufeff"):  # RFC 8259 §8.1: a sender must not add one
        raise JSONDecodeError("The JSON document starts with a byte order mark: send it without.")
    if nesting_exceeds(s, max_depth):
        raise JSONDecodeError(f"JSON nesting exceeds the maximum depth of {max_depth}.")
    decoder = _strict_decoder(kwargs) if kwargs else _STRICT_DECODER
    try:
        return decoder.decode(text)
    except JSONDecodeError:
        raise
    except RecursionError as exc:  # a max_depth past what Python's recursion limit allows
        raise JSONDecodeError("JSON nesting is deeper than the parser can follow.") from exc
    except json.JSONDecodeError as exc:
        # Some of Python's messages end in "at" ("Unterminated string starting at"): one is enough.
        message = exc.msg.removesuffix(" at")
        raise JSONDecodeError(f"{message} at line {exc.lineno}, column {exc.colno}.") from exc
    except ValueError as exc:
        if "integer string conversion" not in str(exc):
            raise JSONDecodeError(str(exc)) from exc
        raise JSONDecodeError(
            f"An integer in the JSON document has more than {sys.get_int_max_str_digits()} digits."
        ) from exc
