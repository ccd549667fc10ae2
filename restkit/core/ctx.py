"""Application and request contexts, pushed on ``contextvars``."""

from __future__ import annotations

import contextvars
import functools
import typing as t

from werkzeug.exceptions import HTTPException, NotFound

from . import signals
from .globals import app_ctx_var, request_ctx_var
from .hosts import check_host

if t.TYPE_CHECKING:
    from types import TracebackType

    from werkzeug.routing import MapAdapter

    from .app import App
    from .endpoints import Endpoint
    from .sessions import SecureCookieSession
    from .wrappers import Request, Response

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
_sentinel = object()
#: A lazily made attribute that was not made yet.
_unset = object()


class AppGlobals:
    """The ``g`` namespace: one per app context, for data a request shares."""

    def get(self, name: str, default: t.Any = None) -> t.Any:
        """Return attribute *name*, or *default*."""
        return self.__dict__.get(name, default)

    def pop(self, name: str, default: t.Any = _sentinel) -> t.Any:
        """Remove and return attribute *name*; without *default*, a missing name raises."""
        if default is _sentinel:
            return self.__dict__.pop(name)
        return self.__dict__.pop(name, default)

    def setdefault(self, name: str, default: t.Any = None) -> t.Any:
        """Return attribute *name*, setting it to *default* first if missing."""
        return self.__dict__.setdefault(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.__dict__

    def __iter__(self) -> t.Iterator[str]:
        return iter(self.__dict__)

    def __repr__(self) -> str:
        return f"<restkit.g of {self.__dict__!r}>"


class AppContext:
    """Makes ``current_app`` and ``g`` available; pushed for every request."""

    __slots__ = ("_g", "_tokens", "_url_adapter", "app")

    def __init__(self, app: App) -> None:
        self.app = app
        self._url_adapter: MapAdapter | object | None = _unset
        self._g: AppGlobals | None = None
        self._tokens: list[contextvars.Token[AppContext]] = []

    @property
    def g(self) -> AppGlobals:
        """The ``g`` namespace of this context, created on first use."""
        # PERF: most API requests never touch g.
        if self._g is None:
            self._g = self.app.app_ctx_globals_class()
        return self._g

    @g.setter
    def g(self, value: AppGlobals) -> None:
        self._g = value

    @property
    def url_adapter(self) -> MapAdapter | None:
        """The URL map bound to ``SERVER_NAME`` (``None`` without one), made on first use."""
        if self._url_adapter is _unset:
            self._url_adapter = self.app.create_url_adapter(None)
        return t.cast("MapAdapter | None", self._url_adapter)

    def push(self) -> None:
        """Make this the current application context."""
        self._tokens.append(app_ctx_var.set(self))
        if signals.appcontext_pushed.receivers:
            signals.appcontext_pushed.send(self.app)

    def pop(self, exc: BaseException | None = None) -> None:
        """Run the app's teardown functions and deactivate the context."""
        try:
            if len(self._tokens) == 1:
                self.app.do_teardown_appcontext(exc)
        finally:
            ctx = app_ctx_var.get()
            app_ctx_var.reset(self._tokens.pop())
        if ctx is not self:
            raise AssertionError(f"Popped wrong app context ({ctx!r} instead of {self!r}).")
        if signals.appcontext_popped.receivers:
            signals.appcontext_popped.send(self.app)

    def __enter__(self) -> AppContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)

    def __repr__(self) -> str:
        return f"<AppContext of {self.app.name!r}>"


