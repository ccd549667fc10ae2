"""The input rules restkit adds to every schema (int64 integers, no NUL), stated in the document.

Requests are validated with a strict copy of each schema (``rest/strict.py``);
the document is built from the user's schema, so these attribute functions
write the same rules into it — a request the document allows is one the
server accepts, and generated clients and fuzzers can rely on it.
"""

from __future__ import annotations

import copy
import typing as t

from marshmallow import fields

from ..rest.strict import int64_bound

#: Refuses the NUL character: the text rule of ``reject_unsafe_text``, as a regex
#: both ECMA-262 and Python read. Lone surrogates cannot occur in the JSON
#: strings OpenAPI describes (they are not Unicode scalar values).
NO_NUL_PATTERN = "^[^\\u0000]*$"


def int64_bounds(
    converter: t.Any, field: fields.Field[t.Any], ret: dict[str, t.Any], **kwargs: t.Any
) -> dict[str, t.Any]:
    """Bound an ``Integer`` field to int64 on the sides its own ``Range`` leaves open, as
    loading does (:func:`~restkit.rest.strict.int64_bound`)."""
    if not isinstance(field, fields.Integer):
        return {}
    bound = int64_bound(field.validators)
    if bound is None:
        return {}
    sides = {"minimum": bound.min, "maximum": bound.max}
    return {"format": "int64", **{key: value for key, value in sides.items() if value is not None}}


def text_rule(
    converter: t.Any, field: fields.Field[t.Any], ret: dict[str, t.Any], **kwargs: t.Any
) -> dict[str, t.Any]:
    """Give a plain ``String`` field the pattern that refuses NUL characters.

    Fields with a format (``Email``, ``Url``, ``UUID``...) are left alone, their
    format has no NUL either; a field with a pattern or choices of its own keeps them.
    """
    if not isinstance(field, fields.String) or {"format", "pattern", "enum"} & set(ret):
        return {}
    return {"pattern": NO_NUL_PATTERN}


#: JSON Schema keywords holding one subschema, a list of them, or a dict of them.
SUBSCHEMA = ("additionalProperties", "items", "not", "if", "then", "else", "contains")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_DICTS = ("properties", "patternProperties", "$defs", "dependentSchemas")


def documented_json_schema(schema: t.Any) -> t.Any:
    """Return a JSON Schema argument as the document states it.

    String subschemas get the pattern refusing NUL (the loader refuses it in
    every string), and boolean subschemas become their object forms (``{}``,
    ``{"not": {}}``), which apispec leaves alone.
    """
    if isinstance(schema, bool):
        return {} if schema else {"not": {}}
    if not isinstance(schema, dict):
        return schema  # not a schema: left for the JSON Schema check to refuse
    result = {key: copy.deepcopy(value) for key, value in schema.items()}
    for key in SUBSCHEMA:
        # A boolean additionalProperties reads well as it is; other booleans do not.
        if isinstance(result.get(key), dict) or (
            isinstance(result.get(key), bool) and key != "additionalProperties"
        ):
            result[key] = documented_json_schema(result[key])
    for key in SUBSCHEMA_LISTS:
        if isinstance(result.get(key), list):
            result[key] = [documented_json_schema(part) for part in result[key]]
    for key in SUBSCHEMA_DICTS:
        if isinstance(result.get(key), dict):
            result[key] = {name: documented_json_schema(part) for name, part in result[key].items()}
    types = result.get("type")
    is_text = types == "string" or (isinstance(types, list) and "string" in types)
    if is_text and not {"pattern", "format", "enum", "const"} & set(result):
        result["pattern"] = NO_NUL_PATTERN
    return result


def add_contract_rules(converter: t.Any) -> None:
    """Add the attribute functions stating the input contract to apispec's *converter*."""
    converter.add_attribute_function(int64_bounds)
    converter.add_attribute_function(text_rule)
