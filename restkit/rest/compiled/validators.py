"""Run a field's validators in generated code: known ones as inline tests, the others called."""

from __future__ import annotations

import typing as t

from marshmallow import ValidationError, validate

from .sinks import plain_copy

if t.TYPE_CHECKING:
    from marshmallow.fields import Field

    from .sinks import Sink
    from .source import Function

#: Values whose comparisons with one another never raise, nor run user code.
SIMPLE_TYPES = (str, int, float, bool, type(None))
SIMPLE_CONTAINERS = (list, tuple, set, frozenset)
SIZED_TYPES = (str, list, tuple, dict)
NUMBER_TYPES = (int, float)


def and_messages(*errors: ValidationError) -> list[t.Any]:
    """Combine the messages of failed validators as ``validate.And`` does (copied)."""
    messages: list[t.Any] = []
    for error in errors:
        if isinstance(error.messages, dict):
            messages.append(plain_copy(error.messages))
        else:
            messages.extend(plain_copy(error.messages))
    return messages


def validation_errors(validators: tuple[t.Any, ...], value: t.Any) -> list[t.Any] | None:
    """Call each validator on *value* as ``validate.And`` does: the messages, or ``None``.

    As in ``And``, a failure without messages is no failure.
    """
    messages: list[t.Any] = []
    for validator in validators:
        try:
            validator(value)
        except ValidationError as exc:
            messages += and_messages(exc)
    return messages or None


def emit_validated(
    code: Function, field: Field[t.Any], value: str, kind: type | None, sink: Sink
) -> None:
    """Write the code validating *value* (the field's output) and then keeping it.

    Marshmallow runs ``validate.And(*field.validators)`` and reports every failure.
    Here, when every validator the compiler knows passes its inline test, only the
    others are called; when an inline test fails, all of them are called, so the
    messages are the validators' own. Either way each is called once, in order, and
    their failures are combined as ``And`` combines them. An inline test is the
    validator's own comparison, so it passes exactly when the validator would.
    """
    post_load = [code.bind(function, "post_load") for function in field.post_load]
    if not field.validators:
        sink.finish(code, value, post_load)
        return
    tests: list[str] = []
    called: list[t.Any] = []
    for validator in field.validators:
        test = inline_test(code, validator, value, kind)
        if test is None:
            called.append(validator)
        else:
            tests.append(test)
    if not tests:
        _emit_calls(code, called, value, sink, post_load)
        return
    with code.block(f"if {' and '.join(tests)}:"):
        _emit_calls(code, called, value, sink, post_load)
    with code.block("else:"):
        _emit_helper(code, field.validators, value, sink, post_load)


def _emit_calls(
    code: Function, validators: list[t.Any], value: str, sink: Sink, post_load: list[str]
) -> None:
    if not validators:
        sink.finish(code, value, post_load)
        return
    if len(validators) > 2:
        _emit_helper(code, validators, value, sink, post_load)
        return
    combine = code.bind(and_messages, "and_messages")
    for index, validator in enumerate(validators):
        with code.block("try:"):
            code(f"{code.bind(validator, 'validator')}({value})")
        with code.block("except ValidationError as exc:"):
            more = f"{combine}(exc)"
            code(f"failed = {more}" if index == 0 else f"failed = (failed or []) + {more}")
        if index == 0:
            with code.block("else:"):
                code("failed = None")
    with code.block("if failed:"):
        sink.fail(code, "failed")
    with code.block("else:"):
        sink.finish(code, value, post_load)


def _emit_helper(
    code: Function, validators: list[t.Any], value: str, sink: Sink, post_load: list[str]
) -> None:
    """Write a call of :func:`validation_errors` running *validators*, and its outcome."""
    every = code.bind(tuple(validators), "validators")
    code(f"failed = {code.bind(validation_errors, 'validation_errors')}({every}, {value})")
    with code.block("if failed is None:"):
        sink.finish(code, value, post_load)
    with code.block("else:"):
        sink.fail(code, "failed")


def inline_test(code: Function, validator: t.Any, value: str, kind: type | None) -> str | None:
    """Return an expression true exactly when *validator* accepts *value*, or ``None``.

    Each test performs the validator's own operations on the same objects, and is
    only written where it cannot raise: *value* is of the exact type *kind*, and the
    validator's bounds or choices are plain numbers and strings. So tests may run
    before the validators that are called, in any order, without changing anything.
    """
    kind_of = type(validator)
    if kind_of is validate.Length and kind in SIZED_TYPES and _plain_length(validator):
        return _length_test(code, validator, value)
    if kind_of is validate.Range and kind in NUMBER_TYPES and _plain_range(validator):
        return _range_test(code, validator, value)
    if kind_of is validate.Regexp and kind is str and isinstance(validator.regex.pattern, str):
        return f"{code.bind(validator.regex.match, 'match')}({value}) is not None"
    if kind_of is validate.Equal and kind in SIMPLE_TYPES and _is_simple(validator.comparable):
        return f"not {value} != {_constant(code, validator.comparable, 'comparable')}"
    if kind_of is validate.OneOf and _simple_choices(validator.choices, kind):
        return f"{value} in {code.bind(validator.choices, 'choices')}"
    if kind_of is validate.NoneOf and _simple_choices(validator.iterable, kind):
        return f"not {value} in {code.bind(validator.iterable, 'forbidden')}"
    return None


def _plain_length(validator: validate.Length) -> bool:
    return all(_is_int(bound) for bound in (validator.min, validator.max, validator.equal))


def _plain_range(validator: validate.Range) -> bool:
    bounds = (validator.min, validator.max)
    return all(bound is None or type(bound) in NUMBER_TYPES for bound in bounds)


def _is_simple(value: t.Any) -> bool:
    return type(value) in SIMPLE_TYPES


def _length_test(code: Function, validator: validate.Length, value: str) -> str:
    if validator.equal is not None:
        return f"not len({value}) != {_constant(code, validator.equal, 'length')}"
    parts = []
    if validator.min is not None:
        parts.append(f"not len({value}) < {_constant(code, validator.min, 'length')}")
    if validator.max is not None:
        parts.append(f"not len({value}) > {_constant(code, validator.max, 'length')}")
    return " and ".join(parts) or "True"


def _range_test(code: Function, validator: validate.Range, value: str) -> str:
    parts = []
    if validator.min is not None:
        below = "<" if validator.min_inclusive else "<="
        parts.append(f"not {value} {below} {_constant(code, validator.min, 'minimum')}")
    if validator.max is not None:
        above = ">" if validator.max_inclusive else ">="
        parts.append(f"not {value} {above} {_constant(code, validator.max, 'maximum')}")
    return " and ".join(parts) or "True"


def _is_int(value: t.Any) -> bool:
    return value is None or type(value) is int


def _constant(code: Function, value: t.Any, hint: str) -> str:
    """Return source for *value*: a plain integer as itself, anything else bound by name."""
    return repr(value) if type(value) is int else code.bind(value, hint)


def _simple_choices(choices: t.Any, kind: type | None) -> bool:
    """Tell whether ``value in choices`` cannot raise for values of *kind*."""
    return (
        kind in SIMPLE_TYPES
        and type(choices) in SIMPLE_CONTAINERS
        and all(_is_simple(choice) for choice in choices)
    )
