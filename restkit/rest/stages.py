"""The pipeline's built-in stages: load the arguments, and turn the view's value into a response."""

from __future__ import annotations

import typing as t

from marshmallow import Schema, ValidationError
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.wrappers import Response as WerkzeugResponse

from ..core.return_values import (
    BODILESS_STATUSES,
    complete_response,
    split_return_value,
    status_code,
    without_body,
)
from .compiled import compile_dumper
from .errors import error_class
from .field_errors import capped_errors
from .loaders import Loader

if t.TYPE_CHECKING:
    from ..core.wrappers import Response
    from .pipeline import Call, StageSetup, Step

JSON_MEDIA_TYPE = "application/json"
VALIDATION_FAILED = "The request did not pass validation."


def load_arguments(setup: StageSetup, next_step: Step) -> Step:
    """Load every ``@arguments`` declaration; a 422 lists the errors of all of them.

    Loaded values go to the view positionally, in decorator order; those with
    ``as_kwargs=True`` are merged into its keyword arguments.
    """
    # PERF: the schema copies, their key sets and the read functions are built once.
    loaders = tuple(Loader(argument) for argument in setup.operation.arguments)
    if not loaders:
        return next_step
    unprocessable = error_class(422)

    def load(call: Call) -> t.Any:
        errors: dict[str, t.Any] = {}
        request, view_args = call.request, call.view_args
        for loader in loaders:
            try:
                value = loader.load(request, view_args)
            except ValidationError as exc:
                location = errors.setdefault(loader.location, {})
                messages = exc.messages
                if isinstance(messages, dict):
                    location.update(messages)
                else:  # pragma: no cover - loaders raise their errors as dicts
                    location["_schema"] = messages
                continue
            if not loader.as_kwargs:
                call.args.append(value)
            elif value is not None:
                call.kwargs = {**call.kwargs, **value}
        if errors:
            raise unprocessable(VALIDATION_FAILED, errors=capped_errors(errors))
        return next_step(call)

    return load


def respond(setup: StageSetup, next_step: Step) -> Step:
    """Turn what the view returned into a response, dumped with the documented schema.

    A ``(obj, status)`` return is dumped with the schema declared for that status,
    else with the success schema for a 2xx, else sent as it is. A response object
    is passed through. Without ``@response``, core's conventions apply.
    """
    app = setup.app
    make_response = app.make_response
    success = setup.operation.success
    if success is None:

        def respond_as_core(call: Call) -> Response:
            return add_headers(make_response(next_step(call)), call)

        return respond_as_core

    default_status = success.status_code
    dumpers = {
        # PERF: a generated dump function, equivalent to the schema's own dump.
        response.status_code: compile_dumper(response.schema).function
        for response in setup.operation.responses
        if isinstance(response.schema, Schema)
    }
    success_dump = dumpers.get(default_status)
    content_type = success.content_type
    is_json = content_type is None or content_type.endswith("json")
    mimetype = content_type or JSON_MEDIA_TYPE
    response_class = app.response_class
    json = app.json

    def respond_with_schema(call: Call) -> Response:
        rv = next_step(call)
        body, status, headers = split_return_value(rv)
        if isinstance(body, WerkzeugResponse):
            return add_headers(make_response(rv), call)
        code = default_status if status is None else status_code(status)
        response: Response
        if code in BODILESS_STATUSES:
            response = without_body(response_class(status=code))
        elif not is_json:
            response = response_class(body, status=code, content_type=content_type)
        else:
            dump = dumpers.get(code, success_dump if 200 <= code < 300 else None)
            data = dump(body) if dump is not None else body
            response = json.text_response(json.dumps(data), status=code, mimetype=mimetype)
        return add_headers(complete_response(response, status, headers), call)

    return respond_with_schema


def add_headers(response: Response, call: Call) -> Response:
    """Add the headers inner stages asked for to *response*."""
    if call.response_headers:
        response.headers.extend(call.response_headers)
    return response


def by_method(pipelines: dict[str, Step]) -> Step:
    """Return a step running the pipeline of the request's method."""

    def dispatch(call: Call) -> t.Any:
        step = pipelines.get(call.request.method)
        if step is None:
            raise MethodNotAllowed(valid_methods=sorted(pipelines))
        return step(call)

    return dispatch
