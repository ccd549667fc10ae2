"""Errors as RFC 9457 problem documents: the schema, ``HTTPError``, ``abort``, the handler."""

from __future__ import annotations

import typing as t
from functools import cache

from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from ..core.globals import current_app

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.wrappers import Response

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemSchema(Schema):
    """An RFC 9457 problem document; dumps every error response and documents it."""

    type = fields.Str(
        dump_default="about:blank", metadata={"description": "URI identifying the problem type."}
    )
    title = fields.Str(required=True, metadata={"description": "The HTTP reason phrase."})
    status = fields.Int(required=True, metadata={"description": "The HTTP status code."})
    detail = fields.Str(metadata={"description": "What went wrong, for a human reader."})
    errors = fields.Dict(
        keys=fields.Str(),
        values=fields.Raw(),
        metadata={
            "description": "Field errors keyed by request location, then by field: "
            '{"json": {"name": ["Missing data for required field."]}}.'
        },
    )


class HTTPError(HTTPException):
    """An HTTP error that carries problem-document members and extra headers.

    :param detail: the ``detail`` member (a sentence for the client).
    :param errors: field errors, keyed by location then field.
    :param headers: headers to send with the error response.
    """

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: dict[str, t.Any] | None = None,
        headers: t.Mapping[str, str] | None = None,
        response: Response | None = None,
    ) -> None:
        super().__init__(description=detail, response=response)
        self.errors = errors
        self.extra_headers = dict(headers or {})

    def get_headers(self, environ: t.Any = None, scope: t.Any = None) -> list[tuple[str, str]]:
        """Return the exception's own headers plus the ones given to it."""
        return [*super().get_headers(environ, scope), *self.extra_headers.items()]


@cache
def error_class(status_code: int) -> type[HTTPError]:
    """Return the :class:`HTTPError` class for *status_code*.

    For codes werkzeug knows it also subclasses werkzeug's class (``NotFound``...),
    so handlers registered for those classes still apply.
    """
    base = default_exceptions.get(status_code)
    if base is None:
        if status_code not in HTTP_STATUS_CODES or status_code < 400:
            raise ValueError(f"{status_code} is not an HTTP error status code.")
        return type(f"HTTPError{status_code}", (HTTPError,), {"code": status_code})
    return type(base.__name__ + "Error", (HTTPError, base), {})


def abort(
    status_code: int | Response,
    detail: str | None = None,
    *,
    errors: dict[str, t.Any] | None = None,
    headers: t.Mapping[str, str] | None = None,
    description: str | None = None,
) -> t.NoReturn:
    """Stop the request with an HTTP error, sent as a problem document.

    Given a response object instead of a status code, send that response as is.
    ``description`` is Flask's name for ``detail``.
    """
    if not isinstance(status_code, int):
        raise HTTPException(response=status_code)
    detail = detail if detail is not None else description
    raise error_class(status_code)(detail, errors=errors, headers=headers)


def problem_payload(exc: HTTPException) -> dict[str, t.Any]:
    """Return the problem document members for *exc*."""
    status = exc.code or 500
    payload: dict[str, t.Any] = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Unknown Error"),
        "status": status,
    }
    if exc.description:
        payload["detail"] = exc.description
    errors = getattr(exc, "errors", None)
    if errors:
        payload["errors"] = errors
    return payload


class ErrorHandler:
    """Turns every HTTP error of the app into a problem document.

    Subclass it and pass an instance to ``Api(error_handler=...)`` to change the
    payload (override :meth:`payload`) or its schema (set ``schema``); the spec
    documents the same ``schema``.
    """

    schema: Schema = ProblemSchema()
    media_type: str = PROBLEM_MEDIA_TYPE

    def payload(self, exc: HTTPException) -> dict[str, t.Any]:
        """Return the document for *exc* before it is dumped with ``schema``."""
        return problem_payload(exc)

    def __call__(self, exc: HTTPException) -> t.Any:
        """Answer *exc* for the current app (an error handler as Flask calls them)."""
        return self.handle(current_app, exc)

    def handle(self, app: App, exc: HTTPException) -> t.Any:
        """Answer *exc* for *app*: its own response if it has one, else a problem document."""
        if exc.response is not None:
            return exc.response
        if exc.code is None:  # pragma: no cover - werkzeug only raises coded errors
            return exc
        return self.response(app, exc)

    def response(self, app: App, exc: HTTPException) -> Response:
        """Return the problem-document response of *app* for *exc* (which has a code)."""
        json = app.json
        response = json.text_response(
            json.dumps(self.schema.dump(self.payload(exc))),
            status=t.cast(int, exc.code),
            mimetype=self.media_type,
        )
        headers = response.headers
        for name, value in exc.get_headers():
            if name.lower() not in ("content-type", "x-content-type-options"):
                headers.add(name, value)
        return response
