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
    strings. The user's schema is left untouched.
    """
    copied = copy.deepcopy(schema)
    _tighten_schema(copied, strict_numbers, set())
    return copied


def _tighten_schema(schema: Schema, strict_numbers: bool, seen: set[type[Schema]]) -> None:
    if type(schema) in seen:
        return
    seen = seen | {type(schema)}
    for field in schema.fields.values():
        _tighten_field(field, strict_numbers, seen)


def _tighten_field(
    field: fields.Field[t.Any], strict_numbers: bool, seen: set[type[Schema]]
) -> None:
    if isinstance(field, fields.String):
        field.validators.append(reject_unsafe_text)
    elif isinstance(field, fields.Integer):
        if strict_numbers:
            field.strict = True
        if not any(isinstance(v, validate.Range) for v in field.validators):
            field.validators.append(INT64)
    elif isinstance(field, fields.Nested):
        nested = field.schema
        if isinstance(nested, Schema):
            _tighten_schema(nested, strict_numbers, seen)
    elif isinstance(field, fields.List):
        _tighten_field(field.inner, strict_numbers, seen)
    elif isinstance(field, fields.Tuple):
        for inner in field.tuple_fields:
            _tighten_field(inner, strict_numbers, seen)
    elif isinstance(field, fields.Mapping):
        if field.key_field is not None:
            _tighten_field(field.key_field, strict_numbers, seen)
        if field.value_field is not None:
            _tighten_field(field.value_field, strict_numbers, seen)
