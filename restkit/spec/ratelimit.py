"""The OpenAPI side of rate limits: the header fields of a limited operation, and its 429.

It reads the limit the stage enforces (:func:`~restkit.rest.ratelimit.documented_rate_limit`),
so a limited operation is documented as one, with the policy it advertises.
"""

from __future__ import annotations

import typing as t

from ..rest.ratelimit import POLICY_FIELD, SERVICE_LIMIT_FIELD, service_limit_field
from .security import ordered_responses

if t.TYPE_CHECKING:
    from ..rest.ratelimit import RateLimit
    from .operations import ErrorBody

DRAFT = "draft-ietf-httpapi-ratelimit-headers"
#: Authentication runs before the limit (``docs/pipeline.md``): its refusals are not
#: counted and carry no rate-limit fields.
REFUSED_BEFORE_THE_LIMIT = frozenset({"401", "403"})
#: A 404 may come from the URL map, before any endpoint: then it carries no fields.
MAY_COME_FROM_ROUTING = "404"


def rate_limit_headers(limit: RateLimit, *, required: bool = True) -> dict[str, t.Any]:
    """Return the Header Objects of the ``RateLimit-Policy`` and ``RateLimit`` fields."""
    return {
        POLICY_FIELD: {
            "description": f"The quota policies of the operation ({DRAFT}): per policy, "
            "the requests allowed (`q`) per window of `w` seconds.",
            "required": required,
            "schema": {"type": "string"},
            "example": limit.policy_field,
        },
        SERVICE_LIMIT_FIELD: {
            "description": f"What is left of each quota policy ({DRAFT}): the requests "
            "remaining (`r`), and the seconds until quota comes back (`t`).",
            "required": required,
            "schema": {"type": "string"},
            "example": service_limit_field(
                (policy, policy.quota - 1, policy.window) for policy in limit.policies
            ),
        },
    }


def document_rate_limit(
    operation: dict[str, t.Any], limit: RateLimit | None, errors: ErrorBody
) -> None:
    """Add the rate-limit fields to the responses of *operation*, and its 429 response.

    Responses given by reference (a component's name), and those of authentication,
    are left as they are; on a 404 the fields are optional, since the URL map may
    answer it before the endpoint is reached (e.g. for an id out of range).
    """
    if limit is None:
        return
    responses = dict(operation["responses"])
    for status, response in responses.items():
        if isinstance(response, dict) and status not in REFUSED_BEFORE_THE_LIMIT:
            required = status != MAY_COME_FROM_ROUTING
            response.setdefault("headers", {}).update(rate_limit_headers(limit, required=required))
    responses.setdefault(
        "429",
        {
            "description": "Too Many Requests: a quota of the operation is spent; retry "
            "after `Retry-After` seconds.",
            "headers": {
                "Retry-After": {
                    "description": "Seconds to wait before the request may succeed.",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                },
                **rate_limit_headers(limit),
            },
            "content": errors.content(),
        },
    )
    operation["responses"] = ordered_responses(responses)
