"""Reading Idempotency-Key: one sf-string, checked against a reference parser (http-sfv)."""

import http_sfv
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from restkit.rest.idempotency_key import MAX_KEY_LENGTH, parse_key


def reference(field):
    """What RFC 9651 makes of *field* as an Item, by http-sfv: (value, has parameters) or None."""
    item = http_sfv.Item()
    try:
        item.parse(field.encode("latin-1"))
    except ValueError:
        return None
    if type(item.value) is not str:
        return None
    return item.value, bool(item.params)


def ours(field):
    try:
        return parse_key(field)
    except ValueError:
        return None


@pytest.mark.parametrize(
    ("field", "key"),
    [
        pytest.param(
            '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
            "8e03978e-40d5-43e8-bc93-6894a57f9324",
            id="uuid",
        ),
        pytest.param('  "a b"  ', "a b", id="surrounding-spaces"),
        pytest.param(r'"say \"hi\" \\o/"', 'say "hi" \\o/', id="escapes"),
        pytest.param('"' + "k" * MAX_KEY_LENGTH + '"', "k" * MAX_KEY_LENGTH, id="longest"),
    ],
)
def test_a_string_is_read(field, key):
    assert parse_key(field) == key


@pytest.mark.parametrize(
    ("field", "message"),
    [
        pytest.param("8e03978e", "double quotes", id="bare-token"),
        pytest.param('"unterminated', "closing double quote is missing", id="unterminated"),
        pytest.param(r'"\n"', "may be escaped", id="bad-escape"),
        pytest.param('"tab\there"', "printable ASCII", id="control-character"),
        pytest.param('"café"', "printable ASCII", id="non-ascii"),
        pytest.param('"a";v=1', "without parameters", id="parameters"),
        pytest.param('"a", "b"', "send one key", id="two-keys"),
        pytest.param('""', "the key is empty", id="empty"),
        pytest.param('"' + "k" * (MAX_KEY_LENGTH + 1) + '"', "longer than 255", id="too-long"),
        pytest.param("", "double quotes", id="blank"),
    ],
)
def test_anything_else_is_refused_with_the_reason(field, message):
    with pytest.raises(ValueError, match=message):
        parse_key(field)


FRAGMENTS = st.sampled_from(['"', "\\", " ", ";", "=", ",", "a", "1", "?1", "\t", "é", "\x7f", ":"])


@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=5)), max_size=12).map("".join))
@example('"a";k=1')
@example('"a" ')
@example(' "a"\t')
@example(r'"\"')
def test_the_parser_agrees_with_the_reference(field):
    expected = reference(field) if all(ord(c) < 256 for c in field) else None
    got = ours(field)
    # Refused here besides what the reference refuses: parameters, empty and long keys.
    accepted = expected is not None and not expected[1] and 0 < len(expected[0]) <= MAX_KEY_LENGTH
    assert got == (expected[0] if accepted else None)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=300))
def test_any_printable_key_survives_quoting(key):
    field = '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'

    assert ours(field) == (key if 0 < len(key) <= MAX_KEY_LENGTH else None)
    assert reference(field) == (key, False)


def test_a_long_run_of_one_character_is_read_in_one_pass():
    field = '"' + "\\\\" * 100_000 + '"'

    with pytest.raises(ValueError, match="longer than 255"):
        parse_key(field)
