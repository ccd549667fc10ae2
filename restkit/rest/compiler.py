"""The compiler: turns every view carrying a recorded operation into its pipeline, once.

It is registered with core as a view compiler, so a view is compiled wherever it
was registered: ``app.route`` and its shortcuts, ``add_url_rule``, core and REST
blueprints, functions and ``MethodView`` classes.
"""

from __future__ import annotations

import typing as t

from ..core.endpoints import register_view_compiler
from ..core.globals import request_ctx_var
from .auth_stage import authenticate
from .etag import conditional_requests, etag_from_schema
from .idempotency_stage import idempotency
from .operation import recorded_operation
from .pagination_stage import paginate
from .pipeline import Call, StageSetup, assemble
from .ratelimit_stage import limit_rate
from .resources import has_operations, method_functions, resource_class
from .stages import by_method, load_arguments, respond

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.ctx import RequestContext
    from ..core.endpoints import Handler
    from .pipeline import Stage, Step

ViewFunction = t.Callable[..., t.Any]

#: The stages of every pipeline, outermost first (see ``docs/pipeline.md``).
STAGES: tuple[Stage, ...] = (
    authenticate,
    limit_rate,
    idempotency,
    conditional_requests,
    respond,
    etag_from_schema,
    paginate,
    load_arguments,
)


def compile_view(
    app: App, endpoint: str, view: ViewFunction, methods: frozenset[str]
) -> Handler | None:
    """Return the handler of *view*, or ``None`` when no REST decorator recorded anything on it.

    A function view is called with the loaded arguments as it was registered, so
    decorators below ``route`` wrap the function itself. A ``MethodView``'s
    ``decorators`` wrap the whole pipeline, as they wrap the view in Flask: they
    receive the URL values and return the response.
    """
    functions = method_functions(view, methods)
    if not has_operations(functions):
        return None
    callers = view_callers(view, functions)
    pipelines: dict[str, Step] = {}
    for method in sorted(functions):
        if method == "HEAD" and functions.get("GET") is functions["HEAD"]:
            continue  # the HEAD of a GET runs GET's pipeline, added below
        operation = recorded_operation(functions[method])
        setup = StageSetup(app, endpoint, method, operation, callers[method])
        pipelines[method] = assemble(setup, STAGES)
    if "HEAD" in functions and "HEAD" not in pipelines:
        pipelines["HEAD"] = pipelines["GET"]
    distinct = set(pipelines.values())
    if len(distinct) == 1 and methods <= pipelines.keys():
        step = distinct.pop()  # PERF: one pipeline serves every method
    else:
        step = by_method(pipelines)
    resource = resource_class(view)
    if resource is not None and resource.decorators:
        return decorated_handler(step, resource.decorators)

    def handle(ctx: RequestContext, view_args: dict[str, t.Any]) -> t.Any:
        return step(Call(ctx, view_args))

    return handle


def view_callers(view: ViewFunction, functions: dict[str, ViewFunction]) -> dict[str, ViewFunction]:
    """Return, per method, what the pipeline calls with the loaded arguments and URL values."""
    make_instance = getattr(view, "view_instance", None)
    if resource_class(view) is None or make_instance is None:
        return dict.fromkeys(functions, view)
    return {method: method_caller(make_instance, f.__name__) for method, f in functions.items()}


def method_caller(make_instance: t.Callable[[], t.Any], name: str) -> ViewFunction:
    """Return a function calling method *name* of the instance a request uses."""

    def call(*args: t.Any, **kwargs: t.Any) -> t.Any:
        return getattr(make_instance(), name)(*args, **kwargs)

    return call


def decorated_handler(step: Step, decorators: t.Sequence[t.Callable[..., t.Any]]) -> Handler:
    """Return a handler running *step* inside a ``MethodView``'s *decorators*."""

    def run(**view_args: t.Any) -> t.Any:
        # Decorators call the view with the URL values only: the context comes from
        # the request being handled.
        return step(Call(request_ctx_var.get(), view_args))

    decorated: ViewFunction = run
    for decorator in decorators:
        decorated = decorator(decorated)
    return lambda ctx, view_args: decorated(**view_args)


register_view_compiler(compile_view)
