"""Error responses: ``HTTPError``, ``abort``, and the handlers that send every error."""

from __future__ import annotations

import functools
import typing as t

from marshmallow import Schema, fields
from werkzeug.exceptions import Aborter, HTTPException, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from ..core.errors import ConfigurationError, SetupError
from ..core.globals import app_ctx_var, current_app
from .compiled import compile_dumper

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.wrappers import Response
    from .operation import ResponseDoc

PROBLEM_MEDIA_TYPE = "application/problem+json"
JSON_MEDIA_TYPE = "application/json"


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


@functools.cache
def error_class(status_code: int) -> type[HTTPError]:
    """Return the :class:`HTTPError` class for *status_code*.

    For codes werkzeug knows it also subclasses werkzeug's class and takes its
    name (``NotFound``...), so handlers registered for those classes still apply.

    :raise ValueError: *status_code* is not an HTTP error status.
    """
    base = default_exceptions.get(status_code)
    if base is None:
        if not is_error_status(status_code):
            raise ValueError(f"{status_code} is not an HTTP error status code.")
        return type(f"HTTPError{status_code}", (HTTPError,), {"code": status_code})
    return type(base.__name__, (HTTPError, base), {"__module__": __name__})


def is_error_status(status_code: int) -> bool:
    """Whether *status_code* is a 4xx or 5xx status HTTP names."""
    return status_code >= 400 and status_code in HTTP_STATUS_CODES


def abort(
    status_code: int | Response,
    detail: str | None = None,
    *,
    errors: dict[str, t.Any] | None = None,
    headers: t.Mapping[str, str] | None = None,
    description: str | None = None,
    message: str | None = None,
) -> t.NoReturn:
    """Stop the request with an HTTP error, sent by the Api's error handler.

    Given a response object instead of a status code, send that response as is.
    ``description`` (Flask's name) and ``message`` (flask-smorest's) are other
    names for ``detail``. A status code HTTP does not name as an error is
    passed to the app's ``aborter``, as Flask's ``abort`` does (``LookupError``
    unless you mapped it there).
    """
    if not isinstance(status_code, int):
        raise HTTPException(response=status_code)
    detail = next((text for text in (detail, message, description) if text is not None), None)
    if not is_error_status(status_code):
        app_ctx = app_ctx_var.get(None)
        aborter = app_ctx.app.aborter if app_ctx is not None else Aborter()
        aborter(status_code, detail)
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

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {type(self.schema).__name__} as {self.media_type}>"

    def payload(self, exc: HTTPException) -> dict[str, t.Any]:
        """Return the document for *exc* before it is dumped with ``schema``."""
        return problem_payload(exc)

    def check_documented(self, response: ResponseDoc, where: str) -> None:
        """Refuse an error response documented other than as this handler sends it.

        :param where: names the view, for the message.
        :raises SetupError: for a status of 400 or more documented with another
            schema class or media type than this handler's.
        """
        if response.status_code < 400 or response.reference is not None:
            return
        schema = response.schema
        if schema is not None and type(schema) is not type(self.schema):
            raise SetupError(
                f"{where} documents its {response.status_code} response with "
                f"{type(schema).__name__}, but errors are sent by the error handler with "
                f"{type(self.schema).__name__} as {self.media_type}. Drop schema= (the "
                "handler's schema is documented), or make that schema the handler's: "
                "Api(error_handler=...) with a handler whose schema it is, or "
                "API_ERROR_FORMAT='flask-smorest' for flask-smorest's error format."
            )
        if response.content_type not in (None, self.media_type):
            raise SetupError(
                f"{where} documents its {response.status_code} response as "
                f"{response.content_type}, but the error handler sends {self.media_type}: "
                "drop content_type=."
            )

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
        response = app.json.text_response(
            self.body(app, exc), status=t.cast(int, exc.code), mimetype=self.media_type
        )
        headers = response.headers
        for name, value in exc.get_headers():
            if name.lower() not in ("content-type", "x-content-type-options"):
                headers.add(name, value)
        return response

    def body(self, app: App, exc: HTTPException) -> str:
        """Return the encoded document for *exc*: its payload, dumped, as JSON text.

        The payloads of restkit's own handlers depend on the status and the detail
        only; the texts of errors without field errors are kept (a few hundred).
        """
        json = app.json
        key = (self, self.schema, json, exc.code, exc.description)
        if type(self).payload in PURE_PAYLOADS and not getattr(exc, "errors", None):
            # PERF: the same routing 404 or refused credentials, over and over.
            text = _known_bodies.get(key)
            if text is None:
                if len(_known_bodies) >= KNOWN_BODIES:
                    _known_bodies.clear()
                text = _known_bodies[key] = json.dumps(dumper_of(self.schema)(self.payload(exc)))
            return text
        return json.dumps(dumper_of(self.schema)(self.payload(exc)))


#: How many encoded error documents :meth:`ErrorHandler.body` keeps.
KNOWN_BODIES = 512
_known_bodies: dict[tuple[t.Any, ...], str] = {}


@functools.cache
def dumper_of(schema: Schema) -> t.Callable[[t.Any], t.Any]:
    """Return the dump function of an error handler's *schema*, compiled once."""
    return compile_dumper(schema).function


class SmorestErrorSchema(Schema):
    """An error in flask-smorest's format: ``{"code", "status", "message", "errors"}``."""

    code = fields.Int(required=True, metadata={"description": "The HTTP status code."})
    status = fields.Str(required=True, metadata={"description": "The HTTP reason phrase."})
    message = fields.Str(metadata={"description": "What went wrong, for a human reader."})
    errors = fields.Dict(
        keys=fields.Str(),
        values=fields.Raw(),
        metadata={"description": "Field errors keyed by request location, then by field."},
    )


class SmorestErrorHandler(ErrorHandler):
    """Sends errors the way flask-smorest does, as ``application/json``.

    ``API_ERROR_FORMAT = "flask-smorest"`` selects it, so clients written for a
    flask-smorest API keep reading its errors.
    """

    schema: Schema = SmorestErrorSchema()
    media_type: str = JSON_MEDIA_TYPE

    def payload(self, exc: HTTPException) -> dict[str, t.Any]:
        """Return ``code``, ``status``, and ``message`` / ``errors`` when there are some."""
        problem = problem_payload(exc)
        payload = {"code": problem["status"], "status": problem["title"]}
        if "detail" in problem:
            payload["message"] = problem["detail"]
        if "errors" in problem:
            payload["errors"] = problem["errors"]
        return payload


#: The values of ``API_ERROR_FORMAT``, by the handler class each selects.
ERROR_FORMATS: dict[str, type[ErrorHandler]] = {
    "problem": ErrorHandler,
    "flask-smorest": SmorestErrorHandler,
}


def error_handler_for(error_format: str) -> ErrorHandler:
    """Return a new error handler for *error_format* (a key of :data:`ERROR_FORMATS`)."""
    handler_class = ERROR_FORMATS.get(error_format)
    if handler_class is None:
        raise ConfigurationError(
            f"API_ERROR_FORMAT {error_format!r} is unknown: use "
            f"{' or '.join(repr(name) for name in ERROR_FORMATS)}."
        )
    return handler_class()


#: The ``payload`` methods that read only the status and the detail of an error.
PURE_PAYLOADS = frozenset({ErrorHandler.payload, SmorestErrorHandler.payload})
