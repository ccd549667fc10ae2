"""Walk the app's URL map: each documented (rule, method) with its function and operation."""

from __future__ import annotations

import dataclasses
import typing as t

from ..rest.resources import method_operations

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
        for method, function, operation in documented_operations(view, rule):
            yield RouteOperation(rule, method, function, operation, blueprint_name, blueprint)


def documented_operations(
    view: t.Callable[..., t.Any], rule: Rule
) -> list[tuple[str, t.Callable[..., t.Any], Operation]]:
    """Return ``(method, function, operation)`` for each documented method of *rule*.

    The functions and operations are those the compiler reads
    (:func:`~restkit.rest.resources.method_operations`); the ``HEAD`` that only
    runs ``GET`` and the ``OPTIONS`` the app answers are not documented.
    """
    methods = set(rule.methods or ())
    if getattr(rule, "provide_automatic_options", False):
        methods.discard("OPTIONS")
    operations = method_operations(view, methods)
    head = operations.get("HEAD")
    if head is not None and head[0] is operations.get("GET", (None,))[0]:
        del operations["HEAD"]
    return [(method, *operations[method]) for method in METHOD_ORDER if method in operations]
