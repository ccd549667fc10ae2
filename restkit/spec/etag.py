"""The OpenAPI part of ``@etag``: conditional headers, the ``ETag`` header, 304, 412 and 428.

Read from the same record and the same method sets as the stage
(:mod:`restkit.rest.etag`), so the document says what the server does.
"""

from __future__ import annotations

import typing as t

from ..rest.etag import IF_MATCH_METHODS, NOT_MODIFIED_METHODS, TAGGED_METHODS

if t.TYPE_CHECKING:
    from .operations import ErrorBody

ETAG_HEADER = {
    "description": "The entity tag of this representation: send it in If-None-Match to "
    "revalidate, in If-Match to change or delete the resource.",
    "schema": {"type": "string"},
}
IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "ETags of representations the client holds (or `*`): when one matches "
    "the current one (weak comparison), the answer is 304 with no body.",
    "schema": {"type": "string"},
}
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "The ETag of the resource as the client last read it (strong comparison), "
    "or `*`: the request is refused with 412 when the resource has changed since, and "
    "with 428 without this header.",
    "schema": {"type": "string"},
}


def etag_parameters(method: str) -> list[dict[str, t.Any]]:
    """Return the conditional header parameters of an ``@etag`` operation on *method*."""
    if method in NOT_MODIFIED_METHODS:
        return [dict(IF_NONE_MATCH)]
    if method in IF_MATCH_METHODS:
        return [dict(IF_MATCH)]
    return []


def add_etag_responses(responses: dict[str, t.Any], method: str, errors: ErrorBody) -> None:
    """Add the ``ETag`` header and the 304, 412 and 428 responses of an ``@etag`` operation.

    The header goes on every successful response of a method whose responses carry
    one (a 204 or a streamed response only when the view calls ``set_etag``); a 304,
    412 or 428 the view documents itself is kept.
    """
    if method in TAGGED_METHODS:
        for status, response in responses.items():
            if status.startswith("2") and isinstance(response, dict):
                response.setdefault("headers", {})["ETag"] = dict(ETAG_HEADER)
    if method in NOT_MODIFIED_METHODS:
        responses.setdefault(
            "304",
            {
                "description": "Not Modified: If-None-Match names the current ETag; no body.",
                "headers": {"ETag": dict(ETAG_HEADER)},
            },
        )
    if method in IF_MATCH_METHODS:
        responses.setdefault(
            "412",
            {
                "description": "Precondition Failed: the resource changed since the ETag in "
                "If-Match was read.",
                "content": errors.content(),
            },
        )
        responses.setdefault(
            "428",
            {
                "description": "Precondition Required: the request had no If-Match.",
                "content": errors.content(),
            },
        )
