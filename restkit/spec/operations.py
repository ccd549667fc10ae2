"""One OpenAPI operation from a view function and the ``Operation`` recorded on it."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import typing as t

from marshmallow import Schema, fields
from werkzeug.http import HTTP_STATUS_CODES

from ..core.errors import SetupError
from ..fields import Upload
from ..rest.idempotency import IdempotencySettings, idempotency_for
from ..rest.schemas import JSONSchema
from .contract import documented_json_schema
from .etag import add_etag_responses, etag_parameters
from .idempotency import add_idempotency_responses, idempotency_parameter
from .pagination import document_pagination, pagination_parameters

if t.TYPE_CHECKING:
    from ..rest.operation import Argument, Operation, ResponseDoc

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
FORM_TYPES = frozenset({FORM, MULTIPART})
#: Argument location -> the ``in`` of its OpenAPI parameters.
PARAMETER_LOCATIONS = {"query": "query", "headers": "header", "cookies": "cookie", "path": "path"}
#: Statuses whose responses never have a body.
BODILESS = frozenset({204, 304})
#: Names of the shared responses in ``components.responses``.
VALIDATION_ERROR = "ValidationError"
DEFAULT_ERROR = "Error"


@dataclasses.dataclass(frozen=True)
class ErrorBody:
    """How error responses are documented: the error handler's schema and media type."""

    schema: Schema
    media_type: str

    def content(self) -> dict[str, t.Any]:
        """Return the ``content`` of an error response."""
        return {self.media_type: {"schema": self.schema}}


def merged(base: dict[str, t.Any], extra: t.Mapping[str, t.Any]) -> dict[str, t.Any]:
    """Return *base* updated with *extra*, recursively for dicts (*extra* wins)."""
    result = dict(base)
    for key, value in extra.items():
        if isinstance(value, t.Mapping) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def docstring_fields(function: t.Callable[..., t.Any]) -> tuple[dict[str, t.Any], dict[str, t.Any]]:
    """Return the summary/description of *function*'s docstring, and its YAML part.

    The first line is the summary, the rest the description, up to a ``---``
    line; what follows that line is YAML merged into the operation.
    """
    doc = inspect.getdoc(function)
    if not doc:
        return {}, {}
    lines = doc.splitlines()
    cut = next((i for i, line in enumerate(lines) if line.strip() == "---"), len(lines))
    found: dict[str, t.Any] = {}
    summary, description = lines[0].strip(), "\n".join(lines[1:cut]).strip()
    if cut > 0 and summary:
        found["summary"] = summary
    if description:
        found["description"] = description
    extra = None
    if cut < len(lines):
        import yaml  # PERF: imported by the first docstring that has a YAML part

        extra = yaml.safe_load("\n".join(lines[cut + 1 :]))
    if extra is not None and not isinstance(extra, dict):
        raise SetupError(
            f"The YAML after '---' in the docstring of {function.__qualname__} must be a "
            "mapping of OpenAPI operation fields."
        )
    return found, extra or {}


def schema_value(schema: Schema | JSONSchema) -> t.Any:
    """Return what goes in a ``schema`` slot: the marshmallow schema (apispec resolves it)."""
    if isinstance(schema, JSONSchema):
        return documented_json_schema(schema.document)
    return schema


def has_upload(schema: Schema | JSONSchema) -> bool:
    """Whether *schema* has an :class:`~restkit.fields.Upload` field (or a list of them)."""
    if isinstance(schema, JSONSchema):
        return False
    return any(
        isinstance(field, Upload)
        or (isinstance(field, fields.List) and isinstance(field.inner, Upload))
        for field in schema.fields.values()
    )


