"""Which Python function handles each HTTP method of a view, and the operation recorded on it.

The compiler and the spec builder both read views through this module, so the
pipeline that runs and the document that describes it see the same functions.
"""

from __future__ import annotations

import typing as t

from ..core.views import MethodView
from .operation import OPERATION_ATTRIBUTE, Operation, recorded_operation

ViewFunction = t.Callable[..., t.Any]


def resource_class(view: ViewFunction) -> type[MethodView] | None:
    """Return the ``MethodView`` class *view* was made from with ``as_view``, if any."""
    view_class = getattr(view, "view_class", None)
    if isinstance(view_class, type) and issubclass(view_class, MethodView):
        return view_class
    return None


def method_functions(view: ViewFunction, methods: t.Iterable[str]) -> dict[str, ViewFunction]:
    """Return, for each of *methods* the view handles, the function that handles it.

    A ``MethodView``'s methods map to its own Python methods (HEAD to ``get``
    when it has no ``head``); any other view handles every method itself.
    """
    resource = resource_class(view)
    if resource is None:
        return dict.fromkeys(methods, view)
    handlers = resource.method_handlers
    return {method: getattr(resource, handlers[method]) for method in methods if method in handlers}


def has_operations(functions: t.Mapping[str, ViewFunction]) -> bool:
    """Whether a REST decorator recorded an operation on any of *functions*."""
    return any(hasattr(function, OPERATION_ATTRIBUTE) for function in functions.values())


def method_operations(
    view: ViewFunction, methods: t.Iterable[str]
) -> dict[str, tuple[ViewFunction, Operation]]:
    """Return, per method, the handling function and its operation (empty if none recorded)."""
    return {
        method: (function, recorded_operation(function))
        for method, function in method_functions(view, methods).items()
    }
