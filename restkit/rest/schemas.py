"""Turn what users pass as a schema into a marshmallow schema or a JSON Schema."""

from __future__ import annotations

import dataclasses
import typing as t

from marshmallow import Schema
from marshmallow.fields import Field

from ..core.errors import SetupError

if t.TYPE_CHECKING:
    import jsonschema


@dataclasses.dataclass(frozen=True)
class JSONSchema:
    """A JSON Schema (draft 2020-12) given as a dict, validated with ``jsonschema``."""

    document: dict[str, t.Any]

    def __post_init__(self) -> None:
        # PERF: jsonschema is imported by the first JSON Schema an app uses.
        from jsonschema import Draft202012Validator, SchemaError

        try:
            Draft202012Validator.check_schema(self.document)
        except SchemaError as exc:
            raise SetupError(f"Invalid JSON Schema: {exc.message}") from exc

    def validator(self) -> jsonschema.Draft202012Validator:
        """Return a validator for the document (built once per endpoint, at compile)."""
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.document)


ArgumentSchema = Schema | JSONSchema


def as_schema(schema: t.Any) -> ArgumentSchema:
    """Accept a Schema class or instance, a dict of fields, or a JSON Schema dict."""
    if isinstance(schema, Schema):
        return schema
    if isinstance(schema, type) and issubclass(schema, Schema):
        return schema()
    if isinstance(schema, dict):
        if schema and all(isinstance(value, Field) for value in schema.values()):
            return Schema.from_dict(schema)()
        return JSONSchema(schema)
    raise SetupError(
        f"{schema!r} is not a schema: pass a marshmallow Schema class or instance, a dict of "
        "marshmallow fields, or a JSON Schema dict."
    )


def as_response_schema(schema: t.Any) -> Schema | JSONSchema | None:
    """Like :func:`as_schema`, but ``None`` means a response without a documented body."""
    return None if schema is None else as_schema(schema)
