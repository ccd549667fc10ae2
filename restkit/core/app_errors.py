"""How an app answers errors: HTTP errors, exceptions of views and hooks, unhandled ones."""

from __future__ import annotations

import sys
import typing as t

from werkzeug.exceptions import (
    BadRequest,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
)
from werkzeug.routing import RequestRedirect

from . import signals
from .appsetup import AppSetup
from .ctx import current_request_context

if t.TYPE_CHECKING:
    from .ctx import RequestContext
    from .endpoints import Endpoint
    from .wrappers import Response

ResponseValue = t.Any


class ErrorHandling(AppSetup):
    """The error methods of :class:`~restkit.core.app.App`, each overridable as in Flask."""

    if t.TYPE_CHECKING:

        def endpoint_of(self, ctx: RequestContext, *, finalize: bool = False) -> Endpoint: ...

        def finalize_request(
            self, rv: ResponseValue, from_error_handler: bool = False
        ) -> Response: ...

    def trap_http_exception(self, e: HTTPException) -> bool:
        """Tell whether *e* should propagate instead of becoming a response."""
        options = self.options
        if options.trap_http_exceptions:
            return True
        trap_bad_request = options.trap_bad_request_errors
        if trap_bad_request is None:
            return options.debug and isinstance(e, BadRequestKeyError)
        return trap_bad_request and isinstance(e, BadRequest)

    def handle_http_exception(self, e: HTTPException) -> ResponseValue:
        """Answer an HTTP error with its registered handler, or the error itself."""
        if e.code is None or isinstance(e, RequestRedirect):
            return e
        ctx = current_request_context("handle_http_exception")
        handler = self.endpoint_of(ctx).error_handlers.find(e)
        if handler is None:
            return e
        return handler(e)

    def handle_user_exception(self, e: Exception) -> ResponseValue:
        """Handle an exception raised by a hook or view; re-raise it when nothing handles it."""
        if isinstance(e, BadRequestKeyError) and (
            self.options.debug or self.options.trap_bad_request_errors
        ):
            e.show_exception = True
        if isinstance(e, HTTPException) and not self.trap_http_exception(e):
            return self.handle_http_exception(e)
        ctx = current_request_context("handle_user_exception")
        handler = self.endpoint_of(ctx).error_handlers.find(e)
        if handler is None:
            raise e
        return handler(e)

    def handle_exception(self, e: Exception) -> Response:
        """Answer an unhandled exception with a 500 (or re-raise it when propagating)."""
        exc_info = sys.exc_info()
        if signals.got_request_exception.receivers:
            signals.got_request_exception.send(self, exception=e)
        if self.options.propagate_exceptions:
            if exc_info[1] is e:
                raise
            raise e
        self.log_exception(exc_info)
        server_error = InternalServerError(original_exception=e)
        ctx = current_request_context("handle_exception")
        handler = self.endpoint_of(ctx).error_handlers.find(server_error)
        rv: ResponseValue = server_error if handler is None else handler(server_error)
        return self.finalize_request(rv, from_error_handler=True)

    def log_exception(self, exc_info: t.Any) -> None:
        """Log an unhandled exception with the request's method and path."""
        request = current_request_context("log_exception").request
        self.logger.error(f"Exception on {request.path} [{request.method}]", exc_info=exc_info)
