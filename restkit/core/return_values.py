"""How a view's return value becomes a response: the one convention of every route.

A view may return a body, ``(body, status)``, ``(body, headers)`` or
``(body, status, headers)``. The status is an int (``201``) or a status line
(``"201 CREATED"``); headers are a dict, a list of ``(name, value)`` pairs or a
``Headers`` object, added to the response's own. Core routes turn the body into
a response (``App.make_response``); REST routes dump it with their schema first.
Either way :func:`complete_response` applies the status and headers, and a
response whose status is 204 or 304 carries no body and no ``Content-Type``.
"""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from werkzeug.datastructures import Headers

if t.TYPE_CHECKING:
    from werkzeug.wrappers import Response

R = t.TypeVar("R", bound="Response")
Status = int | str
HeadersValue = Headers | Mapping[str, t.Any] | t.Sequence[tuple[str, t.Any]]
#: Statuses whose responses never have a body (RFC 9110 §15.3.5 and §15.4.5).
BODILESS_STATUSES = frozenset({204, 304})


def split_return_value(rv: t.Any) -> tuple[t.Any, Status | None, HeadersValue | None]:
    """Return the body, the status (or ``None``) and the headers (or ``None``) of *rv*.

    :raise TypeError: *rv* is a tuple of another size.
    """
    if type(rv) is not tuple:
        return rv, None, None
    size = len(rv)
    if size == 3:
        return rv[0], rv[1], rv[2]
    if size == 2:
        if isinstance(rv[1], (Headers, Mapping, list, tuple)):
            return rv[0], None, rv[1]
        return rv[0], rv[1], None
    raise TypeError(
        "A view returned a tuple of the wrong size: return (body, status, headers), "
        "(body, status) or (body, headers)."
    )


def status_code(status: Status) -> int:
    """Return the code of a status given as an int or a status line (``"201 CREATED"``)."""
    if isinstance(status, int):
        return status
    try:
        return int(status.split(None, 1)[0])
    except (ValueError, IndexError):
        raise ValueError(
            f"{status!r} is not an HTTP status: return 201 or '201 CREATED'."
        ) from None


def complete_response(response: R, status: Status | None, headers: HeadersValue | None) -> R:
    """Apply the status and headers returned with a body to *response*.

    A status of 204 or 304 also empties the body and removes ``Content-Type``.
    """
    if status is not None:
        if isinstance(status, int):
            response.status_code = status
        else:
            response.status = status
    if headers:
        response.headers.update(headers)
    if response.status_code in BODILESS_STATUSES:
        without_body(response)
    return response


def without_body(response: R) -> R:
    """Remove the ``Content-Type`` of a response sent without a body (204, 304).

    werkzeug already sends no body and no ``Content-Length`` for those statuses.
    """
    del response.headers["Content-Type"]
    return response
