"""The REST blueprint: routes for resources, and the decorators that record operations."""

from __future__ import annotations

import typing as t

from ..core.blueprints import Blueprint as CoreBlueprint
from ..core.errors import SetupError
from ..core.views import MethodView
from .blueprint_features import FeatureDecorators
from .cors import blueprint_settings
from .lifecycle import Moment, install_lifecycle, lifecycle_from_options
from .operation import Argument, ResponseDoc, operation_of, record_route_documentation
from .pagination import Pager, Pagination
from .ratelimit import OPERATION_POLICY, KeyFunction, RateLimit
from .schemas import as_response_schema, as_schema

F = t.TypeVar("F", bound=t.Callable[..., t.Any])
T = t.TypeVar("T", bound=t.Callable[..., t.Any])


class Blueprint(FeatureDecorators, CoreBlueprint):
    """A blueprint of REST resources, documented as one tag of the API.

    Every view registered on it — with :meth:`route`, or the core ``add_url_rule``,
    ``get``, ``post``... — runs through the REST pipeline when REST decorators
    recorded an operation on it.

    :param description: the tag's description in the OpenAPI document.
    :param cors: CORS settings for its routes, overriding the ``API_CORS_*`` keys:
        ``origins``, ``allow_credentials``, ``allow_headers``, ``expose_headers``,
        ``max_age`` (see ``docs/cors.md``).
    :param deprecated: when this API version was deprecated (a date, a datetime or
        ISO 8601 text): its responses carry ``Deprecation``, its operations are
        documented as deprecated.
    :param sunset: when it is retired: its responses carry ``Sunset``.
    :param deprecation_link: a page about the deprecation: ``Link: <url>; rel="deprecation"``.
    :param sunset_gone: answer 410 Gone after the sunset (see ``docs/versioning.md``).
    """

    def __init__(
        self,
        name: str,
        import_name: str,
        *,
        description: str | None = None,
        cors: t.Mapping[str, t.Any] | None = None,
        deprecated: Moment | None = None,
        sunset: Moment | None = None,
        deprecation_link: str | None = None,
        sunset_gone: bool = False,
        **kwargs: t.Any,
    ) -> None:
        super().__init__(name, import_name, **kwargs)
        self.description = description
        self.cors = None if cors is None else blueprint_settings(cors, name)
        self.lifecycle = lifecycle_from_options(deprecated, sunset, deprecation_link, sunset_gone)
        if self.lifecycle is not None:
            install_lifecycle(self, self.lifecycle)
        self._resource_views: dict[tuple[type[MethodView], str], t.Callable[..., t.Any]] = {}

    # -- routes ---------------------------------------------------------------------------

    def route(self, rule: str, **options: t.Any) -> t.Callable[[T], T]:
        """Register a ``MethodView`` class or a view function as a REST resource at *rule*.

        :param options: ``endpoint``, ``methods``, werkzeug ``Rule`` options, and for
            the OpenAPI document ``parameters`` (parameter objects, or names of
            parameter components, for every method) and ``tags`` (instead of the
            blueprint's).
        """

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
        record_route_documentation(
            view, parameters=options.pop("parameters", None), tags=options.pop("tags", None)
        )
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
        response: str | None = None,
        *,
        schema: t.Any = None,
        content_type: str | None = None,
        description: str | None = None,
        example: t.Any = None,
        examples: dict[str, t.Any] | None = None,
        headers: dict[str, t.Any] | None = None,
        success: bool = False,
    ) -> t.Callable[[F], F]:
        """Document another response the view may give (an error, or another success).

        :param response: the name of a response component that documents it instead
            (``"NOT_FOUND"``: each HTTP status name documents that error).
        :param schema: the body's schema; for an error status it must be the
            error handler's own, since the handler sends every error.
        """
        if response is not None and not isinstance(response, str):
            raise SetupError(
                f"alt_response({status_code}, {response!r}): the second argument names a "
                "response component; pass a schema as schema=..."
            )
        declared = ResponseDoc(
            int(status_code),
            as_response_schema(schema),
            description=description,
            example=example,
            examples=examples,
            headers=headers,
            content_type=content_type,
            success=success,
            reference=response,
        )

        def decorator(view: F) -> F:
            operation_of(view).alt_responses.insert(0, declared)
            return view

        return decorator

    def paginate(
        self,
        pager: Pager | None = None,
        *,
        page: int = 1,
        page_size: int = 10,
        max_page_size: int = 100,
        envelope: bool = False,
    ) -> t.Callable[[F], F]:
        """Send one page of what the view returns; see ``docs/pagination.md``.

        Without *pager*, the view gets ``pagination_parameters`` and returns a list
        (paged here) or the page it selected, with ``item_count`` set. A
        :class:`~restkit.rest.pagination.Page` class pages what the view returns; a
        :class:`~restkit.rest.pagination.CursorPage` pages a feed by cursor.

        :param page: the page number when the request gives none.
        :param page_size: the page size when the request gives none.
        :param max_page_size: the largest page size a request may ask for.
        :param envelope: send ``{"items": [...], "pagination": {...}}`` rather than
            the ``X-Pagination`` and ``Link`` headers.
        """
        pagination = Pagination(
            pager, page=page, page_size=page_size, max_page_size=max_page_size, envelope=envelope
        )

        def decorator(view: F) -> F:
            operation = operation_of(view)
            if operation.pagination is not None:
                raise SetupError(f"{view.__qualname__} has two @paginate decorators: keep one.")
            operation.pagination = pagination
            return view

        return decorator

    def rate_limit(
        self, limit: str | None, *, key: KeyFunction | None = None, policy: str | None = None
    ) -> t.Callable[[F], F]:
        """Limit how often a caller may call the view: past the quota, 429 with ``Retry-After``.

        Responses carry the ``RateLimit-Policy`` and ``RateLimit`` fields. The
        limit replaces the app's ``API_RATE_LIMIT`` for this view, and is counted
        for it alone; on a ``MethodView`` class it applies to each method. See
        ``docs/rate-limits.md``.

        :param limit: in ``limits`` notation: ``"100/minute"``, ``"10/second;1000/day"``;
            ``None`` exempts the view from ``API_RATE_LIMIT``.
        :param key: returns the text a request is counted by; by default the caller
            (``user:<id>`` when authenticated, else ``address:<client address>``).
        :param policy: the policy's name in the header fields (``"operation"``).
        """
        record = RateLimit(limit, key=key, policy=policy or OPERATION_POLICY)

        def decorator(view: F) -> F:
            if isinstance(view, type) and issubclass(view, MethodView):
                functions = [getattr(view, name) for name in set(view.method_handlers.values())]
            else:
                functions = [view]
            for function in functions:
                operation = operation_of(function)
                if operation.rate_limit is not None:
                    raise SetupError(f"{function.__qualname__} has two @rate_limit decorators.")
                operation.rate_limit = record
            return view

        return decorator

    def doc(self, **operation_fields: t.Any) -> t.Callable[[F], F]:
        """Add OpenAPI operation fields (summary, tags, deprecated, ...; ``hide=True``)."""

        def decorator(view: F) -> F:
            operation_of(view).doc.update(operation_fields)
            return view

        return decorator
