"""Requests the API sends rather than receives: callbacks and webhooks, as path items."""

from __future__ import annotations

import typing as t

from ..rest.schemas import as_schema
from .operations import JSON, schema_value


def event_path_item(
    schema: t.Any = None,
    *,
    method: str = "post",
    summary: str | None = None,
    description: str | None = None,
    content_type: str = JSON,
    responses: dict[int | str, t.Any] | None = None,
    **operation_fields: t.Any,
) -> dict[str, t.Any]:
    """Return a path item describing one request the API sends.

    :param schema: the body's schema: a marshmallow Schema class or instance, a
        dict of fields or a JSON Schema dict; ``None`` for a request without body.
    :param method: the HTTP method of the request.
    :param responses: the responses expected back, by status code, as OpenAPI
        response objects; by default a ``200`` acknowledging receipt.
    :param operation_fields: any other OpenAPI operation field.
    """
    operation: dict[str, t.Any] = {}
    if summary:
        operation["summary"] = summary
    if description:
        operation["description"] = description
    if schema is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {content_type: {"schema": schema_value(as_schema(schema))}},
        }
    expected = responses or {200: {"description": "Received."}}
    operation["responses"] = {str(code): response for code, response in expected.items()}
    operation.update(operation_fields)
    return {method.lower(): operation}


def callback(expression: str, schema: t.Any = None, **options: t.Any) -> dict[str, t.Any]:
    """Return a Callback Object, for ``@blueprint.doc(callbacks={name: callback(...)})``.

    :param expression: where the request goes, as an OpenAPI runtime expression,
        e.g. ``"{$request.body#/callback_url}"``.
    :param schema: the body's schema (see :func:`event_path_item`).
    :param options: the keyword arguments of :func:`event_path_item`.
    """
    return {expression: event_path_item(schema, **options)}
