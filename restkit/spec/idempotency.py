"""The OpenAPI part of idempotency keys: the ``Idempotency-Key`` parameter, the replay header,
and the 400, 409 and 422 responses.

Read from the record and settings the stage reads (:func:`idempotency_for`), so
the document says which operations take keys, whether they require one, and how
long keys are kept.
"""

from __future__ import annotations

import typing as t

from ..rest.idempotency import REPLAYED_HEADER
from ..rest.idempotency_key import HEADER, MAX_KEY_LENGTH

if t.TYPE_CHECKING:
    from ..rest.idempotency import Idempotency, IdempotencySettings
    from .operations import ErrorBody

#: An ``sf-string``: printable ASCII in double quotes, ``\\"`` and ``\\\\`` escaped.
KEY_PATTERN = r'^ *"([ !#-\[\]-~]|\\["\\])+" *$'
REPLAYED = {
    "description": "`true` when this is the stored response to an earlier request with the "
    "same Idempotency-Key, sent again rather than produced anew.",
    "required": False,
    "schema": {"type": "string", "enum": ["true"]},
}


def idempotency_parameter(record: Idempotency, settings: IdempotencySettings) -> dict[str, t.Any]:
    """Return the ``Idempotency-Key`` header parameter of an operation taking keys."""
    hours = settings.ttl / 3600
    kept = f"{hours:g} hours" if hours >= 1 else f"{settings.ttl:g} seconds"
    return {
        "name": HEADER,
        "in": "header",
        "required": record.required,
        "description": "A key the client makes for this request (a UUID), as a structured-field "
        f"string in double quotes, of at most {MAX_KEY_LENGTH} characters. Repeating the "
        "request with the same key returns the first response (marked Idempotent-Replayed) "
        f"instead of running it again. Keys are kept {kept} after the first response, per "
        "caller; a 5xx response is not kept.",
        "schema": {"type": "string", "pattern": KEY_PATTERN},
        "example": '"8e03978e-40d5-43e8-bc93-6894a57f9324"',
    }


def add_idempotency_responses(
    responses: dict[str, t.Any], record: Idempotency, errors: ErrorBody, validation_error: str
) -> None:
    """Add the 400, 409 and 422 responses, and the replay header on every kept response.

    A 400, 409 or 422 the view documents itself is kept as it is; the shared
    validation error response (*validation_error*) becomes one saying both.
    """
    missing = " or missing" if record.required else ""
    responses.setdefault(
        "400",
        {
            "description": f"Bad Request: the Idempotency-Key header is malformed{missing}.",
            "content": errors.content(),
        },
    )
    responses.setdefault(
        "409",
        {
            "description": "Conflict: a request with this Idempotency-Key is still running; "
            "retry after Retry-After seconds to get its response.",
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before retrying (sent by restkit's own "
                    "409, not by a 409 of the view replayed).",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 0},
                }
            },
            "content": errors.content(),
        },
    )
    reused = "this Idempotency-Key was used for another request (method, path or body)"
    if responses.get("422", validation_error) == validation_error:
        validation = "the request did not pass validation, or " if "422" in responses else ""
        responses["422"] = {
            "description": f"Unprocessable Content: {validation}{reused}.",
            "content": errors.content(),
        }
    for status, response in responses.items():
        if status[0] in "1234" and isinstance(response, dict):
            response.setdefault("headers", {})[REPLAYED_HEADER] = dict(REPLAYED)