class OperationWriter:
    """Writes OpenAPI operations; one per document build.

    :param errors: how error responses are documented.
    :param to_json_schema: turns a marshmallow schema into an inline JSON Schema
        (form bodies from several arguments are merged into one object).
    :param idempotency: the app's idempotency settings (which operations take keys).
    """

    def __init__(
        self,
        errors: ErrorBody,
        to_json_schema: t.Callable[[Schema], dict[str, t.Any]],
        *,
        idempotency: IdempotencySettings | None = None,
    ) -> None:
        self.errors = errors
        self.to_json_schema = to_json_schema
        self.idempotency = idempotency or IdempotencySettings()

    def operation(
        self, function: t.Callable[..., t.Any], operation: Operation, method: str
    ) -> dict[str, t.Any]:
        """Return the OpenAPI operation of *function* for *method*; ``doc()`` fields win."""
        document, docstring_extra = docstring_fields(function)
        parameters = self.parameters(operation.arguments) + pagination_parameters(operation)
        if operation.etag is not None:
            parameters.extend(etag_parameters(method))
        idempotency = idempotency_for(operation, method, self.idempotency)
        if idempotency is not None:
            parameters.append(idempotency_parameter(idempotency, self.idempotency))
        if parameters:
            document["parameters"] = parameters
        body = self.request_body(operation.arguments)
        if body is not None:
            document["requestBody"] = body
        document["responses"] = self.responses(operation, method)
        given = {key: value for key, value in operation.doc.items() if key != "hide"}
        return merged(merged(document, docstring_extra), given)

    # -- parameters -----------------------------------------------------------------------

    def parameters(self, arguments: list[Argument]) -> list[dict[str, t.Any]]:
        """Return the query, header, cookie and path parameters of *arguments*."""
        parameters: list[dict[str, t.Any]] = []
        for argument in arguments:
            location = PARAMETER_LOCATIONS.get(argument.location)
            if location is None:
                continue
            schema = argument.schema
            if isinstance(schema, Schema):
                # apispec expands a schema into one parameter per field.
                parameters.append({"in": location, "schema": schema})
                continue
            required = set(schema.document.get("required", ()))
            parameters.extend(
                {
                    "in": location,
                    "name": name,
                    "required": location == "path" or name in required,
                    "schema": documented_json_schema(prop),
                }
                for name, prop in schema.document.get("properties", {}).items()
            )
        return parameters

    # -- request body ---------------------------------------------------------------------

    def request_body(self, arguments: list[Argument]) -> dict[str, t.Any] | None:
        """Return the request body of *arguments*, one media type per content type."""
        body = [argument for argument in arguments if argument.is_body]
        if not body:
            return None
        multipart = any(arg.location == "files" or has_upload(arg.schema) for arg in body)
        by_type: dict[str, list[Argument]] = {}
        for argument in body:
            for content_type in content_types(argument, multipart=multipart):
                by_type.setdefault(content_type, []).append(argument)
        document: dict[str, t.Any] = {
            "content": {
                content_type: self.media_type(content_type, group)
                for content_type, group in by_type.items()
            },
            "required": any(argument.required for argument in body),
        }
        description = next((arg.description for arg in body if arg.description), None)
        if description:
            document["description"] = description
        return document

    def media_type(self, content_type: str, arguments: list[Argument]) -> dict[str, t.Any]:
        """Return the media type object of the *arguments* sent as *content_type*."""
        if len(arguments) == 1:
            schema = schema_value(arguments[0].schema)
        elif content_type in FORM_TYPES:
            schema = self.merged_object([argument.schema for argument in arguments])
        else:
            schema = {"allOf": [schema_value(argument.schema) for argument in arguments]}
        media: dict[str, t.Any] = {"schema": schema}
        example = next((arg.example for arg in arguments if arg.example is not None), None)
        if example is not None:
            media["example"] = example
        examples = next((arg.examples for arg in arguments if arg.examples), None)
        if examples:
            media["examples"] = examples
        return media

    def merged_object(self, schemas: list[Schema | JSONSchema]) -> dict[str, t.Any]:
        """Return one object schema with the fields of every schema (a form's parts)."""
        merged_schema: dict[str, t.Any] = {"type": "object", "properties": {}}
        required: list[str] = []
        closed = True
        for schema in schemas:
            part = (
                documented_json_schema(schema.document)
                if isinstance(schema, JSONSchema)
                else self.to_json_schema(schema)
            )
            merged_schema["properties"].update(copy.deepcopy(part.get("properties", {})))
            required.extend(name for name in part.get("required", ()) if name not in required)
            closed = closed and part.get("additionalProperties") is False
        if required:
            merged_schema["required"] = required
        if closed:
            merged_schema["additionalProperties"] = False
        return merged_schema

    # -- responses ------------------------------------------------------------------------

    def responses(self, operation: Operation, method: str) -> dict[str, t.Any]:
        """Return the declared responses, those of the pipeline, and the ``default`` error."""
        responses: dict[str, t.Any] = {
            str(response.status_code): self.response(response) for response in operation.responses
        }
        if not any(response.success for response in operation.responses):
            responses["200"] = {"description": HTTP_STATUS_CODES[200]}
        if (operation.arguments or operation.pagination) and "422" not in responses:
            responses["422"] = VALIDATION_ERROR
        document_pagination(operation, responses, self.errors.content())
        if operation.etag is not None:
            add_etag_responses(responses, method, self.errors)
        idempotency = idempotency_for(operation, method, self.idempotency)
        if idempotency is not None:
            add_idempotency_responses(responses, idempotency, self.errors, VALIDATION_ERROR)
        ordered = dict(sorted(responses.items()))
        ordered.setdefault("default", DEFAULT_ERROR)
        return ordered

    def response(self, declared: ResponseDoc) -> dict[str, t.Any] | str:
        """Return the response object of one ``response`` or ``alt_response``.

        A response given by component name is that name (apispec makes it a
        ``$ref``). An error status is documented as the error handler sends it,
        whatever schema was given (the handler refuses any but its own).
        """
        if declared.reference is not None:
            return declared.reference
        status = declared.status_code
        document: dict[str, t.Any] = {
            "description": declared.description or HTTP_STATUS_CODES.get(status, "Response")
        }
        content: dict[str, t.Any] = {}
        media_type = declared.content_type or JSON
        if status in BODILESS:
            pass
        elif status >= 400:
            content = self.errors.content()
        elif declared.schema is not None:
            content = {media_type: {"schema": schema_value(declared.schema)}}
        elif declared.example is not None or declared.examples:
            content = {media_type: {}}
        if content:
            media = next(iter(content.values()))
            if declared.example is not None:
                media["example"] = declared.example
            if declared.examples:
                media["examples"] = declared.examples
            document["content"] = content
        if declared.headers:
            document["headers"] = {
                name: {"description": header, "schema": {"type": "string"}}
                if isinstance(header, str)
                else header
                for name, header in declared.headers.items()
            }
        return document


def content_types(argument: Argument, *, multipart: bool) -> tuple[str, ...]:
    """Return the content types a body *argument* is documented under."""
    if argument.content_type:
        return (argument.content_type,)
    form = MULTIPART if multipart else FORM
    location = argument.location
    if location == "json":
        return (JSON,)
    if location == "json_or_form":
        return (JSON, form)
    if location == "files":
        return (MULTIPART,)
    return (form,)