class RequestContext(AppContext):
    """Holds one request's state: the request, its URL match and endpoint, its session.

    Pushed where no context of its app is active, it is its app's context too
    (``current_app``, ``g``), so a request pushes one object, not two.

    :param app: the app handling the request.
    :param request: the request.
    """

    __slots__ = ("_after_request_functions", "_pushes", "_session", "endpoint", "request")

    def __init__(self, app: App, request: Request) -> None:
        self.app = app
        self.request = request
        self._url_adapter = _unset
        self._g = None
        #: One pair per push: the request token, and the app token when this push
        #: made the context its app's context too.
        self._pushes: list[
            tuple[contextvars.Token[RequestContext], contextvars.Token[AppContext] | None]
        ] = []
        #: The endpoint the URL matched, from the app's endpoint table (the app's own
        #: scope when nothing matched); set when the context is pushed in a finalized app.
        self.endpoint: Endpoint | None = None
        self._session: SecureCookieSession | None = None
        self._after_request_functions: list[t.Callable[[Response], Response]] = []

    @property
    def url_adapter(self) -> MapAdapter | None:
        """The URL map bound to this request, made on first use."""
        if self._url_adapter is _unset:
            self._url_adapter = self.app.create_url_adapter(self.request)
        return t.cast("MapAdapter | None", self._url_adapter)

    @property
    def session(self) -> SecureCookieSession:
        """The session, opened from the request cookie on first use."""
        if self._session is None:
            interface = self.app.session_interface
            opened = interface.open_session(self.app, self.request)
            self._session = opened if opened is not None else interface.make_null_session(self.app)
        return self._session

    @property
    def session_opened(self) -> bool:
        """Whether anything asked for the session during this request."""
        return self._session is not None

    def match_request(self) -> None:
        """Match the URL: store the rule and values on the request, and the endpoint here."""
        request = self.request
        app = self.app
        routes = app.route_shortcuts
        found = None
        try:
            if routes is not None:
                # PERF: a rule without converters is found by a dict lookup, a path no
                # rule can match is a 404 at once, and the others are matched on the
                # path alone, as werkzeug would answer.
                rule = routes.match(request.environ)
                if rule is not None:
                    request.url_rule = rule
                    request.view_args = {}
                    return
                if routes.no_rule_can_match(request.environ):
                    raise NotFound()
                if app.binds_leanly:
                    found = routes.match_path(request)
            if found is None:
                adapter = self.url_adapter
                if adapter is None:  # an overridden create_url_adapter() declined it
                    raise NotFound()
                rule, view_args = adapter.match(return_rule=True)
                found = rule, dict(view_args)
        except HTTPException as exc:
            request.routing_exception = exc
            return
        request.url_rule, request.view_args = found

    def push(self) -> None:
        """Activate the context, as its app's context too when no context of the app is."""
        app_ctx = app_ctx_var.get(None)
        app_token = None
        if app_ctx is None or app_ctx.app is not self.app:
            app_token = app_ctx_var.set(self)
        self._pushes.append((request_ctx_var.set(self), app_token))
        if app_token is not None and signals.appcontext_pushed.receivers:
            signals.appcontext_pushed.send(self.app)
        request = self.request
        if request.url_rule is None and request.routing_exception is None:
            try:
                check_host(request, self.app.options.trusted_hosts)
            except HTTPException as exc:
                request.routing_exception = exc
                self._url_adapter = None  # no URL is ever built from an untrusted host
            else:
                self.match_request()
        table = self.app.endpoint_table
        if table is not None:
            self.endpoint = table.find(request.url_rule)

    def pop(self, exc: BaseException | None = None) -> None:
        """Run the teardown functions, close the request and deactivate the context."""
        app = self.app
        # PERF: with no teardown function, no receiver and no override, the teardown
        # methods would do nothing: they are not called.
        lean = app.dispatches_leanly
        clear = len(self._pushes) == 1
        try:
            if clear:
                endpoint = self.endpoint
                if (
                    not lean
                    or endpoint is None
                    or endpoint.teardown_request
                    or signals.request_tearing_down.receivers
                ):
                    app.do_teardown_request(exc)
                self.request.close()
        finally:
            ctx = request_ctx_var.get()
            token, app_token = self._pushes.pop()
            request_ctx_var.reset(token)
            if app_token is not None:
                try:
                    if (
                        not lean
                        or app.teardown_appcontext_funcs
                        or signals.appcontext_tearing_down.receivers
                    ):
                        app.do_teardown_appcontext(exc)
                finally:
                    app_ctx_var.reset(app_token)
        if ctx is not self:
            raise AssertionError(f"Popped wrong request context ({ctx!r} instead of {self!r}).")
        if app_token is not None and signals.appcontext_popped.receivers:
            signals.appcontext_popped.send(self.app)

    def copy(self) -> RequestContext:
        """Return a context for the same request and session, for another thread."""
        copied = RequestContext(self.app, self.request)
        copied.endpoint = self.endpoint
        copied._url_adapter = self._url_adapter
        copied._session = self._session
        return copied

    def __enter__(self) -> RequestContext:
        self.push()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.pop(exc_value)

    def __repr__(self) -> str:
        return f"<RequestContext {self.request.url!r} [{self.request.method}] of {self.app.name!r}>"


