"""The OpenAPI side of ``paginate``: its query parameters, response headers and errors.

The envelope needs nothing here: the operation lists its success response with
the envelope's schema (``Operation.responses``), which the writer documents.
"""

from __future__ import annotations

import typing as t

from ..rest.pagination import METADATA_HEADER

if t.TYPE_CHECKING:
    from ..rest.operation import Operation
    from ..rest.pagination import Pagination

JSON = "application/json"
INVALID_CURSOR = "The cursor is not one this endpoint gave out (tampered, foreign or malformed)."


def pagination_parameters(operation: Operation) -> list[dict[str, t.Any]]:
    """Return the query parameters of *operation*'s pagination (none when it has none).

    They are documented from the schema that loads them, so the bounds stated
    are the ones enforced.
    """
    if operation.pagination is None:
        return []
    return [{"in": "query", "schema": operation.pagination.query_schema}]


def document_pagination(
    operation: Operation, responses: dict[str, t.Any], error_content: dict[str, t.Any]
) -> None:
    """Add the pagination headers to the success response of *responses*, and a 400 for cursors.

    :param responses: the operation's responses, by status, as being written.
    :param error_content: the ``content`` of an error response.
    """
    pagination = operation.pagination
    if pagination is None:
        return
    success = operation.success
    if pagination.is_cursor and "400" not in responses:
        responses["400"] = {"description": INVALID_CURSOR, "content": error_content}
    if pagination.envelope:
        return
    documented = responses.get(str(success.status_code) if success is not None else "200")
    if isinstance(documented, dict):  # not a response component's name
        documented.setdefault("headers", {}).update(pagination_headers(pagination))


def pagination_headers(pagination: Pagination) -> dict[str, t.Any]:
    """Return the ``X-Pagination`` and ``Link`` headers of a paginated response."""
    metadata = {
        "description": "The pagination metadata, as JSON.",
        "required": True,
        "content": {JSON: {"schema": pagination.metadata_schema}},
    }
    if pagination.is_cursor:
        link = (
            'The next page while there is one: `<...?cursor=...>; rel="next"` '
            "(RFC 8288), a URL relative to the request's."
        )
    else:
        link = (
            "The first, previous, next and last pages (RFC 8288 relations `first`, `prev`, "
            "`next`, `last`), as URLs relative to the request's; absent when there are no items."
        )
    return {METADATA_HEADER: metadata, "Link": {"description": link, "schema": {"type": "string"}}}
