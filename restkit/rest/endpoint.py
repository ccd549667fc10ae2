"""A REST route's endpoint: the view (function or resource class) and its compiled handlers."""

from __future__ import annotations

import typing as t

from ..core.globals import request_ctx_var
from ..core.views import MethodView
from .operation import Operation, recorded_operation

if t.TYPE_CHECKING:
    from ..core.appsetup import AppSetup
    from ..core.wrappers import Request, Response
    from .blueprint import Blueprint

ENDPOINTS_KEY = "restkit.rest.endpoints"
Handler = t.Callable[["Request", dict[str, t.Any]], "Response"]
ViewCaller = t.Callable[..., t.Any]


class RestEndpoint:
    """One REST route: which function handles each HTTP method, and how.

    Each registration on an app gets its own view function and handler table
    (see :meth:`view_function`); the compiler fills the table when the app
    starts serving.
    """

    def __init__(
        self,
        view: t.Callable[..., t.Any] | type[MethodView],
        name: str,
        *,
        methods: t.Iterable[str] | None = None,
        blueprint: Blueprint | None = None,
    ) -> None:
        self.view = view
        self.name = name
        self.blueprint = blueprint
        self.resource: type[MethodView] | None = None
        if isinstance(view, type) and issubclass(view, MethodView):
            self.resource = view
            self.functions = {
                method: getattr(view, attribute)
                for method, attribute in view.method_handlers.items()
                if method != "HEAD" or attribute == "head"
            }
        else:
            self.functions = {method.upper(): view for method in (methods or ("GET",))}
        self.methods = sorted(self.functions)

    def __repr__(self) -> str:
        return f"<RestEndpoint {self.name!r} {self.methods}>"

    def operations(self) -> dict[str, tuple[t.Callable[..., t.Any], Operation]]:
        """Return, per HTTP method, the Python function and its recorded operation."""
        return {
            method: (function, recorded_operation(function))
            for method, function in self.functions.items()
        }

    def caller(self, method: str) -> ViewCaller:
        """Return a callable that runs the user's code for *method* with view arguments."""
        function: ViewCaller = self.functions[method]
        resource = self.resource
        if resource is None:
            return function
        attribute = function.__name__
        if resource.init_every_request:

            def call(*args: t.Any, **kwargs: t.Any) -> t.Any:
                return getattr(resource(), attribute)(*args, **kwargs)

            return call
        return t.cast(ViewCaller, getattr(resource(), attribute))

    def view_function(self, handlers: dict[str, Handler]) -> t.Callable[..., t.Any]:
        """Return a view function dispatching to the compiled *handlers*, by HTTP method."""

        def dispatch(**view_args: t.Any) -> Response:
            request = request_ctx_var.get().request
            return handlers[request.method](request, view_args)

        view: t.Callable[..., t.Any] = dispatch
        for decorator in self.resource.decorators if self.resource is not None else ():
            view = decorator(view)
        view.__name__ = self.name
        view.__doc__ = self.view.__doc__
        view.__module__ = self.view.__module__
        view.rest_endpoint = self  # type: ignore[attr-defined]
        return view


def registered_endpoints(app: AppSetup) -> list[tuple[RestEndpoint, dict[str, Handler]]]:
    """Return the REST endpoints registered on *app*, each with its handler table."""
    return app.extensions.setdefault(ENDPOINTS_KEY, [])  # type: ignore[no-any-return]
