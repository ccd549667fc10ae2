"""Walk the app's URL map: each documented (rule, method) with its function and operation."""

from __future__ import annotations

import dataclasses
import typing as t

from ..core.views import MethodView
from ..rest.endpoint import RestEndpoint
from ..rest.operation import recorded_operation

if t.TYPE_CHECKING:
    from werkzeug.routing import Rule

    from ..core.app import App
    from ..core.blueprints import Blueprint
    from ..rest.operation import Operation

#: The order of the operations in an OpenAPI path item.
METHOD_ORDER = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")


@dataclasses.dataclass(frozen=True)
class RouteOperation:
    """One HTTP method of one URL rule, as the spec builder sees it."""

    rule: Rule
    method: str
    function: t.Callable[..., t.Any]
    """The Python function handling the method (its docstring documents it)."""
    operation: Operation
    blueprint_name: str | None
    """The dotted name the rule's blueprint was registered under, if any."""
    blueprint: Blueprint | None


def route_operations(app: App) -> t.Iterator[RouteOperation]:
    """Yield every operation of *app*'s URL map, in registration order.

    Static-file routes, automatic ``OPTIONS`` and the ``HEAD`` werkzeug adds to
    ``GET`` are left out; hidden operations are not (the caller decides).
    """
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if view is None or getattr(view, "__name__", None) == "send_static_file":
            continue
        blueprint_name = rule.endpoint.rpartition(".")[0] or None
        blueprint = app.blueprints.get(blueprint_name) if blueprint_name else None
        for method, function, operation in view_operations(view, rule):
            yield RouteOperation(rule, method, function, operation, blueprint_name, blueprint)


def view_operations(
    view: t.Callable[..., t.Any], rule: Rule
) -> list[tuple[str, t.Callable[..., t.Any], Operation]]:
    """Return ``(method, function, operation)`` for each documented method of *rule*."""
    endpoint = getattr(view, "rest_endpoint", None)
    if isinstance(endpoint, RestEndpoint):
        by_method = endpoint.operations()
        return [
            (method, *by_method[method])
            for method in METHOD_ORDER
            if method in by_method and method in (rule.methods or ())
        ]
    view_class = getattr(view, "view_class", None)
    resource = (
        view_class if isinstance(view_class, type) and issubclass(view_class, MethodView) else None
    )
    methods = set(rule.methods or ())
    if getattr(rule, "provide_automatic_options", False):
        methods.discard("OPTIONS")
    if "GET" in methods and (resource is None or resource.method_handlers.get("HEAD") != "head"):
        methods.discard("HEAD")
    documented = []
    for method in METHOD_ORDER:
        if method not in methods:
            continue
        function = view
        if resource is not None:
            handler = resource.method_handlers.get(method)
            if handler is None:
                continue
            function = getattr(resource, handler)
        documented.append((method, function, recorded_operation(function)))
    return documented
