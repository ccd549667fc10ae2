"""The records REST decorators write on a view: what an endpoint takes and returns."""

from __future__ import annotations

import dataclasses
import typing as t

from ..core.errors import SetupError
from ..core.views import MethodView

if t.TYPE_CHECKING:
    from marshmallow import Schema

    from .auth_requirement import AuthRequirement
    from .idempotency import Idempotency
    from .pagination import Pagination
    from .ratelimit import RateLimit
    from .schemas import ArgumentSchema

LOCATIONS = ("json", "query", "path", "headers", "cookies", "form", "files", "json_or_form")
BODY_LOCATIONS = frozenset({"json", "form", "files", "json_or_form"})
OPERATION_ATTRIBUTE = "__restkit_operation__"


@dataclasses.dataclass(frozen=True, slots=True)
class Argument:
    """One ``arguments`` declaration: a schema loaded from one request location."""

    schema: ArgumentSchema
    location: str = "json"
    content_type: str | None = None
    required: bool = True
    description: str | None = None
    example: t.Any = None
    examples: dict[str, t.Any] | None = None
    as_kwargs: bool = False

    def __post_init__(self) -> None:
        if self.location not in LOCATIONS:
            raise SetupError(
                f"Unknown argument location {self.location!r}: use one of {', '.join(LOCATIONS)}."
            )

    @property
    def is_body(self) -> bool:
        """Whether the argument comes from the request body."""
        return self.location in BODY_LOCATIONS


@dataclasses.dataclass(frozen=True, slots=True)
class ResponseDoc:
    """One ``response`` or ``alt_response`` declaration."""

    status_code: int
    schema: t.Any = None
    """A marshmallow ``Schema`` instance (or ``None`` for no documented body)."""
    description: str | None = None
    example: t.Any = None
    examples: dict[str, t.Any] | None = None
    headers: dict[str, t.Any] | None = None
    content_type: str | None = None
    success: bool = False
    reference: str | None = None
    """The name of a response component documenting it (``alt_response(404, "NOT_FOUND")``)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Etag:
    """The ``etag`` declaration: ETags on responses, and conditional requests honoured."""

    schema: Schema | None = None
    """The schema whose dump of the view's value the ETag is computed from; ``None``:
    the ETag is computed from the response body."""
    include_headers: tuple[str, ...] = ()
    """Response headers whose values enter an ETag computed from the response."""


@dataclasses.dataclass(slots=True)
class Operation:
    """Everything the decorators recorded about one view function.

    Two readers only: the compiler (the per-request pipeline) and the spec
    builder (the OpenAPI operation).
    """

    arguments: list[Argument] = dataclasses.field(default_factory=list)
    success: ResponseDoc | None = None
    alt_responses: list[ResponseDoc] = dataclasses.field(default_factory=list)
    doc: dict[str, t.Any] = dataclasses.field(default_factory=dict)
    parameters: list[dict[str, t.Any] | str] = dataclasses.field(default_factory=list)
    """Parameters documented as given, from ``route(..., parameters=...)``: dicts, or
    names of parameter components."""
    tags: list[str] | None = None
    """The tags of ``route(..., tags=...)``; ``None``: the blueprint's."""
    pagination: Pagination | None = None
    """What ``paginate`` recorded: the pager, the page parameters, headers or envelope."""
    etag: Etag | None = None
    """The ``etag`` declaration: ``None`` when the view sends no ETag."""
    auth: AuthRequirement | None = None
    """The view's own ``auth_required``; ``None``: its class's or blueprint's, if any
    (see :func:`~restkit.rest.auth_requirement.required_auth`)."""
    idempotency: Idempotency | None = None
    """The ``idempotent`` declaration; ``None``: ``API_IDEMPOTENCY`` decides
    (see :func:`~restkit.rest.idempotency.idempotency_for`)."""
    rate_limit: RateLimit | None = None
    """The view's own ``rate_limit``; ``None``: the app's ``API_RATE_LIMIT``, if any
    (see :func:`~restkit.rest.ratelimit.rate_limit_of`)."""

    @property
    def responses(self) -> list[ResponseDoc]:
        """The success response (if declared) followed by the alternative ones.

        A paginated operation with an envelope sends its success response wrapped
        in it, so the success response is listed with the envelope's schema.
        """
        success = self.success
        if success is None:
            return list(self.alt_responses)
        if self.pagination is not None:
            success = self.pagination.enveloped(success)
        return [success, *self.alt_responses]

    @property
    def hidden(self) -> bool:
        """Whether ``doc(hide=True)`` keeps the operation out of the spec."""
        return bool(self.doc.get("hide"))


def operation_of(view: t.Callable[..., t.Any]) -> Operation:
    """Return the operation recorded on *view*, creating an empty one first."""
    operation = getattr(view, OPERATION_ATTRIBUTE, None)
    if operation is None:
        operation = Operation()
        setattr(view, OPERATION_ATTRIBUTE, operation)
    return t.cast(Operation, operation)


def record_route_documentation(
    view: t.Callable[..., t.Any] | type[MethodView],
    *,
    parameters: list[dict[str, t.Any] | str] | None,
    tags: list[str] | None,
) -> None:
    """Record a route's ``parameters`` and ``tags`` on each function of its *view*.

    A ``MethodView`` class has one function per HTTP method; every one gets them.
    """
    if parameters is None and tags is None:
        return
    functions: list[t.Callable[..., t.Any]]
    if isinstance(view, type) and issubclass(view, MethodView):
        functions = [getattr(view, attribute) for attribute in view.method_handlers.values()]
    else:
        functions = [view]
    for function in functions:
        operation = operation_of(function)
        if parameters is not None:
            operation.parameters = list(parameters)
        if tags is not None:
            operation.tags = list(tags)


def recorded_operation(view: t.Callable[..., t.Any]) -> Operation:
    """Return the operation recorded on *view*, or an empty one (not stored)."""
    operation = getattr(view, OPERATION_ATTRIBUTE, None)
    return operation if isinstance(operation, Operation) else Operation()
