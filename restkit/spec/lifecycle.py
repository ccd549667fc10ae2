"""The OpenAPI side of a blueprint's lifecycle: deprecated operations, their headers, the 410.

It reads the lifecycle the blueprint's hooks send (:func:`~restkit.rest.lifecycle.lifecycle_of`).
"""

from __future__ import annotations

import typing as t

from werkzeug.http import http_date

from .security import ordered_responses

if t.TYPE_CHECKING:
    from ..rest.lifecycle import Lifecycle
    from .operations import ErrorBody


def lifecycle_headers(lifecycle: Lifecycle) -> dict[str, t.Any]:
    """Return the Header Objects of the fields *lifecycle* sends, with their values."""
    described = {
        "Deprecation": "When this version of the API was deprecated (RFC 9745): "
        "`@` and seconds since the epoch.",
        "Sunset": "When this version of the API is retired (RFC 8594), an HTTP date.",
        "Link": 'A page about the deprecation: `<url>; rel="deprecation"` (RFC 9745).',
    }
    return {
        name: {
            "description": described[name],
            "required": True,
            "schema": {"type": "string"},
            "example": value,
        }
        for name, value in lifecycle.headers
    }


def document_lifecycle(
    operation: dict[str, t.Any], lifecycle: Lifecycle | None, errors: ErrorBody
) -> None:
    """Mark *operation* deprecated, document the fields on its responses, and its 410.

    Responses given by reference (a component's name) are left as they are.
    """
    if lifecycle is None:
        return
    if lifecycle.deprecated is not None:
        operation["deprecated"] = True
    responses = dict(operation["responses"])
    for response in responses.values():
        if isinstance(response, dict):
            response.setdefault("headers", {}).update(lifecycle_headers(lifecycle))
    if lifecycle.sunset_gone and lifecycle.sunset is not None:
        responses.setdefault(
            "410",
            {
                "description": "Gone: this version of the API was retired on "
                f"{http_date(lifecycle.sunset)}.",
                "headers": lifecycle_headers(lifecycle),
                "content": errors.content(),
            },
        )
    operation["responses"] = ordered_responses(responses)
