"""The pipeline of one REST endpoint method: stages built once from its ``Operation``.

A *stage* is a function called once, at finalize, with the :class:`StageSetup`
of one HTTP method of one endpoint and the *next* step; it returns the step that
runs for each request — a new one wrapping *next*, or *next* itself when the
operation does not use the stage, so an unused stage costs nothing. A *step* is
called with the request's :class:`Call`. Steps outside the respond stage return a
response; steps inside it return what the view returned. The order of the stages
is documented in ``docs/pipeline.md``.
"""

from __future__ import annotations

import dataclasses
import typing as t

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.ctx import RequestContext
    from ..core.wrappers import Request
    from .operation import Operation


class Call:
    """One request on its way through a pipeline.

    :param ctx: the request context.
    :param view_args: the values matched in the URL.
    """

    __slots__ = ("args", "ctx", "kwargs", "request", "response_headers", "view_args")

    def __init__(self, ctx: RequestContext, view_args: dict[str, t.Any]) -> None:
        self.ctx = ctx
        self.request: Request = ctx.request
        self.view_args = view_args
        #: Positional arguments of the view: the loaded arguments, in decorator order.
        self.args: list[t.Any] = []
        #: Keyword arguments of the view: the URL values, and what stages add.
        self.kwargs: dict[str, t.Any] = view_args
        #: Headers stages inside the respond stage want on the response.
        self.response_headers: list[tuple[str, str]] = []

    def __repr__(self) -> str:
        return f"<Call {self.request.method} {self.request.path!r}>"


Step = t.Callable[[Call], t.Any]


@dataclasses.dataclass(frozen=True, slots=True)
class StageSetup:
    """What a stage is built from: one HTTP method of one endpoint."""

    app: App
    endpoint: str
    method: str
    operation: Operation
    view: t.Callable[..., t.Any]
    """The registered view function: called with the loaded arguments, then the URL values."""


Stage = t.Callable[[StageSetup, Step], Step]


def assemble(setup: StageSetup, stages: t.Sequence[Stage]) -> Step:
    """Return the pipeline of *setup*: *stages* from outermost to innermost, then the view."""
    view = setup.view

    def call_view(call: Call) -> t.Any:
        return view(*call.args, **call.kwargs)

    step: Step = call_view
    for stage in reversed(stages):
        step = stage(setup, step)
    return step
