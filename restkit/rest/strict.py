"""Tighten a copy of a marshmallow schema to the input contract (DESIGN §4)."""

from __future__ import annotations

import copy
import typing as t

from marshmallow import Schema, ValidationError, fields, validate

INT64 = validate.Range(min=-(2**63), max=2**63 - 1, error="Must be between {min} and {max}.")


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


def strict_copy(schema: Schema, *, strict_numbers: bool) -> Schema:
    """Return a copy of *schema* that enforces the input contract.

    Every string field refuses NUL and lone surrogates; every integer field is
    bounded to int64 unless it has a ``Range`` of its own; with
    *strict_numbers* (JSON bodies), integers also refuse floats and numeric
    strings. The user's schema, its fields and their validator lists are left
    untouched: each field is copied before it is tightened.
    """
    return _tightened_schema(schema, strict_numbers, frozenset())


def _tightened_schema(schema: Schema, strict_numbers: bool, seen: frozenset[type]) -> Schema:
    if type(schema) in seen:
        return schema
    seen = seen | {type(schema)}
    copied = copy.copy(schema)
    # marshmallow copies fields shallowly (Field.__deepcopy__ is copy.copy), so their
    # validator lists and inner fields are shared: replace them, never mutate them.
    tightened = {
        name: _tightened_field(field, strict_numbers, seen) for name, field in schema.fields.items()
    }
    copied.fields = tightened
    copied.load_fields = {name: tightened[name] for name in schema.load_fields}
    copied.dump_fields = {name: tightened[name] for name in schema.dump_fields}
    return copied


def _tightened_field(
    field: fields.Field[t.Any], strict_numbers: bool, seen: frozenset[type]
) -> fields.Field[t.Any]:
    field = copy.copy(field)
    if isinstance(field, fields.String):
        field.validators = [*field.validators, reject_unsafe_text]
    elif isinstance(field, fields.Integer):
        if strict_numbers:
            field.strict = True
        if not any(isinstance(v, validate.Range) for v in field.validators):
            field.validators = [*field.validators, INT64]
    elif isinstance(field, fields.Nested):
        # Nested caches its schema in ``_schema``; the copy gets its own, tightened one.
        field._schema = _tightened_schema(field.schema, strict_numbers, seen)
    elif isinstance(field, fields.List):
        field.inner = _tightened_field(field.inner, strict_numbers, seen)
    elif isinstance(field, fields.Tuple):
        field.tuple_fields = [
            _tightened_field(inner, strict_numbers, seen) for inner in field.tuple_fields
        ]
    elif isinstance(field, fields.Mapping):
        if field.key_field is not None:
            field.key_field = _tightened_field(field.key_field, strict_numbers, seen)
        if field.value_field is not None:
            field.value_field = _tightened_field(field.value_field, strict_numbers, seen)
    return field
