"""Blueprint decorators that switch on per-endpoint features: ETags, idempotency keys, auth.

Each records its setting on the view's ``Operation`` (or on every method of a
``MethodView`` class, or on a whole blueprint for authentication); the pipeline
stage and the OpenAPI entry both read that record.
"""

from __future__ import annotations

import typing as t

from marshmallow import Schema

from ..core.blueprints import Blueprint as CoreBlueprint
from ..core.errors import SetupError
from ..core.views import MethodView
from . import etag as conditional
from .auth_requirement import (
    AuthRequirement,
    require_on_blueprint,
    require_on_resource,
    require_on_view,
)
from .idempotency import Idempotency
from .operation import Etag, operation_of

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T = t.TypeVar("T", bound=t.Callable[..., t.Any])
Protected = t.TypeVar("Protected")

if t.TYPE_CHECKING:
    from .auth import Auth


class FeatureDecorators:
    """The feature decorators of :class:`~restkit.rest.Blueprint`."""

    #: Response headers whose values enter an ETag computed from a response
    #: (flask-smorest's name), so a page's ETag changes with its pagination header.
    ETAG_INCLUDE_HEADERS: t.ClassVar[tuple[str, ...]] = ("X-Pagination",)

    @t.overload
    def etag(
        self, obj: type[Schema] | Schema | dict[str, t.Any] | None = None
    ) -> t.Callable[[F], F]: ...

    @t.overload
    def etag(self, obj: F) -> F: ...

    def etag(self, obj: t.Any = None) -> t.Any:
        """Send ETags with the view's responses and honour conditional requests.

        Bare (``@blp.etag``), the ETag is computed from the response body;
        ``@blp.etag(schema)`` computes it from *schema*'s dump of what the view
        returns. GET and HEAD answer 304 to a matching ``If-None-Match``; PUT,
        PATCH and DELETE require ``If-Match`` (428), which the view compares with
        :meth:`check_etag` (412). On a ``MethodView`` class it applies to every
        method. See ``docs/conditional-requests.md``.
        """
        if callable(obj) and not (isinstance(obj, type) and issubclass(obj, Schema)):
            return self.etag()(obj)
        record = Etag(
            None if obj is None else conditional.etag_schema(obj),
            include_headers=tuple(self.ETAG_INCLUDE_HEADERS),
        )

        def decorator(view: F) -> F:
            if isinstance(view, type) and issubclass(view, MethodView):
                for name in set(view.method_handlers.values()):
                    operation_of(getattr(view, name)).etag = record
            else:
                operation_of(view).etag = record
            return view

        return decorator

    def check_etag(self, obj: t.Any, schema: t.Any = None) -> None:
        """Refuse the request with 412 unless ``If-Match`` names the current ETag of *obj*.

        Call it in a PUT, PATCH or DELETE view of an ``@etag`` endpoint, with the
        resource as it is before the change.

        :param schema: dumps *obj* before hashing (pass the GET's response
            schema so the ETags agree); by default the ``@etag`` schema, else
            *obj* is hashed as it is.
        """
        conditional.check_etag(obj, schema)

    def set_etag(self, obj: t.Any, schema: t.Any = None) -> None:
        """Compute the response's ETag from *obj* instead of from the response.

        In a GET or HEAD whose ``If-None-Match`` names that ETag, the view stops
        here and the client gets 304.

        :param schema: dumps *obj* before hashing; by default the ``@etag``
            schema, else *obj* is hashed as it is.
        """
        conditional.set_etag(obj, schema)

    @t.overload
    def idempotent(self, view: None = None, *, required: bool = False) -> t.Callable[[T], T]: ...

    @t.overload
    def idempotent(self, view: T) -> T: ...

    def idempotent(self, view: t.Any = None, *, required: bool = False) -> t.Any:
        """Honour ``Idempotency-Key`` on this view: a retry gets the first response again.

        Bare (``@blp.idempotent``) or with options; on a ``MethodView`` class it
        applies to each of its POST, PUT, PATCH and DELETE methods (safe methods
        never take keys). See ``docs/idempotency.md``.

        :param required: refuse requests without the header with 400.
        """
        if view is not None:
            return self.idempotent(required=required)(view)
        record = Idempotency(required=required)

        def decorator(target: T) -> T:
            if isinstance(target, type) and issubclass(target, MethodView):
                for name in set(target.method_handlers.values()):
                    operation_of(getattr(target, name)).idempotency = record
            else:
                operation_of(target).idempotency = record
            return target

        return decorator

    def auth_required(
        self,
        auth: Auth,
        *,
        scopes: t.Sequence[str] | str | None = None,
        optional: bool = False,
    ) -> t.Callable[[Protected], Protected]:
        """Require authentication with *auth* (``a | b``: either, ``a & b``: both).

        Decorates a view function, a ``MethodView`` method, a whole ``MethodView``
        class, or a whole blueprint (``blp.auth_required(auth)(blp)``: every view
        registered on it, nested blueprints' too). The closest declaration wins:
        method, then class, then the innermost blueprint.

        :param scopes: roles or scopes the user must all have, from the schemes'
            ``get_user_roles`` (403 otherwise).
        :param optional: let requests that carry no credentials at all through,
            with ``auth.current_user`` ``None``.
        """
        if isinstance(scopes, str):
            scopes = (scopes,)
        requirement = AuthRequirement(auth, tuple(scopes or ()), optional)

        def decorator(target: Protected) -> Protected:
            if isinstance(target, CoreBlueprint):
                target._check_setup_finished("auth_required")
                require_on_blueprint(target, requirement)
            elif isinstance(target, type) and issubclass(target, MethodView):
                require_on_resource(target, requirement)
            elif callable(target):
                require_on_view(target, requirement)
            else:
                raise SetupError(
                    f"auth_required decorates a view function, a MethodView class or a "
                    f"blueprint, not {target!r}."
                )
            return target

        return decorator
