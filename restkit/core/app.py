"""The application object serving requests: dispatch, responses, errors, teardown."""

from __future__ import annotations

import sys
import typing as t
from collections.abc import Iterator, Mapping

from werkzeug.datastructures import Headers
from werkzeug.exceptions import (
    BadRequest,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
)
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response as WerkzeugResponse
from werkzeug.wsgi import ClosingIterator

from . import signals
from .appsetup import AppSetup
from .ctx import AppContext, RequestContext
from .response_headers import drop_unsendable_headers

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .scaffold import ErrorHandler
    from .testing import RestkitCliRunner, TestClient
    from .wrappers import Response

ResponseValue = t.Any


class App(AppSetup):
    """A WSGI application: register routes and hooks, then serve requests.

    :param import_name: usually ``__name__``; locates the app's folders.
    :param static_folder: folder served at ``static_url_path``; ``None`` (the
        default for an API framework) serves no static files.
    :param template_folder: folder of Jinja2 templates, relative to the app.
    :param instance_path: folder for files the app writes (SQLite databases...);
        ``instance`` beside the app by default.
    """

    test_client_class: type[TestClient] | None = None
    test_cli_runner_class: type[RestkitCliRunner] | None = None

    # -- contexts -------------------------------------------------------------------------

    def app_context(self) -> AppContext:
        """Return a new application context, for ``with app.app_context():``."""
        return AppContext(self)

    def request_context(self, environ: WSGIEnvironment) -> RequestContext:
        """Return a request context for a WSGI *environ*."""
        request = self.request_class(environ)
        options = self.options
        # PERF: limits come from the resolved options, not from config lookups.
        request.max_content_length = options.max_content_length
        request.max_form_memory_size = options.max_form_memory_size
        request.max_form_parts = options.max_form_parts
        request.json_module = self.json
        return RequestContext(self, request)

    def test_request_context(self, *args: t.Any, **kwargs: t.Any) -> RequestContext:
        """Return a request context built from werkzeug ``EnvironBuilder`` arguments."""
        from .testing import make_environ_builder

        builder = make_environ_builder(self, *args, **kwargs)
        try:
            return self.request_context(builder.get_environ())
        finally:
            builder.close()

    def test_client(self, use_cookies: bool = True, **kwargs: t.Any) -> TestClient:
        """Return a test client that calls the app without a server."""
        from .testing import TestClient

        cls = self.test_client_class or TestClient
        return cls(self, self.response_class, use_cookies=use_cookies, **kwargs)

    def test_cli_runner(self, **kwargs: t.Any) -> RestkitCliRunner:
        """Return a click runner that invokes the app's commands."""
        from .testing import RestkitCliRunner

        cls = self.test_cli_runner_class or RestkitCliRunner
        return cls(self, **kwargs)

    # -- serving --------------------------------------------------------------------------

    def __call__(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        return self.wsgi_app(environ, start_response)

    def wsgi_app(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> t.Iterable[bytes]:
        """Handle one request; middleware wraps this rather than the app itself."""
        if self._options is None:
            self.finalize()
        ctx = self.request_context(environ)
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                response = self.full_dispatch_request(ctx)
            except Exception as exc:
                error = exc
                response = self.handle_exception(ctx, exc)
            except BaseException as exc:
                error = exc
                raise
            body = response(environ, start_response)
            if ctx.pop_after_response:
                return ClosingIterator(body, lambda: self._pop_context(ctx, environ, error))
            return body
        finally:
            if not ctx.pop_after_response:
                self._pop_context(ctx, environ, error)

    def _pop_context(
        self, ctx: RequestContext, environ: WSGIEnvironment, error: BaseException | None
    ) -> None:
        keep = environ.get("restkit._preserve_context")
        ctx.pop(error)
        if keep is not None:
            keep(ctx)

    # -- dispatch -------------------------------------------------------------------------

    def full_dispatch_request(self, ctx: RequestContext) -> Response:
        """Run the before hooks and the view, and turn the result into a response."""
        if signals.request_started.receivers:
            signals.request_started.send(self)
        try:
            rv = self.preprocess_request(ctx)
            if rv is None:
                rv = self.dispatch_request(ctx)
        except Exception as exc:
            rv = self.handle_user_exception(ctx, exc)
        return self.finalize_request(ctx, rv)

    def preprocess_request(self, ctx: RequestContext) -> ResponseValue | None:
        """Run URL value preprocessors, then ``before_request`` hooks (app first)."""
        request = ctx.request
        names: tuple[str | None, ...] = (None, *reversed(request.blueprints))
        for name in names:
            for preprocess in self.url_value_preprocessors.get(name, ()):
                preprocess(request.endpoint, request.view_args)
        for name in names:
            for before in self.before_request_funcs.get(name, ()):
                rv = before()
                if rv is not None:
                    return rv
        return None

    def dispatch_request(self, ctx: RequestContext) -> ResponseValue:
        """Call the view function the URL matched (or raise the routing error)."""
        request = ctx.request
        if request.routing_exception is not None:
            self.raise_routing_exception(request.routing_exception)
        rule = t.cast("t.Any", request.url_rule)
        if rule.provide_automatic_options and request.method == "OPTIONS":
            return self.make_default_options_response(ctx)
        return self.view_functions[rule.endpoint](**t.cast(dict[str, t.Any], request.view_args))

    def raise_routing_exception(self, exc: HTTPException) -> t.NoReturn:
        """Raise the routing error of a request that matched no rule."""
        raise exc

    def make_default_options_response(self, ctx: RequestContext) -> Response:
        """Answer OPTIONS with an empty 200 and the ``Allow`` header."""
        adapter = t.cast("t.Any", ctx.url_adapter)
        methods = adapter.allowed_methods()
        response = self.response_class()
        response.allow.update(methods)
        return response

    def finalize_request(
        self, ctx: RequestContext, rv: ResponseValue, from_error_handler: bool = False
    ) -> Response:
        """Make the response, run the after hooks, and send ``request_finished``."""
        response = self.make_response(rv)
        try:
            response = self.process_response(ctx, response)
            drop_unsendable_headers(response.headers)
            if signals.request_finished.receivers:
                signals.request_finished.send(self, response=response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def process_response(self, ctx: RequestContext, response: Response) -> Response:
        """Run ``after_this_request`` functions and ``after_request`` hooks; save the session."""
        for func in ctx._after_request_functions:
            response = func(response)
        for name in (*ctx.request.blueprints, None):
            for after in reversed(self.after_request_funcs.get(name, ())):
                response = after(response)
        if ctx.session_opened:
            session = ctx.session
            if not self.session_interface.is_null_session(session):
                self.session_interface.save_session(self, session, response)
        return response

    # -- responses ------------------------------------------------------------------------

    def make_response(self, rv: ResponseValue) -> Response:
        """Turn a view's return value into a response object.

        Accepts a response, ``str``, ``bytes``, a ``dict`` or ``list`` (JSON), an
        iterator (streamed), and ``(body, status)``, ``(body, headers)`` or
        ``(body, status, headers)`` tuples.
        """
        status: int | str | None = None
        headers: t.Any = None
        if isinstance(rv, tuple):
            if len(rv) == 3:
                rv, status, headers = rv
            elif len(rv) == 2:
                if isinstance(rv[1], (Headers, Mapping, list, tuple)):
                    rv, headers = rv
                else:
                    rv, status = rv
            else:
                raise TypeError(
                    "A view returned a tuple of the wrong size: return (body, status, headers),"
                    " (body, status) or (body, headers)."
                )
        if rv is None:
            raise TypeError(
                "A view returned None: return a response, a string, bytes, a dict, a list, "
                "an iterator or a tuple."
            )
        response: Response
        if isinstance(rv, self.response_class):
            response = rv
        elif isinstance(rv, (str, bytes, bytearray, Iterator)):
            response = self.response_class(rv)  # type: ignore[arg-type]
        elif isinstance(rv, (dict, list)):
            response = self.json.response(rv)
        elif isinstance(rv, WerkzeugResponse) or callable(rv):
            from .globals import request

            response = t.cast("Response", self.response_class.force_type(rv, request.environ))
        else:
            raise TypeError(
                f"A view returned a {type(rv).__name__}, which cannot become a response: "
                "return a response, a string, bytes, a dict, a list, an iterator or a tuple."
            )
        if status is not None:
            if isinstance(status, int):
                response.status_code = status
            else:
                response.status = status
        if headers:
            response.headers.update(headers)
        return response

    # -- errors ---------------------------------------------------------------------------

    def find_error_handler(self, exc: BaseException, blueprints: list[str]) -> ErrorHandler | None:
        """Return the handler for *exc*: by code then class (along the MRO), blueprints first."""
        code = exc.code if isinstance(exc, HTTPException) else None
        codes = (code, None) if code is not None else (None,)
        for key in codes:
            for name in (*blueprints, None):
                handlers = self.error_handler_spec.get(name, {}).get(key)
                if not handlers:
                    continue
                for cls in type(exc).__mro__:
                    handler = handlers.get(cls)
                    if handler is not None:
                        return handler
        return None

    def trap_http_exception(self, exc: HTTPException) -> bool:
        """Tell whether *exc* should propagate instead of becoming a response."""
        options = self.options
        if options.trap_http_exceptions:
            return True
        trap_bad_request = options.trap_bad_request_errors
        if trap_bad_request is None:
            return options.debug and isinstance(exc, BadRequestKeyError)
        return trap_bad_request and isinstance(exc, BadRequest)

    def handle_http_exception(self, ctx: RequestContext, exc: HTTPException) -> ResponseValue:
        """Answer an HTTP error with its registered handler, or the error itself."""
        if exc.code is None or isinstance(exc, RequestRedirect):
            return exc
        handler = self.find_error_handler(exc, ctx.request.blueprints)
        if handler is None:
            return exc
        return handler(exc)

    def handle_user_exception(self, ctx: RequestContext, exc: Exception) -> ResponseValue:
        """Handle an exception raised by a hook or view; re-raise it when nothing handles it."""
        if isinstance(exc, BadRequestKeyError) and (
            self.options.debug or self.options.trap_bad_request_errors
        ):
            exc.show_exception = True
        if isinstance(exc, HTTPException) and not self.trap_http_exception(exc):
            return self.handle_http_exception(ctx, exc)
        handler = self.find_error_handler(exc, ctx.request.blueprints)
        if handler is None:
            raise exc
        return handler(exc)

    def handle_exception(self, ctx: RequestContext, exc: Exception) -> Response:
        """Answer an unhandled exception with a 500 (or re-raise it when propagating)."""
        if signals.got_request_exception.receivers:
            signals.got_request_exception.send(self, exception=exc)
        if self.options.propagate_exceptions:
            raise exc
        self.log_exception(ctx, sys.exc_info())
        server_error = InternalServerError(original_exception=exc)
        handler = self.find_error_handler(server_error, ctx.request.blueprints)
        rv: ResponseValue = server_error if handler is None else handler(server_error)
        return self.finalize_request(ctx, rv, from_error_handler=True)

    def log_exception(self, ctx: RequestContext, exc_info: t.Any) -> None:
        """Log an unhandled exception with the request's method and path."""
        request = ctx.request
        self.logger.error(f"Exception on {request.path} [{request.method}]", exc_info=exc_info)

    # -- teardown -------------------------------------------------------------------------

    def do_teardown_request(self, ctx: RequestContext, exc: BaseException | None) -> None:
        """Run every ``teardown_request`` function, innermost blueprint first.

        Each one runs even if an earlier one raised; the first such error is
        re-raised once all have run.
        """
        funcs = [
            func
            for name in (*ctx.request.blueprints, None)
            for func in reversed(self.teardown_request_funcs.get(name, ()))
        ]
        _run_all(funcs, exc, self)
        if signals.request_tearing_down.receivers:
            signals.request_tearing_down.send(self, exc=exc)

    def do_teardown_appcontext(self, exc: BaseException | None) -> None:
        """Run every ``teardown_appcontext`` function, last registered first."""
        _run_all(list(reversed(self.teardown_appcontext_funcs)), exc, self)
        if signals.appcontext_tearing_down.receivers:
            signals.appcontext_tearing_down.send(self, exc=exc)

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Serve the app with werkzeug's development server (not for production)."""
        from werkzeug.serving import run_simple

        if debug is not None:
            self.debug = debug
        server_name = self.config.get("SERVER_NAME")
        default_host, _, default_port = (server_name or "").partition(":")
        options.setdefault("use_reloader", self.debug)
        options.setdefault("use_debugger", self.debug)
        options.setdefault("threaded", True)
        run_simple(
            host or default_host or "127.0.0.1", port or int(default_port or 5000), self, **options
        )


def _run_all(
    funcs: list[t.Callable[[BaseException | None], None]], exc: BaseException | None, app: App
) -> None:
    first_error: Exception | None = None
    for func in funcs:
        try:
            func(exc)
        except Exception as error:
            if first_error is None:
                first_error = error
            else:
                app.logger.exception("A teardown function failed", exc_info=error)
    if first_error is not None:
        raise first_error
