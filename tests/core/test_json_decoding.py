"""Strict decoding: what a request body may not contain is refused with a reason."""

import decimal
import json
import re
import types
import typing as t

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.json_refusal import REFERENCE, SHAPES, measure
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
        pytest.param(
            '"tab\there"', "Invalid control character at line 1, column 5.", id="control-char"
        ),
        pytest.param(
            '["abc', "Unterminated string starting at line 1, column 2.", id="unterminated"
        ),
        pytest.param("\ufeff[1]", "starts with a byte order mark: send it without.", id="bom"),
        pytest.param(b"\xef\xbb\xbf[1]", "starts with a byte order mark", id="bom-bytes"),
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
        pytest.param('"unterminated [[[[' + "]" * 5, 1, False, id="unterminated"),
        pytest.param('"\\\\"' + "[]" * 70 + '"\\\\\\""', 1, False, id="escaped-backslashes"),
        pytest.param('["' + '\\"' * 70 + '", [[]]]', 2, True, id="escaped-quotes"),
        pytest.param("[[]]" * 70, 2, False, id="wide-pairs"),
        pytest.param("[" + "[[]]" * 70 + "]", 2, True, id="wide-pairs-deeper"),
        pytest.param("[]" * 70 + "[[[", 2, True, id="unclosed-after-pairs"),
        pytest.param(
            "[" + "[]" * 50 + "[" + "[]" * 50 + "[" + "[]" * 50 + "]]]", 3, True, id="zigzag"
        ),
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


def test_loads_refuses_nesting_past_the_recursion_limit() -> None:
    with pytest.raises(JSONDecodeError, match="deeper than the parser can follow"):
        decode_strictly(_nested(50_000), 100_000)


# -- against a plain reference ----------------------------------------------------------------

REFUSED = object()


def reference_depth(text: str) -> int:
    """Return how deep the JSON *text* nests, reading it one character at a time."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif in_string:
            escaped = char == "\\"
            in_string = char != '"'
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _reference_object(pairs: list[tuple[str, t.Any]]) -> dict[str, t.Any]:
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("duplicate key")
    return dict(pairs)


def reference_decode(text: str, limit: int) -> t.Any:
    """Decode *text* with the standard library, or return :data:`REFUSED`."""
    try:
        value = json.loads(text, object_pairs_hook=_reference_object)
    except (ValueError, RecursionError):
        return REFUSED
    return REFUSED if reference_depth(text) > limit else value


ADVERSARIAL_TEXT = '[]{}"\\/ ,:aé\n'
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(ADVERSARIAL_TEXT, max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=30,
)


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    """A valid JSON text: any value, written compactly or not, wrapped in more arrays."""
    text = json.dumps(
        draw(json_values),
        ensure_ascii=draw(st.booleans()),
        separators=draw(st.sampled_from([(",", ":"), (", ", ": ")])),
    )
    wrap = draw(st.integers(0, 3) | st.integers(60, 70))
    # Each level opens either with a bracket run or beside an empty array ([[],[[],...]]).
    opening = draw(st.sampled_from(["[", "[[],", '[{},"[",']))
    return opening * wrap + text + "]" * wrap


#: Pieces of hostile text; each is repeated a few times or in a long run.
PIECES = [
    "[",
    "]",
    "{",
    "}",
    '"',
    "\\",
    '\\"',
    "\\\\",
    ",",
    ":",
    "1",
    " ",
    "é",
    '"a"',
    '"["',
    '"\\""',
    "[1]",
    '{"a":1}',
    "[[]]",
    '"\\\\"',
]
hostile_texts = st.lists(
    st.tuples(st.sampled_from(PIECES), st.integers(1, 3) | st.integers(60, 200)), max_size=10
).map(lambda runs: "".join(piece * count for piece, count in runs))
limits = st.sampled_from([0, 1, 2, 3, 5, 8, 64])
CHECKS = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@CHECKS
@given(json_documents(), limits)
def test_nesting_exceeds_reads_valid_json_as_a_character_reader_does(text: str, limit: int) -> None:
    expected = reference_depth(text) > limit

    assert nesting_exceeds(text, limit) is expected
    assert nesting_exceeds(text.encode(), limit) is expected


@CHECKS
@given(json_documents() | hostile_texts, limits)
def test_loads_refuses_what_the_reference_refuses(text: str, limit: int) -> None:
    expected = reference_decode(text, limit)

    for document in (text, text.encode()):
        try:
            value = decode_strictly(document, limit)
        except JSONDecodeError:
            assert expected is REFUSED
        else:
            assert value == expected


# -- the cost of refusing ---------------------------------------------------------------------

FOUR_MB = 4 * 1024 * 1024


@pytest.mark.parametrize("shape", [shape for shape in SHAPES if shape.startswith("refused")])
def test_refusing_a_hostile_body_costs_no_more_than_parsing_a_valid_one(shape: str) -> None:
    """CPU times of both, in one run; a child process stops a runaway refusal after 60 s."""
    parsing = measure(None, REFERENCE, FOUR_MB, repeats=3, timeout=60)
    refusing = measure(None, shape, FOUR_MB, repeats=3, timeout=60)

    assert parsing is not None
    assert refusing is not None, f"refusing {shape!r} took more than 60 s"
    assert refusing < 2 * parsing
    with pytest.raises(JSONDecodeError):
        decode_strictly(SHAPES[shape](FOUR_MB), 64)
