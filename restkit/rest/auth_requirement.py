"""Where authentication is required: on a view function, a ``MethodView`` class, a blueprint.

``Blueprint.auth_required`` records an :class:`AuthRequirement` on what it
decorates. :func:`required_auth` is the one reader both the pipeline compiler and
the OpenAPI builder use: the view function's own requirement wins, then its
``MethodView`` class's, then its blueprints', innermost first.
"""

from __future__ import annotations

import dataclasses
import typing as t

from ..core.errors import SetupError
from ..core.views import MethodView
from .operation import operation_of
from .resources import resource_class

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.blueprints import Blueprint, BlueprintSetupState
    from .auth import Auth
    from .operation import Operation

#: The attribute of a ``MethodView`` class or a blueprint holding its requirement.
AUTH_ATTRIBUTE = "__restkit_auth__"


@dataclasses.dataclass(frozen=True, slots=True)
class AuthRequirement:
    """One ``auth_required`` declaration."""

    auth: Auth
    """The scheme, or the schemes combined with ``|`` and ``&``."""
    scopes: tuple[str, ...] = ()
    """Roles or scopes the user must all have (from ``get_user_roles``)."""
    optional: bool = False
    """Whether a request with no credentials at all gets through, anonymous."""


def required_auth(app: App, endpoint: str, operation: Operation) -> AuthRequirement | None:
    """Return the requirement that applies to *operation*, one method of *endpoint*."""
    if operation.auth is not None:
        return operation.auth
    view = app.view_functions.get(endpoint)
    resource = resource_class(view) if view is not None else None
    found: AuthRequirement | None = getattr(resource, AUTH_ATTRIBUTE, None)
    name = endpoint
    while found is None and "." in name:
        name = name.rpartition(".")[0]
        found = getattr(app.blueprints.get(name), AUTH_ATTRIBUTE, None)
    return found


def require_on_view(view: t.Callable[..., t.Any], requirement: AuthRequirement) -> None:
    """Record *requirement* on a view function or a ``MethodView`` method."""
    operation = operation_of(view)
    if operation.auth is not None:
        raise SetupError(
            f"{view.__qualname__} has two @auth_required decorators: combine the schemes "
            "with | (either) or & (both) in one."
        )
    operation.auth = requirement


def require_on_resource(resource: type[MethodView], requirement: AuthRequirement) -> None:
    """Record *requirement* on a ``MethodView`` class, for its methods that have none."""
    if AUTH_ATTRIBUTE in vars(resource):
        raise SetupError(f"{resource.__qualname__} has two @auth_required decorators.")
    setattr(resource, AUTH_ATTRIBUTE, requirement)
    compile_with_operations(resource)


def require_on_blueprint(blueprint: Blueprint, requirement: AuthRequirement) -> None:
    """Record *requirement* as the default of every view registered on *blueprint*.

    Views of nested blueprints included. Views no REST decorator touched get an
    empty operation when the app starts serving, so they are compiled, and checked.
    """
    if getattr(blueprint, AUTH_ATTRIBUTE, None) is not None:
        raise SetupError(f"Blueprint {blueprint.name!r} has two @auth_required defaults.")
    setattr(blueprint, AUTH_ATTRIBUTE, requirement)
    blueprint.record(compile_registered_views)


def compile_registered_views(state: BlueprintSetupState) -> None:
    """Make every view of one registration of a blueprint compiled, once setup ends."""
    app, prefix = state.app, f"{state.full_name}."

    def give_operations() -> None:
        for endpoint, view in app.view_functions.items():
            if endpoint.startswith(prefix):
                compile_with_operations(resource_class(view) or view)

    app.before_serving(give_operations)


def compile_with_operations(view: t.Callable[..., t.Any] | type[MethodView]) -> None:
    """Give each function of *view* an operation, so the REST compiler compiles it."""
    if isinstance(view, type) and issubclass(view, MethodView):
        for attribute in view.method_handlers.values():
            operation_of(getattr(view, attribute))
    else:
        operation_of(view)
