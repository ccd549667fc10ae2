"""The problem documents restkit sends, written out for the tests to compare with."""

from __future__ import annotations

import typing as t

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    418: "I'm a teapot",
    422: "Unprocessable Entity",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    507: "Insufficient Storage",
}
INVALID = "The request did not pass validation."


def problem(status: int, detail: str, errors: dict[str, t.Any] | None = None) -> dict[str, t.Any]:
    """Return the problem document restkit sends for *status*."""
    document = {"type": "about:blank", "title": TITLES[status], "status": status, "detail": detail}
    if errors is not None:
        document["errors"] = errors
    return document


def invalid(**errors: t.Any) -> dict[str, t.Any]:
    """Return the 422 problem document for field *errors* keyed by location."""
    return problem(422, INVALID, errors)
