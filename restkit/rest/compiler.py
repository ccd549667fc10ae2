"""The compiler: turns each endpoint's recorded operation into its request pipeline, once."""

from __future__ import annotations

import typing as t
from collections.abc import Mapping

from marshmallow import Schema, ValidationError
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response as WerkzeugResponse

from .compiled import compile_dumper
from .endpoint import registered_endpoints
from .errors import error_class
from .loaders import Loader

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.wrappers import Request, Response
    from .endpoint import Handler, RestEndpoint, ViewCaller
    from .operation import Operation

JSON_MEDIA_TYPE = "application/json"
COMPILED_KEY = "restkit.rest.compiled"


def compile_app(app: App) -> None:
    """Compile every endpoint of every REST blueprint registered on *app* (once per app)."""
    if app.extensions.get(COMPILED_KEY):
        return
    for endpoint, handlers in registered_endpoints(app):
        compile_endpoint(endpoint, handlers, app)
    app.extensions[COMPILED_KEY] = True


def compile_endpoint(endpoint: RestEndpoint, handlers: dict[str, Handler], app: App) -> None:
    """Fill *handlers* with one compiled pipeline per HTTP method of *endpoint*."""
    for method, (_function, operation) in endpoint.operations().items():
        handlers[method] = compile_operation(operation, endpoint.caller(method), app)
    if "GET" in handlers and "HEAD" not in handlers:
        handlers["HEAD"] = handlers["GET"]


def compile_operation(operation: Operation, call_view: ViewCaller, app: App) -> Handler:
    """Return the pipeline: load arguments, call the view, build the response."""
    loaders = tuple(Loader(argument) for argument in operation.arguments)
    respond = make_responder(operation, app)
    unprocessable = error_class(422)

    if not loaders:
        return lambda request, view_args: respond(call_view(**view_args))

    def handle(request: Request, view_args: dict[str, t.Any]) -> Response:
        args: list[t.Any] = []
        kwargs = dict(view_args)
        errors: dict[str, t.Any] = {}
        for loader in loaders:
            try:
                value = loader.load(request, view_args)
            except ValidationError as exc:
                messages = exc.messages
                if isinstance(messages, dict):
                    errors.setdefault(loader.location, {}).update(messages)
                else:  # pragma: no cover - schema-level errors come as dicts
                    errors.setdefault(loader.location, {})["_schema"] = messages
                continue
            if not loader.as_kwargs:
                args.append(value)
            elif value is not None:
                kwargs.update(value)
        if errors:
            raise unprocessable("The request did not pass validation.", errors=errors)
        return respond(call_view(*args, **kwargs))

    return handle


def make_responder(operation: Operation, app: App) -> t.Callable[[t.Any], Response]:
    """Return the function that turns a view's return value into a response."""
    success = operation.success
    if success is None:
        return app.make_response
    default_status = success.status_code
    dumpers = {
        # PERF: compiled dump, equivalent to ``response.schema.dump`` (docs/compiled-schemas.md).
        response.status_code: compile_dumper(response.schema).function
        for response in operation.responses
        if isinstance(response.schema, Schema)
    }
    success_dump = dumpers.get(default_status)
    content_type = success.content_type
    is_json = content_type is None or content_type.endswith("json")
    response_class = app.response_class
    dumps = app.json.dumps

    def respond(rv: t.Any) -> Response:
        if isinstance(rv, WerkzeugResponse):
            return rv  # type: ignore[return-value]
        status = default_status
        headers: t.Any = None
        if isinstance(rv, tuple):
            rv, status, headers = _unpack(rv, default_status)
        if status == 204 or status == 304:
            response = response_class(status=status)
            del response.headers["Content-Type"]  # no body, so no media type
        elif not is_json:
            response = response_class(rv, status=status, content_type=content_type)
        else:
            dump = dumpers.get(status, success_dump if 200 <= status < 300 else None)
            body = dumps(dump(rv) if dump is not None else rv)
            response = response_class(body, status=status, mimetype=content_type or JSON_MEDIA_TYPE)
            response.headers["X-Content-Type-Options"] = "nosniff"
        if headers:
            response.headers.update(headers)
        return response

    return respond


def _unpack(rv: tuple[t.Any, ...], default_status: int) -> tuple[t.Any, int, t.Any]:
    if len(rv) == 3:
        return rv[0], int(rv[1]), rv[2]
    if len(rv) == 2:
        if isinstance(rv[1], (Headers, Mapping, list)):
            return rv[0], default_status, rv[1]
        return rv[0], int(rv[1]), None
    raise TypeError(
        "A view returned a tuple of the wrong size: return (obj, status, headers), "
        "(obj, status) or (obj, headers)."
    )
