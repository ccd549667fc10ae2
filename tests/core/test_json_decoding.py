"""Strict decoding: what a request body may not contain is refused with a reason."""

import decimal
import json
import re
import types
import typing as t

import pytest

from restkit.core.json_decoding import JSONDecodeError, decode_strictly, nesting_exceeds


def loads(document: t.Any, **kwargs: t.Any) -> t.Any:
    return decode_strictly(document, 64, **kwargs)


def _nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def _nested_list(depth: int) -> list[t.Any]:
    value: list[t.Any] = [1]
    for _ in range(depth - 1):
        value = [value]
    return value


# -- strict decoding --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            '{"a": [1, 2.5, true, null, "é"]}', {"a": [1, 2.5, True, None, "é"]}, id="str"
        ),
        pytest.param('{"a": "é"}'.encode(), {"a": "é"}, id="bytes"),
        pytest.param(bytearray(b"[1]"), [1], id="bytearray"),
        pytest.param(_nested(64), _nested_list(64), id="max-depth"),
        pytest.param(
            "[" + ", ".join(['"[[[[[[[[["'] * 10) + "]",
            ["[[[[[[[[["] * 10,
            id="brackets-in-strings",
        ),
        pytest.param("1e308", 1e308, id="large-float"),
        pytest.param("1e-400", 0.0, id="underflow"),
        pytest.param("9" * 4300, int("9" * 4300), id="digit-limit"),
        pytest.param('"\\ud800"', "\ud800", id="escaped-surrogate"),
    ],
)
def test_loads_accepts(document: t.Any, expected: t.Any) -> None:
    assert loads(document) == expected


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param('{"name": 1, "name": 2}', "Duplicate key 'name' in JSON object.", id="dup"),
        pytest.param(
            '[{"a": {"k": 1, "x": 0, "k": 2}}]',
            "Duplicate key 'k' in JSON object.",
            id="dup-nested",
        ),
        pytest.param(
            f'{{"{"k" * 50}": 1, "{"k" * 50}": 2}}',
            f"Duplicate key '{'k' * 40}...' in JSON object.",
            id="dup-long-key",
        ),
        pytest.param("[NaN]", "NaN is not valid JSON: numbers must be finite.", id="nan"),
        pytest.param('{"a": Infinity}', "Infinity is not valid JSON", id="infinity"),
        pytest.param("-Infinity", "-Infinity is not valid JSON", id="minus-infinity"),
        pytest.param("[1e400]", "The number 1e400 is too large.", id="float-overflow"),
        pytest.param(_nested(65), "JSON nesting exceeds the maximum depth of 64.", id="array"),
        pytest.param('{"a":' * 65 + "1" + "}" * 65, "maximum depth of 64", id="objects"),
        pytest.param('[{"a":' * 33 + "1" + "}]" * 33, "maximum depth of 64", id="mixed"),
        pytest.param(_nested(100_000), "maximum depth of 64", id="100000-deep"),
        pytest.param(_nested(100_000).encode(), "maximum depth of 64", id="100000-deep-bytes"),
        pytest.param('["\\"[", ' + _nested(65) + "]", "maximum depth", id="escaped-quote"),
        pytest.param('["[", ' + _nested(65) + "]", "maximum depth", id="bracket-in-string"),
        pytest.param("1" * 4301, "more than 4300 digits", id="too-many-digits"),
        pytest.param(b'{"a": "\xff"}', "not valid UTF-8 (bad byte at position 7)", id="utf8"),
        pytest.param("", "Expecting value at line 1, column 1.", id="empty"),
        pytest.param(
            '{"a": 1,\n "b"}', "Expecting ':' delimiter at line 2, column 5.", id="syntax"
        ),
        pytest.param("[1] [2]", "Extra data at line 1, column 5.", id="extra-data"),
        pytest.param('"tab\there"', "Invalid control character", id="control-char"),
        pytest.param("\ufeff[1]", "Expecting value", id="bom"),
        pytest.param("{'a': 1}", "Expecting property name", id="single-quotes"),
    ],
)
def test_loads_refuses(document: t.Any, message: str) -> None:
    with pytest.raises(JSONDecodeError, match=re.escape(message)) as info:
        loads(document)
    assert isinstance(info.value, ValueError)


def _namespace(obj: dict[str, t.Any]) -> types.SimpleNamespace:
    return types.SimpleNamespace(**obj)


def test_loads_options() -> None:
    assert loads('{"price": 1.10}', parse_float=decimal.Decimal) == {
        "price": decimal.Decimal("1.10")
    }
    loaded = loads('{"a": {"b": 1}}', object_hook=_namespace)
    assert loaded.a.b == 1
    with pytest.raises(JSONDecodeError, match="Duplicate key 'b'"):
        loads('{"b": 1, "b": 2}', object_hook=_namespace)
    with pytest.raises(JSONDecodeError, match="NaN is not valid"):
        loads("NaN", parse_int=int)


def test_loads_reports_a_hook_error() -> None:
    def refuse(text: str) -> int:
        raise ValueError("No integers here.")

    with pytest.raises(JSONDecodeError, match=r"^No integers here\.$"):
        loads("[1]", parse_int=refuse)


@pytest.mark.parametrize(
    ("data", "limit", "exceeds"),
    [
        pytest.param("[]", 0, True, id="one-over-zero"),
        pytest.param("1", 0, False, id="scalar"),
        pytest.param("[" * 3, 2, True, id="unclosed"),
        pytest.param("[]" * 100, 1, False, id="wide"),
        pytest.param(b"[]" * 100, 1, False, id="wide-bytes"),
        pytest.param('["[[[", "]]]"]' + "[]" * 5, 1, False, id="strings-with-brackets"),
        pytest.param('["\\"[[[", "\\\\"]' + "[]" * 5, 1, False, id="escapes"),
        pytest.param('"a"' + "[]" * 5 + '"b"', 1, False, id="adjacent-strings"),
        pytest.param('"unterminated [[[[' + "]" * 5, 1, True, id="unterminated"),
        pytest.param("[" + "{}" * 100, 64, False, id="truncated-wide"),
        pytest.param("[" * 65 + "]" * 64, 64, True, id="truncated-deep"),
        pytest.param("][" * 70, 64, False, id="reversed"),
        pytest.param('{"é": [["[", {}]]}', 4, False, id="non-ascii"),
        pytest.param('{"é": [["[", {"a": []}]]}', 4, True, id="non-ascii-deep"),
    ],
)
def test_nesting_exceeds(data: str | bytes, limit: int, exceeds: bool) -> None:
    assert nesting_exceeds(data, limit) is exceeds


def test_decoding_error_is_one_class() -> None:
    assert issubclass(JSONDecodeError, ValueError)
    assert not issubclass(JSONDecodeError, json.JSONDecodeError)
