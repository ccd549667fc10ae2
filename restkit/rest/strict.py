"""Tighten a copy of a marshmallow schema to the input contract (DESIGN §4)."""

from __future__ import annotations

import copy
import dataclasses
import typing as t

from marshmallow import Schema, ValidationError, fields, validate

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
INT64 = validate.Range(min=INT64_MIN, max=INT64_MAX, error="Must be between {min} and {max}.")


def reject_unsafe_text(value: t.Any) -> None:
    """Refuse strings holding NUL characters or lone surrogates."""
    if not isinstance(value, str):
        return
    if "\x00" in value:
        raise ValidationError("Text may not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("Text may not contain unpaired surrogate characters.") from None


def int64_bound(validators: t.Iterable[t.Any]) -> validate.Range | None:
    """Return the int64 bound an integer field with *validators* gets, or ``None``.

    Each side of int64 holds unless a ``Range`` among *validators* sets that side
    itself (``Range(min=1)`` leaves the maximum at 2**63 - 1; ``Range(max=2**80)``
    lifts it); a side the field's own ``Range`` sets is not repeated, so a value
    out of both gets that ``Range``'s message alone.
    """
    ranges = [v for v in validators if isinstance(v, validate.Range)]
    sets_min = any(r.min is not None for r in ranges)
    sets_max = any(r.max is not None for r in ranges)
    if not sets_min and not sets_max:
        return INT64
    if sets_min and sets_max:
        return None
    if sets_min:
        return validate.Range(max=INT64_MAX)
    return validate.Range(min=INT64_MIN)


def strict_copy(schema: Schema, *, strict_types: bool) -> Schema:
    """Return a copy of *schema* that enforces the input contract.

    Every string field refuses NUL and lone surrogates; every integer field is
    bounded to int64 where no ``Range`` of its own sets the bound (see
    :func:`int64_bound`). With *strict_types*
    (JSON bodies, where values are typed), integers refuse floats, booleans and
    numeric strings, floats refuse strings and booleans, and booleans refuse
    anything but ``true`` and ``false``. Nested schemas are tightened the same
    way (a schema nested in itself only at its first level). The user's schema
    is left untouched.
    """
    return _tightened_schema(schema, strict_types, frozenset())


def own_copy(schema: Schema) -> Schema:
    """Return a copy of *schema* whose field objects belong to the copy alone.

    A new instance of the schema's class with the same options has exactly that;
    a schema whose constructor takes other arguments is copied field by field.
    """
    try:
        return type(schema)(
            only=t.cast("t.Any", schema.only),
            exclude=schema.exclude,
            many=schema.many,
            load_only=schema.load_only,
            dump_only=schema.dump_only,
            partial=schema.partial,
            unknown=schema.unknown,
        )
    except TypeError:
        copied = copy.copy(schema)
        owned = {name: copy.copy(field) for name, field in schema.declared_fields.items()}
        copied.declared_fields = owned
        copied.fields = {name: owned[name] for name in schema.fields}
        copied.load_fields = {name: owned[name] for name in schema.load_fields}
        copied.dump_fields = {name: owned[name] for name in schema.dump_fields}
        return copied


def _tightened_schema(schema: Schema, strict_types: bool, seen: frozenset[type]) -> Schema:
    if type(schema) in seen:
        return schema
    copied = own_copy(schema)
    for field in copied.declared_fields.values():
        _tighten(field, strict_types, seen | {type(schema)})
    return copied


def _tighten(field: fields.Field[t.Any], strict_types: bool, seen: frozenset[type]) -> None:
    """Tighten *field*, owned by a copy, in place.

    Fields are copied shallowly by marshmallow, so their validator lists and inner
    fields may be shared with the user's schema: those are replaced, never mutated.
    """
    if isinstance(field, fields.String):
        field.validators = [*field.validators, reject_unsafe_text]
    elif isinstance(field, fields.Integer):
        if strict_types:
            field.strict = True
        bound = int64_bound(field.validators)
        if bound is not None:
            field.validators = [*field.validators, bound]
    elif isinstance(field, fields.Float) and strict_types:
        field.pre_load = [*field.pre_load, _typed_check(field, is_json_number)]
    elif isinstance(field, fields.Boolean) and strict_types:
        field.pre_load = [*field.pre_load, _typed_check(field, is_json_boolean)]
    elif isinstance(field, fields.Nested):
        # Resolve the nested schema on a throwaway copy, so this field resolves its
        # own schema later, from the tightened one it is given here.
        resolved = copy.copy(field).schema
        field.nested = _tightened_schema(resolved, strict_types, seen)
    elif isinstance(field, fields.List):
        field.inner = _tightened_inner(field.inner, strict_types, seen)
    elif isinstance(field, fields.Tuple):
        field.tuple_fields = [
            _tightened_inner(inner, strict_types, seen) for inner in field.tuple_fields
        ]
    elif isinstance(field, fields.Mapping):
        if field.key_field is not None:
            field.key_field = _tightened_inner(field.key_field, strict_types, seen)
        if field.value_field is not None:
            field.value_field = _tightened_inner(field.value_field, strict_types, seen)


def is_json_number(value: t.Any) -> bool:
    """Tell whether *value* is a JSON number (``true`` and ``false`` are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_json_boolean(value: t.Any) -> bool:
    """Tell whether *value* is ``true`` or ``false``."""
    return isinstance(value, bool)


@dataclasses.dataclass(frozen=True)
class TypeCheck:
    """A ``pre_load`` step refusing raw values of the wrong JSON type; ``None`` passes.

    A class rather than a closure so the schema compiler can tell it is pure: it
    returns the value unchanged or raises ``ValidationError(message)``.
    """

    accepts: t.Callable[[t.Any], bool]
    message: t.Any

    def __call__(self, value: t.Any) -> t.Any:
        if value is not None and not self.accepts(value):
            raise ValidationError(self.message)
        return value


def _typed_check(field: fields.Field[t.Any], accepts: t.Callable[[t.Any], bool]) -> TypeCheck:
    """Return a ``pre_load`` step refusing raw values of the wrong JSON type."""
    return TypeCheck(accepts, field.error_messages["invalid"])


def _tightened_inner(
    field: fields.Field[t.Any], strict_types: bool, seen: frozenset[type]
) -> fields.Field[t.Any]:
    inner = copy.copy(field)
    _tighten(inner, strict_types, seen)
    return inner
