"""Inline validator tests pass exactly when the validators do; failures combine as And's."""

from __future__ import annotations

import re
import typing as t

from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError, validate

from restkit.rest.compiled.source import Module
from restkit.rest.compiled.validators import and_messages, inline_test, validation_errors

PROPERTY = settings(max_examples=300, deadline=None, database=None)
bounds = st.none() | st.integers(-3, 8)
numbers = st.integers(-(2**65), 2**65) | st.floats(allow_nan=True) | st.integers(-3, 8)
simple = st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["a", "b", "", "ab"])
sized = st.text(max_size=9) | st.lists(st.integers(), max_size=9) | st.tuples(st.integers())


@st.composite
def lengths(draw: st.DrawFn) -> validate.Length:
    if draw(st.booleans()):
        return validate.Length(equal=draw(st.integers(0, 6)))
    return validate.Length(min=draw(bounds), max=draw(bounds))


validators = st.one_of(
    lengths(),
    st.builds(
        validate.Range,
        min=st.none() | numbers,
        max=st.none() | numbers,
        min_inclusive=st.booleans(),
        max_inclusive=st.booleans(),
    ),
    st.builds(validate.OneOf, st.lists(simple, max_size=4)),
    st.builds(validate.NoneOf, st.lists(simple, max_size=4).map(tuple)),
    st.builds(validate.Equal, simple),
    st.builds(validate.Regexp, st.sampled_from([r"a+\Z", r"[a-c]", r"\d{2}"])),
)


def accepts(validator: t.Any, value: t.Any) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def written_test(validator: t.Any, kind: type) -> t.Callable[[t.Any], bool] | None:
    """Compile the inline test the compiler writes for *validator* on values of *kind*."""
    module = Module("test", {})
    code = module.function("check", "v", "The inline test.")
    test = inline_test(code, validator, "v", kind)
    if test is None:
        return None
    code(f"return {test}")
    return t.cast(t.Callable[[t.Any], bool], module.build()[code.name])


@PROPERTY
@given(validator=validators, value=sized | numbers | simple)
def test_an_inline_test_passes_exactly_when_its_validator_does(
    validator: t.Any, value: t.Any
) -> None:
    test = written_test(validator, type(value))

    if test is not None:
        assert test(value) is accepts(validator, value)


def test_only_validators_whose_test_cannot_raise_are_written_inline() -> None:
    assert written_test(validate.Length(max=3), str) is not None
    assert written_test(validate.Length(max=3), int) is None
    assert written_test(validate.Length(max=3.5), str) is None
    assert written_test(validate.Range(min=1), int) is not None
    assert written_test(validate.Range(min="a"), int) is None
    assert written_test(validate.OneOf([[1]]), int) is None
    assert written_test(validate.OneOf(iter([1])), int) is None
    assert written_test(validate.Regexp(re.compile(b"a")), str) is None
    assert written_test(validate.Email(), str) is None
    assert written_test(validate.ContainsOnly(["a"]), str) is None


def fails_with(messages: t.Any) -> t.Callable[[t.Any], None]:
    def validator(value: t.Any) -> None:
        raise ValidationError(messages)

    return validator


def passes(value: t.Any) -> None:
    """A validator that accepts everything."""


raised = st.one_of(
    st.text(max_size=3),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.sampled_from(["a", "b"]), st.lists(st.text(max_size=2)), max_size=2),
)


@PROPERTY
@given(st.lists(raised.map(fails_with) | st.just(passes), max_size=4))
def test_failures_combine_as_and_combines_them(checks: list[t.Callable[[t.Any], None]]) -> None:
    try:
        validate.And(*checks)(None)
    except ValidationError as exc:
        expected = exc.messages
    else:
        expected = None

    assert validation_errors(tuple(checks), None) == expected


def test_combined_messages_are_copies() -> None:
    shared = {"field": ["message"]}
    error = ValidationError(shared)

    combined = and_messages(error)

    assert combined == [shared]
    assert combined[0] is not shared
    assert combined[0]["field"] is not shared["field"]
