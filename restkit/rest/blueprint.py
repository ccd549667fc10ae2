"""The REST blueprint: routes for resources, and the decorators that record operations."""

from __future__ import annotations

import typing as t

from ..core.blueprints import Blueprint as CoreBlueprint
from ..core.errors import SetupError
from ..core.views import MethodView
from .operation import Argument, ResponseDoc, operation_of
from .schemas import as_response_schema, as_schema

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T = t.TypeVar("T", bound=t.Callable[..., t.Any])


class Blueprint(CoreBlueprint):
    """A blueprint of REST resources, documented as one tag of the API.

    Every view registered on it — with :meth:`route`, or the core ``add_url_rule``,
    ``get``, ``post``... — runs through the REST pipeline when REST decorators
    recorded an operation on it.

    :param description: the tag's description in the OpenAPI document.
    """

    def __init__(
        self, name: str, import_name: str, *, description: str | None = None, **kwargs: t.Any
    ) -> None:
        super().__init__(name, import_name, **kwargs)
        self.description = description
        self._resource_views: dict[tuple[type[MethodView], str], t.Callable[..., t.Any]] = {}

    # -- routes ---------------------------------------------------------------------------

    def route(self, rule: str, **options: t.Any) -> t.Callable[[T], T]:
        """Register a ``MethodView`` class or a view function as a REST resource at *rule*."""

        def decorator(view: T) -> T:
            self.add_resource(rule, view, **options)
            return view

        return decorator

    def add_resource(
        self, rule: str, view: t.Callable[..., t.Any] | type[MethodView], **options: t.Any
    ) -> None:
        """Plain-method form of :meth:`route`.

        A ``MethodView`` class is registered through its ``as_view``, once per
        endpoint name, so one class may be routed at several URLs.
        """
        endpoint = options.pop("endpoint", None) or view.__name__
        if isinstance(view, type) and issubclass(view, MethodView):
            key = (view, endpoint)
            if key not in self._resource_views:
                self._resource_views[key] = view.as_view(endpoint)
            self.add_url_rule(rule, endpoint, self._resource_views[key], **options)
        else:
            self.add_url_rule(rule, endpoint, view, **options)

    # -- operation decorators -------------------------------------------------------------

    def arguments(
        self,
        schema: t.Any,
        *,
        location: str = "json",
        content_type: str | None = None,
        required: bool = True,
        description: str | None = None,
        example: t.Any = None,
        examples: dict[str, t.Any] | None = None,
        as_kwargs: bool = False,
    ) -> t.Callable[[F], F]:
        """Load and validate a part of the request with *schema*; pass it to the view.

        Loaded data is passed positionally, in decorator order top to bottom, before
        the path parameters; ``as_kwargs=True`` merges it into keyword arguments.
        """
        argument = Argument(
            as_schema(schema),
            location,
            content_type=content_type,
            required=required,
            description=description,
            example=example,
            examples=examples,
            as_kwargs=as_kwargs,
        )

        def decorator(view: F) -> F:
            # Decorators apply bottom-up; inserting first keeps top-to-bottom order.
            operation_of(view).arguments.insert(0, argument)
            return view

        return decorator

    def response(
        self,
        status_code: int,
        schema: t.Any = None,
        *,
        description: str | None = None,
        example: t.Any = None,
        examples: dict[str, t.Any] | None = None,
        headers: dict[str, t.Any] | None = None,
        content_type: str | None = None,
    ) -> t.Callable[[F], F]:
        """Serialize what the view returns with *schema*, sent with *status_code*."""
        response = ResponseDoc(
            int(status_code),
            as_response_schema(schema),
            description=description,
            example=example,
            examples=examples,
            headers=headers,
            content_type=content_type,
            success=True,
        )

        def decorator(view: F) -> F:
            operation = operation_of(view)
            if operation.success is not None:
                raise SetupError(
                    f"{view.__qualname__} has two @response decorators: declare the success "
                    "response once and other statuses with @alt_response."
                )
            operation.success = response
            return view

        return decorator

    def alt_response(
        self,
        status_code: int,
        *,
        schema: t.Any = None,
        description: str | None = None,
        example: t.Any = None,
        headers: dict[str, t.Any] | None = None,
        success: bool = False,
    ) -> t.Callable[[F], F]:
        """Document another response the view may give (an error, or another success)."""
        response = ResponseDoc(
            int(status_code),
            as_response_schema(schema),
            description=description,
            example=example,
            headers=headers,
            success=success,
        )

        def decorator(view: F) -> F:
            operation_of(view).alt_responses.insert(0, response)
            return view

        return decorator

    def doc(self, **operation_fields: t.Any) -> t.Callable[[F], F]:
        """Add OpenAPI operation fields (summary, tags, deprecated, ...; ``hide=True``)."""

        def decorator(view: F) -> F:
            operation_of(view).doc.update(operation_fields)
            return view

        return decorator
