"""The endpoint table: for each endpoint, its handler and its hooks, resolved once at finalize."""

from __future__ import annotations

import dataclasses
import typing as t
from types import MappingProxyType

from werkzeug.exceptions import HTTPException

from .errors import SetupError
from .views import MethodView

if t.TYPE_CHECKING:
    from werkzeug.routing import Rule

    from .app import App
    from .appsetup import AppSetup
    from .ctx import RequestContext
    from .scaffold import ErrorHandler
    from .wrappers import Response

#: Runs one request for an endpoint: returns what the view returned (a response
#: value that ``App.make_response`` understands).
Handler = t.Callable[["RequestContext", dict[str, t.Any]], t.Any]
ViewFunction = t.Callable[..., t.Any]


class ViewCompiler(t.Protocol):
    """Turns a view into a handler, or returns ``None`` for views it does not handle.

    :param app: the app being finalized.
    :param endpoint: the endpoint name the view is registered under.
    :param view: the view function.
    :param methods: every HTTP method the view serves on some URL rule of the endpoint
        (OPTIONS only where the view answers it rather than the app).
    """

    def __call__(
        self, app: App, endpoint: str, view: ViewFunction, methods: frozenset[str]
    ) -> Handler | None: ...


_view_compilers: list[ViewCompiler] = []


def register_view_compiler(compiler: ViewCompiler) -> None:
    """Let a layer above core compile the views it recognizes (once per compiler).

    When an app finalizes, each view is offered to the registered compilers in
    registration order; the first handler returned serves the endpoint. Views
    no compiler takes are called with the URL values as keyword arguments.
    """
    if compiler not in _view_compilers:
        _view_compilers.append(compiler)


def unregister_view_compiler(compiler: ViewCompiler) -> None:
    """Undo :func:`register_view_compiler` (for tests of compilers)."""
    _view_compilers.remove(compiler)


def call_view(view: ViewFunction) -> Handler:
    """Return the plain handler: call *view* with the URL values as keyword arguments.

    A plain ``MethodView`` (no ``decorators``, its own ``dispatch_request``) has
    its method called directly, as ``dispatch_request`` would.
    """
    view_class = getattr(view, "view_class", None)
    make_instance = getattr(view, "view_instance", None)
    if (
        isinstance(view_class, type)
        and issubclass(view_class, MethodView)
        and view_class.dispatch_request is MethodView.dispatch_request
        and not view_class.decorators
        and make_instance is not None
    ):
        # PERF: the request's method is read from the context, not through a proxy.
        handlers = view_class.method_handlers

        def call_method(ctx: RequestContext, view_args: dict[str, t.Any]) -> t.Any:
            name = handlers.get(ctx.request.method)
            if name is None:
                raise AssertionError(f"Unimplemented method {ctx.request.method!r}")
            return getattr(make_instance(), name)(**view_args)

        return call_method
    return lambda ctx, view_args: view(**view_args)


class ErrorHandlers:
    """The error handlers an endpoint sees: its blueprints' (innermost first), then the app's.

    A handler registered for the exception's code wins over one registered for
    its class; within each, blueprints win over the app and the closest class of
    the exception's MRO wins. Lookups are remembered per exception class and code.
    """

    __slots__ = ("_found", "_scopes")

    def __init__(self, scopes: tuple[t.Mapping[int | None, dict[type, ErrorHandler]], ...]) -> None:
        self._scopes = scopes
        self._found: dict[tuple[type, int | None], ErrorHandler | None] = {}

    def find(self, exc: BaseException) -> ErrorHandler | None:
        """Return the handler for *exc*, or ``None``."""
        code = exc.code if isinstance(exc, HTTPException) else None
        key = (type(exc), code)
        try:
            return self._found[key]
        except KeyError:
            found = self._found[key] = self._search(type(exc), code)
            return found

    def _search(self, exc_class: type, code: int | None) -> ErrorHandler | None:
        for key in (code, None) if code is not None else (None,):
            for scope in self._scopes:
                handlers = scope.get(key)
                if not handlers:
                    continue
                for cls in exc_class.__mro__:
                    handler = handlers.get(cls)
                    if handler is not None:
                        return handler
        return None