def after_this_request(f: F) -> F:
    """Run *f* on this request's response, before the ``after_request`` hooks."""
    ctx = request_ctx_var.get(None)
    if ctx is None:
        raise RuntimeError("after_this_request() can only be used while a request is handled.")
    ctx._after_request_functions.append(f)
    return f


def copy_current_request_context(f: F) -> F:
    """Wrap *f* so that it runs inside a copy of the current request context."""
    ctx = request_ctx_var.get(None)
    if ctx is None:
        raise RuntimeError(
            "copy_current_request_context() can only be used while a request is handled."
        )
    copied = ctx.copy()

    @functools.wraps(f)
    def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
        with copied:
            return f(*args, **kwargs)

    return t.cast(F, wrapper)


@t.overload
def stream_with_context(generator: t.Iterable[t.AnyStr]) -> t.Iterator[t.AnyStr]: ...


@t.overload
def stream_with_context(
    generator: t.Callable[..., t.Iterable[t.AnyStr]],
) -> t.Callable[..., t.Iterator[t.AnyStr]]: ...


def stream_with_context(
    generator: t.Iterable[t.AnyStr] | t.Callable[..., t.Iterable[t.AnyStr]],
) -> t.Iterator[t.AnyStr] | t.Callable[..., t.Iterator[t.AnyStr]]:
    """Keep the request context active while a streamed response is generated.

    Wraps an iterable, or decorates a generator function (as in Flask). The
    context is pushed again inside the stream, so it outlives the view; it is
    popped, and the teardown functions run, when the stream is exhausted or
    closed. The wrapped iterable is closed then too.
    """
    if not isinstance(generator, t.Iterable):
        function = generator

        @functools.wraps(function)
        def decorated(*args: t.Any, **kwargs: t.Any) -> t.Iterator[t.AnyStr]:
            return stream_with_context(function(*args, **kwargs))

        return decorated
    ctx = request_ctx_var.get(None)
    if ctx is None:
        raise RuntimeError("stream_with_context() can only be used while a request is handled.")
    iterable = generator

    def generate() -> t.Iterator[t.AnyStr | None]:
        with ctx:
            yield None  # primed below, so the context is pushed while the view still runs
            try:
                yield from iterable
            finally:
                close = getattr(iterable, "close", None)
                if close is not None:
                    close()

    stream = generate()
    next(stream)
    return t.cast("t.Iterator[t.AnyStr]", stream)


def current_request_context(caller: str) -> RequestContext:
    """Return the active request context; *caller* names who needs one in the error."""
    ctx = request_ctx_var.get(None)
    if ctx is None:
        raise RuntimeError(f"{caller}() needs an active request context.")
    return ctx


def current_endpoint_name() -> str | None:
    """Return the endpoint of the request being handled, for error messages."""
    ctx = request_ctx_var.get(None)
    return ctx.request.endpoint if ctx is not None else None
