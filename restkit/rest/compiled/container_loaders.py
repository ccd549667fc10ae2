"""Load code for fields holding other values: nested schemas, lists, tuples and dicts."""

from __future__ import annotations

import typing as t

from marshmallow import fields

from .analysis import constant_message
from .validators import emit_validated

if t.TYPE_CHECKING:
    from .branches import Branches
    from .field_loaders import Builder
    from .source import Function

Handler = t.Callable[["Function", "Builder", t.Any, "Branches"], None]


def _nested(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    load = builder.nested(field, branches.sink.partial)
    if load is None:
        return
    sink = branches.sink
    many = bool(field.schema.many)
    with branches.typed(list) if many else branches.rest():
        code(f"cv, failed = {load}(v)")
        with code.block("if failed:"):
            sink.fail(code, "failed", "cv")
        with code.block("else:"):
            emit_validated(code, field, "cv", list if many else dict, sink)
    if many:
        branches.refuse((str, int, float, bool, dict), constant_message(field, "type"))


def _list(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    item = builder.value_function(field.inner, branches.sink.partial)
    sink = branches.sink
    with branches.typed(list):
        code("cv = []")
        code("failed = None")
        with code.block("for index, each in enumerate(v):"):
            _collect(code, f"cv.append({item}(each))", "cv.append(exc.valid_data)")
        with code.block("if failed is not None:"):
            sink.fail(code, "failed", "cv")
        with code.block("else:"):
            emit_validated(code, field, "cv", list, sink)
    branches.refuse((str, int, float, bool, dict), constant_message(field, "invalid"))


def _tuple(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    partial = branches.sink.partial
    items = ", ".join(builder.value_function(inner, partial) for inner in field.tuple_fields)
    sink = branches.sink
    with branches.typed(list, tuple):
        with code.block("try:"):
            code(f"{code.bind(field.validate_length, 'length')}(v)")
        with code.block("except ValidationError as exc:"):
            sink.fail(code, "plain_copy(exc.messages)")
        with code.block("else:"):
            code("cv = []")
            code("failed = None")
            loop = f"for index, (item, each) in enumerate(zip(({items},), v)):"
            with code.block(loop):
                _collect(code, "cv.append(item(each))", "cv.append(exc.valid_data)")
            with code.block("if failed is not None:"):
                sink.fail(code, "failed", "cv")
            with code.block("else:"):
                code("cv = tuple(cv)")
                emit_validated(code, field, "cv", tuple, sink)
    branches.refuse((str, int, float, bool, dict), constant_message(field, "invalid"))


def _collect(code: Function, attempt: str, keep_valid: str) -> None:
    """Write one step of a container's loop: *attempt*, or note the item's errors by index."""
    with code.block("try:"):
        code(attempt)
    with code.block("except ValidationError as exc:"):
        with code.block("if exc.valid_data is not None:"):
            code(keep_valid)
        with code.block("if failed is None:"):
            code("failed = {}")
        code("failed[index] = exc.messages")


def _dict(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    partial = branches.sink.partial
    sink = branches.sink
    with branches.typed(dict):
        if field.key_field is None and field.value_field is None:
            code("cv = dict(v)")
            emit_validated(code, field, "cv", dict, sink)
            return
        code("failed = {}")
        if field.key_field is None:
            code("keys = {key: key for key in v}")
        else:
            load_key = builder.value_function(field.key_field, partial)
            code("keys = {}")
            with code.block("for key in v:"):
                with code.block("try:"):
                    code(f"keys[key] = {load_key}(key)")
                with code.block("except ValidationError as exc:"):
                    code("failed.setdefault(key, {})['key'] = exc.messages")
        code("cv = {}")
        with code.block("for key, each in v.items():"):
            if field.value_field is None:
                with code.block("if key in keys:"):
                    code("cv[keys[key]] = each")
            else:
                load_value = builder.value_function(field.value_field, partial)
                with code.block("try:"):
                    code(f"loaded = {load_value}(each)")
                with code.block("except ValidationError as exc:"):
                    code("failed.setdefault(key, {})['value'] = exc.messages")
                    with code.block("if exc.valid_data is not None and key in keys:"):
                        code("cv[keys[key]] = exc.valid_data")
                with code.block("else:"), code.block("if key in keys:"):
                    code("cv[keys[key]] = loaded")
        with code.block("if failed:"):
            sink.fail(code, "failed", "cv")
        with code.block("else:"):
            emit_validated(code, field, "cv", dict, sink)
    branches.refuse((str, int, float, bool, list), constant_message(field, "invalid"))


CONTAINERS: dict[type, Handler] = {
    fields.Nested: _nested,
    fields.List: _list,
    fields.Tuple: _tuple,
    fields.Dict: _dict,
}