@dataclasses.dataclass(frozen=True, slots=True)
class Endpoint:
    """One endpoint of the table: what serves it and the hooks around it.

    The app itself has one too (``name`` ``None``, no handler): requests that
    matched no URL rule run its hooks and error handlers.
    """

    name: str | None
    handler: Handler | None
    blueprints: tuple[str, ...]
    """The endpoint's blueprint and its parents, innermost first."""
    url_value_preprocessors: tuple[t.Callable[[str | None, dict[str, t.Any] | None], None], ...]
    before_request: tuple[t.Callable[[], t.Any], ...]
    """``before_request`` functions in the order they run: the app's first."""
    after_request: tuple[t.Callable[[Response], Response], ...]
    """``after_request`` functions in the order they run: innermost blueprint first."""
    teardown_request: tuple[t.Callable[[BaseException | None], None], ...]
    """``teardown_request`` functions in the order they run: innermost blueprint first."""
    error_handlers: ErrorHandlers

    @property
    def hookless(self) -> bool:
        """Whether no URL value preprocessor, ``before_request`` or ``after_request`` runs."""
        return not (self.url_value_preprocessors or self.before_request or self.after_request)

    def __repr__(self) -> str:
        return f"<Endpoint {self.name!r}>"


def blueprint_chain(endpoint: str | None) -> tuple[str, ...]:
    """Return the blueprints of *endpoint*, innermost first: ``a.b.view`` → ``("a.b", "a")``."""
    if endpoint is None or "." not in endpoint:
        return ()
    parts = endpoint.split(".")[:-1]
    return tuple(".".join(parts[:i]) for i in range(len(parts), 0, -1))


def build_endpoint(app: AppSetup, name: str | None, handler: Handler | None) -> Endpoint:
    """Resolve the hooks and error handlers of endpoint *name* along its blueprint chain."""
    blueprints = blueprint_chain(name)
    outward = (*blueprints, None)  # innermost blueprint first, the app last
    inward = tuple(reversed(outward))  # the app first

    def collect(registry: t.Mapping[str | None, t.Sequence[t.Any]], scopes: t.Any) -> list[t.Any]:
        return [func for scope in scopes for func in registry.get(scope, ())]

    return Endpoint(
        name=name,
        handler=handler,
        blueprints=blueprints,
        url_value_preprocessors=tuple(collect(app.url_value_preprocessors, inward)),
        before_request=tuple(collect(app.before_request_funcs, inward)),
        after_request=tuple(
            func for scope in outward for func in reversed(app.after_request_funcs.get(scope, ()))
        ),
        teardown_request=tuple(
            func
            for scope in outward
            for func in reversed(app.teardown_request_funcs.get(scope, ()))
        ),
        error_handlers=ErrorHandlers(
            tuple(
                app.error_handler_spec[scope]
                for scope in outward
                if scope in app.error_handler_spec
            )
        ),
    )


def compile_view(app: App, endpoint: str, view: ViewFunction) -> Handler:
    """Return the handler of *view*: the first registered compiler's, else :func:`call_view`."""
    methods = frozenset(
        method
        for rule in app.url_map.iter_rules(endpoint)
        for method in rule.methods or ()
        if method != "OPTIONS" or not getattr(rule, "provide_automatic_options", False)
    )
    for compiler in _view_compilers:
        handler = compiler(app, endpoint, view, methods)
        if handler is not None:
            return handler
    return call_view(view)


class EndpointTable:
    """Every endpoint of an app with its handler and hooks; built by ``App.finalize()``.

    :param app: the app whose routes, hooks and handlers are resolved.
    """

    __slots__ = ("app_scope", "endpoints")

    def __init__(self, app: App) -> None:
        _check_rules_have_views(app)
        #: The hooks and handlers of requests that matched no rule.
        self.app_scope = build_endpoint(app, None, None)
        #: Endpoint name -> :class:`Endpoint`.
        self.endpoints: t.Mapping[str, Endpoint] = MappingProxyType(
            {
                name: build_endpoint(app, name, compile_view(app, name, view))
                for name, view in app.view_functions.items()
            }
        )

    def find(self, rule: Rule | None) -> Endpoint:
        """Return the endpoint of the URL rule a request matched; the app scope for ``None``."""
        return self.app_scope if rule is None else self.endpoints[rule.endpoint]

    def __getitem__(self, name: str) -> Endpoint:
        return self.endpoints[name]

    def __len__(self) -> int:
        return len(self.endpoints)

    def __repr__(self) -> str:
        return f"<EndpointTable of {len(self.endpoints)} endpoints>"


def _check_rules_have_views(app: AppSetup) -> None:
    for rule in app.url_map.iter_rules():
        if rule.build_only or rule.redirect_to is not None:
            continue
        if rule.endpoint not in app.view_functions:
            raise SetupError(
                f"URL rule {rule.rule!r} points at endpoint {rule.endpoint!r}, which has no "
                "view function: register one with @app.endpoint(...) or add_url_rule(..., "
                "view_func=...), or make the rule build_only."
            )
