"""The application object serving requests: contexts, dispatch, responses, teardown."""

from __future__ import annotations

import sys
import typing as t
from collections.abc import Iterator

from werkzeug.exceptions import (
    HTTPException,
)
from werkzeug.utils import redirect as werkzeug_redirect
from werkzeug.wrappers import Response as WerkzeugResponse

from . import signals
from .app_errors import ErrorHandling
from .ctx import AppContext, RequestContext, current_endpoint_name, current_request_context
from .endpoints import build_endpoint
from .response_headers import drop_unsendable_headers
from .return_values import complete_response, split_return_value

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    from .endpoints import Endpoint, Handler
    from .testing import RestkitCliRunner, TestClient
    from .wrappers import Request, Response

ResponseValue = t.Any
#: The dispatch and teardown methods the lean path may skip: a subclass overriding one
#: of them has every request take :meth:`App.full_dispatch_request` and the teardowns.
LEAN_SKIPPED = (
    "full_dispatch_request",
    "preprocess_request",
    "dispatch_request",
    "finalize_request",
    "process_response",
    "do_teardown_request",
    "do_teardown_appcontext",
    "raise_routing_exception",
)
#: Marks an argument that was not passed (``None`` is a meaningful value).
_unset: t.Any = object()


class App(ErrorHandling):
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
    #: Whether requests to hook-free endpoints take :meth:`dispatch_hookless`: true
    #: unless the class overrides a dispatch method that path does not call.
    dispatches_leanly: t.ClassVar[bool] = True
    #: Whether requests are matched on a binding of their path alone: true unless the
    #: class overrides :meth:`create_url_adapter`, which then binds every request.
    binds_leanly: t.ClassVar[bool] = True

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
        """Return a request context built from ``restkit.testing.EnvironBuilder`` arguments."""
        from .testing import EnvironBuilder

        builder = EnvironBuilder(self, *args, **kwargs)
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
        if self._resolved_revision != self.config.revision:
            self.finalize()
        ctx = self.request_context(environ)
        error: BaseException | None = None
        try:
            try:
                ctx.push()
                endpoint = ctx.endpoint
                if (
                    self.dispatches_leanly
                    and endpoint is not None
                    and endpoint.hookless
                    and not signals.request_started.receivers
                    and not signals.request_finished.receivers
                ):
                    response = self.dispatch_hookless(ctx, endpoint)
                else:
                    response = self.full_dispatch_request()
            except Exception as exc:
                error = exc
                response = self.handle_exception(exc)
            except BaseException as exc:
                error = exc
                raise
            return response(environ, start_response)
        finally:
            keep = environ.get("restkit._preserve_context")
            ctx.pop(error)
            if keep is not None:
                keep(ctx)

    # -- dispatch -------------------------------------------------------------------------

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.binds_leanly = cls.create_url_adapter is App.create_url_adapter
        cls.dispatches_leanly = all(
            getattr(cls, name) is getattr(App, name) for name in LEAN_SKIPPED
        )

    def dispatch_hookless(self, ctx: RequestContext, endpoint: Endpoint) -> Response:
        """Dispatch a request to an endpoint without hooks, with no signal receivers.

        The same steps as :meth:`full_dispatch_request`, without running what it
        would find empty: no URL value preprocessors, no ``before_request`` or
        ``after_request`` hook, no signal to send.
        """
        # PERF: most API requests have no hooks; this skips the generic chain's lookups.
        request = ctx.request
        routing_exception = request.routing_exception
        rv: ResponseValue
        if routing_exception is not None:
            rv = self.handle_user_exception(routing_exception)  # not raised: nothing to unwind
        else:
            handler: Handler = endpoint.handler  # type: ignore[assignment]
            try:
                if request.method == "OPTIONS" and getattr(
                    request.url_rule, "provide_automatic_options", False
                ):
                    rv = self.make_default_options_response()
                else:
                    rv = handler(ctx, request.view_args)  # type: ignore[arg-type]
            except Exception as exc:
                rv = self.handle_user_exception(exc)
        response = self.make_response(rv)
        for func in ctx._after_request_functions:
            response = func(response)
        self.save_session_of(ctx, response)
        drop_unsendable_headers(response.headers)
        return response

    def full_dispatch_request(self) -> Response:
        """Run the before hooks and the view, and turn the result into a response."""
        if signals.request_started.receivers:
            signals.request_started.send(self)
        try:
            rv = self.preprocess_request()
            if rv is None:
                rv = self.dispatch_request()
        except Exception as exc:
            rv = self.handle_user_exception(exc)
        return self.finalize_request(rv)

    def preprocess_request(self) -> ResponseValue | None:
        """Run URL value preprocessors, then ``before_request`` hooks (app first)."""
        ctx = current_request_context("preprocess_request")
        endpoint = self.endpoint_of(ctx)
        request = ctx.request
        for preprocess in endpoint.url_value_preprocessors:
            preprocess(request.endpoint, request.view_args)
        for before in endpoint.before_request:
            rv = before()
            if rv is not None:
                return rv
        return None

    def dispatch_request(self) -> ResponseValue:
        """Call the handler of the endpoint the URL matched (or raise the routing error)."""
        ctx = current_request_context("dispatch_request")
        request = ctx.request
        if request.routing_exception is not None:
            self.raise_routing_exception(request)
        rule = request.url_rule
        if request.method == "OPTIONS" and getattr(rule, "provide_automatic_options", False):
            return self.make_default_options_response()
        handler = self.endpoint_of(ctx, finalize=True).handler
        return t.cast("Handler", handler)(ctx, t.cast(dict[str, t.Any], request.view_args))

    def raise_routing_exception(self, request: Request) -> t.NoReturn:
        """Raise the routing error of a request that matched no rule."""
        raise t.cast(HTTPException, request.routing_exception)

    def make_default_options_response(self) -> Response:
        """Answer OPTIONS with an empty 200 and the ``Allow`` header."""
        adapter = t.cast("t.Any", current_request_context("OPTIONS").url_adapter)
        response = self.response_class()
        response.allow.update(adapter.allowed_methods())
        return response

    def endpoint_of(self, ctx: RequestContext, *, finalize: bool = False) -> Endpoint:
        """Return the endpoint *ctx* matched, from the endpoint table (the app's scope if none).

        Before the app is finalized (a ``test_request_context`` during setup), the
        hooks registered so far are resolved for this request alone, or with
        *finalize* the app is finalized first.
        """
        endpoint = ctx.endpoint
        if endpoint is not None:
            return endpoint
        if finalize:
            self.finalize()
        table = self.endpoint_table
        rule = ctx.request.url_rule
        if table is None:
            return build_endpoint(self, rule.endpoint if rule is not None else None, None)
        endpoint = ctx.endpoint = table.find(rule)
        return endpoint

    def finalize_request(self, rv: ResponseValue, from_error_handler: bool = False) -> Response:
        """Make the response, run the after hooks, and send ``request_finished``."""
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
            drop_unsendable_headers(response.headers)
            if signals.request_finished.receivers:
                signals.request_finished.send(self, response=response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def process_response(self, response: Response) -> Response:
        """Run ``after_this_request`` functions and ``after_request`` hooks; save the session."""
        ctx = current_request_context("process_response")
        for func in ctx._after_request_functions:
            response = func(response)
        for after in self.endpoint_of(ctx).after_request:
            response = after(response)
        self.save_session_of(ctx, response)
        return response

    def save_session_of(self, ctx: RequestContext, response: Response) -> None:
        """Save the session of *ctx* on *response*, if the request opened one."""
        if ctx.session_opened:
            session = ctx.session
            if not self.session_interface.is_null_session(session):
                self.session_interface.save_session(self, session, response)

    # -- responses ------------------------------------------------------------------------

    def make_response(self, rv: ResponseValue) -> Response:
        """Turn a view's return value into a response object.

        Accepts a response, ``str``, ``bytes``, a ``dict`` or ``list`` (JSON), an
        iterator (streamed), a WSGI app, and ``(body, status)``, ``(body, headers)``
        or ``(body, status, headers)`` tuples; see ``restkit.core.return_values``.
        """
        body, status, headers = split_return_value(rv)
        response: Response
        if isinstance(body, self.response_class):
            response = body
        elif isinstance(body, (dict, list)):
            response = self.json.response(body)
        elif isinstance(body, (str, bytes, bytearray, Iterator)):
            response = self.response_class(body)  # type: ignore[arg-type]
        elif body is None:
            raise TypeError(
                f"The view function for {current_endpoint_name()!r} returned None: return a "
                "response, a string, bytes, a dict, a list, an iterator or a tuple (did it "
                "end without a return statement?)."
            )
        elif isinstance(body, WerkzeugResponse) or callable(body):
            environ = current_request_context("make_response").request.environ
            response = t.cast("Response", self.response_class.force_type(body, environ))
        else:
            raise TypeError(
                f"A view returned a {type(body).__name__}, which cannot become a response: "
                "return a response, a string, bytes, a dict, a list, an iterator or a tuple."
            )
        complete_response(response, status, headers)
        return response

    def redirect(self, location: str, code: int = 302) -> WerkzeugResponse:
        """Return a response redirecting to *location*; ``restkit.redirect`` calls this."""
        return werkzeug_redirect(location, code, Response=self.response_class)

    # -- teardown -------------------------------------------------------------------------

    def do_teardown_request(self, exc: BaseException | object | None = _unset) -> None:
        """Run every ``teardown_request`` function, innermost blueprint first.

        Each one runs even if an earlier one raised; the first such error is
        re-raised once all have run. Without *exc*, the exception being handled
        (if any) is passed.
        """
        error = t.cast("BaseException | None", sys.exc_info()[1] if exc is _unset else exc)
        funcs = self.endpoint_of(current_request_context("do_teardown_request")).teardown_request
        if funcs:
            _run_all(funcs, error, self)
        if signals.request_tearing_down.receivers:
            signals.request_tearing_down.send(self, exc=error)

    def do_teardown_appcontext(self, exc: BaseException | object | None = _unset) -> None:
        """Run every ``teardown_appcontext`` function, last registered first."""
        error = t.cast("BaseException | None", sys.exc_info()[1] if exc is _unset else exc)
        if self.teardown_appcontext_funcs:
            _run_all(tuple(reversed(self.teardown_appcontext_funcs)), error, self)
        if signals.appcontext_tearing_down.receivers:
            signals.appcontext_tearing_down.send(self, exc=error)

    def run(
        self,
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: t.Any,
    ) -> None:
        """Serve the app with werkzeug's development server (not for production).

        :param host: the interface; ``SERVER_NAME``'s host, else ``127.0.0.1``.
        :param port: the port; ``SERVER_NAME``'s port, else 5000; ``0`` picks a free one.
        :param debug: set :attr:`debug`; the debugger and reloader follow it.
        :param load_dotenv: first read ``.restkitenv`` and ``.env`` (see ``docs/cli.md``).
        :param options: ``werkzeug.serving.run_simple`` arguments.
        """
        from .devserver import run_development_server

        run_development_server(self, host, port, debug, load_dotenv, options)


def _run_all(
    funcs: t.Sequence[t.Callable[[BaseException | None], None]],
    exc: BaseException | None,
    app: App,
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
