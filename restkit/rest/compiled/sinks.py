"""Where generated load code puts a field's value or its errors: a schema's result, or a return."""

from __future__ import annotations

import abc
import typing as t

from marshmallow import ValidationError, missing

from .analysis import NOT_PASSED

if t.TYPE_CHECKING:
    from marshmallow.fields import Field

    from .source import Function


def plain_copy(messages: t.Any) -> t.Any:
    """Copy error messages into plain lists and dicts, as marshmallow's error store does.

    Generated code builds its own messages fresh; messages it receives from code it
    does not own (a field's ``deserialize``, a validator, a ``post_load``) go
    through here, so no result shares a container with them.
    """
    if type(messages) is list:
        return [item if type(item) is str else plain_copy(item) for item in messages]
    if isinstance(messages, list):
        return [plain_copy(item) for item in messages]
    if isinstance(messages, dict):
        return {key: plain_copy(item) for key, item in messages.items()}
    return messages


#: The keyword arguments of a field's ``deserialize`` when the schema passes no ``partial``.
NO_OPTIONS: dict[str, t.Any] = {}


def deserialize_into(
    errors: dict[t.Any, t.Any],
    key: t.Any,
    field: Field[t.Any],
    value: t.Any,
    data: t.Any,
    options: dict[str, t.Any],
) -> t.Any:
    """Load *value* with the field's own ``deserialize``, as ``Schema._deserialize`` does.

    Return the value, or the valid part of a failed one (``missing`` when there is
    none), the messages noted in *errors* under *key*.
    """
    try:
        return field.deserialize(value, key, data, **options)
    except ValidationError as exc:
        errors[key] = plain_copy(exc.messages)
        return exc.valid_data or missing


class Sink(abc.ABC):
    """Writes the code that ends one field's load: with a value, with errors, or by the field."""

    def __init__(self, field: str, partial: t.Any, partial_source: str | None) -> None:
        #: The name the field object is bound to.
        self.field = field
        #: The ``partial`` marshmallow passes the field (``NOT_PASSED`` when none).
        self.partial = partial
        #: The name that ``partial`` is bound to, when one is passed.
        self.partial_source = partial_source

    @abc.abstractmethod
    def store(self, code: Function, value: str) -> None:
        """Write the code keeping *value* (an expression without side effects)."""

    @abc.abstractmethod
    def fail(self, code: Function, messages: str, valid: str | None = None) -> None:
        """Write the code reporting *messages*, with the value that was valid so far, if any.

        *messages* must be a fresh container of our own (see :func:`plain_copy`).
        """

    @abc.abstractmethod
    def finish(self, code: Function, value: str, post_load: list[str]) -> None:
        """Write the code running the field's ``post_load`` functions on *value*, then keep it."""

    @abc.abstractmethod
    def delegate(self, code: Function, value: str) -> None:
        """Write the code handing *value* to the field's own public ``deserialize``."""


class KeySink(Sink):
    """Inside a schema's item function: the value goes to ``out``, errors to ``errors[key]``.

    This is what marshmallow's ``Schema._deserialize`` does with a field's outcome:
    store the messages under the data key, and keep the valid part of a failed
    nested value (``valid_data``) when it is truthy.
    """

    def __init__(
        self, field: str, partial: t.Any, partial_source: str | None, *, key: str, attribute: str
    ) -> None:
        super().__init__(field, partial, partial_source)
        self.key = key
        self.attribute = attribute

    def store(self, code: Function, value: str) -> None:
        code(f"out[{self.attribute}] = {value}")

    def fail(self, code: Function, messages: str, valid: str | None = None) -> None:
        code(f"errors[{self.key}] = {messages}")
        if valid is not None:
            with code.block(f"if {valid}:"):
                self.store(code, valid)

    def finish(self, code: Function, value: str, post_load: list[str]) -> None:
        if not post_load:
            self.store(code, value)
            return
        with code.block("try:"):
            for function in post_load:
                code(f"{value} = {function}({value})")
        with code.block("except ValidationError as exc:"):
            self.fail(code, "plain_copy(exc.messages)", "exc.valid_data")
        with code.block("else:"):
            self.store(code, value)

    def delegate(self, code: Function, value: str) -> None:
        passed = NO_OPTIONS if self.partial is NOT_PASSED else {"partial": self.partial}
        options = code.bind(passed, "options")
        code(f"x = deserialize_into(errors, {self.key}, {self.field}, {value}, data, {options})")
        with code.block("if x is not MISSING:"):
            self.store(code, "x")


class DottedKeySink(KeySink):
    """A :class:`KeySink` whose attribute is a dotted path, set with marshmallow's ``set_value``."""

    def store(self, code: Function, value: str) -> None:
        code(f"set_value(out, {self.attribute}, {value})")


class ReturnSink(Sink):
    """Inside a value function (a list item, a dict value): return the value or raise.

    The exceptions are those the field's ``deserialize`` raises, so the container
    sees the same ``messages`` and ``valid_data``.
    """

    def store(self, code: Function, value: str) -> None:
        code(f"return {value}")

    def fail(self, code: Function, messages: str, valid: str | None = None) -> None:
        extra = f", valid_data={valid}" if valid is not None else ""
        code(f"raise ValidationError({messages}{extra})")

    def finish(self, code: Function, value: str, post_load: list[str]) -> None:
        if not post_load:
            self.store(code, value)
            return
        for function in post_load:
            value = f"{function}({value})"
        self._guarded(code, f"return {value}")

    def delegate(self, code: Function, value: str) -> None:
        partial = f", partial={self.partial_source}" if self.partial_source else ""
        self._guarded(code, f"return {self.field}.deserialize({value}{partial})")

    def _guarded(self, code: Function, statement: str) -> None:
        """Write *statement*, raising its errors again with messages of our own."""
        with code.block("try:"):
            code(statement)
        with code.block("except ValidationError as exc:"):
            self.fail(code, "plain_copy(exc.messages)", "exc.valid_data")
