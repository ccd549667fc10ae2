"""The records REST decorators write on a view: what an endpoint takes and returns."""

from __future__ import annotations

import dataclasses
import typing as t

from ..core.errors import SetupError

if t.TYPE_CHECKING:
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

    @property
    def responses(self) -> list[ResponseDoc]:
        """The success response (if declared) followed by the alternative ones."""
        return ([self.success] if self.success is not None else []) + self.alt_responses

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


def recorded_operation(view: t.Callable[..., t.Any]) -> Operation:
    """Return the operation recorded on *view*, or an empty one (not stored)."""
    operation = getattr(view, OPERATION_ATTRIBUTE, None)
    return operation if isinstance(operation, Operation) else Operation()
