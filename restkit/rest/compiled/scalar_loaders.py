"""Load code for fields holding one value: text, numbers, booleans, dates, UUIDs, enums."""

from __future__ import annotations

import decimal
import math
import typing as t
import uuid

from marshmallow import fields
from marshmallow.utils import is_aware

from .analysis import constant_message
from .branches import JSON_TYPES
from .validators import SIMPLE_TYPES, emit_validated

if t.TYPE_CHECKING:
    from .branches import Branches
    from .field_loaders import Builder
    from .sinks import Sink
    from .source import Function

Handler = t.Callable[["Function", "Builder", t.Any, "Branches"], None]


def _text(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    with branches.typed(str):
        emit_validated(code, field, "v", str, branches.sink)
    branches.refuse((int, float, bool, list, dict), constant_message(field, "invalid"))


def _convert(
    code: Function, field: t.Any, sink: Sink, expression: str, kind: type, finite: bool
) -> None:
    """Write ``cv = expression`` with ``Number``'s errors, then the field's checks."""
    invalid = constant_message(field, "invalid")
    too_large = constant_message(field, "too_large")
    special = constant_message(field, "special") if finite else None
    if invalid is None or too_large is None or (finite and special is None):
        sink.delegate(code, "v")
        return
    with code.block("try:"):
        code(f"cv = {expression}")
    with code.block("except (TypeError, ValueError):"):
        sink.fail(code, f"[{code.bind(invalid, 'message')}]")
    with code.block("except OverflowError:"):
        sink.fail(code, f"[{code.bind(too_large, 'message')}]")
    with code.block("else:"):
        if special is not None:
            with code.block(f"if not {code.bind(math.isfinite, 'isfinite')}(cv):"):
                sink.fail(code, f"[{code.bind(special, 'message')}]")
            with code.block("else:"):
                emit_validated(code, field, "cv", kind, sink)
        else:
            emit_validated(code, field, "cv", kind, sink)


def _integer(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    with branches.typed(int):
        emit_validated(code, field, "v", int, branches.sink)
    invalid = constant_message(field, "invalid")
    if field.strict:
        branches.refuse((str, float, bool, list, dict), invalid)
        return
    with branches.typed(str, float):
        _convert(code, field, branches.sink, "int(v)", int, finite=False)
    branches.refuse((bool, list, dict), invalid)


def _float(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    finite = not field.allow_nan
    special = constant_message(field, "special")
    if not finite:
        with branches.typed(float):
            emit_validated(code, field, "v", float, branches.sink)
    elif special is not None:
        with branches.typed(float):
            with code.block(f"if {code.bind(math.isfinite, 'isfinite')}(v):"):
                emit_validated(code, field, "v", float, branches.sink)
            with code.block("else:"):
                branches.sink.fail(code, f"[{code.bind(special, 'message')}]")
    with branches.typed(int):
        _convert(code, field, branches.sink, "float(v)", float, finite)
    with branches.typed(str, float):
        _convert(code, field, branches.sink, "float(v)", float, finite)
    branches.refuse((bool, list, dict), constant_message(field, "invalid"))


def _decimal(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    invalid = constant_message(field, "invalid")
    too_large = constant_message(field, "too_large")
    special = constant_message(field, "special")
    if invalid is None or too_large is None or special is None:
        return
    sink = branches.sink
    number = code.bind(decimal.Decimal, "Decimal")
    with branches.typed(str, int, float):
        with code.block("try:"):
            code(f"cv = {number}(str(v))")
            if field.allow_nan:
                with code.block("if cv.is_nan():"):
                    code(f"cv = {number}('NaN')")
            if field.places is not None:
                with code.block("if cv.is_finite():"):
                    places = code.bind(field.places, "places")
                    rounding = code.bind(field.rounding, "rounding")
                    code(f"cv = cv.quantize({places}, rounding={rounding})")
        failure = code.bind((TypeError, ValueError, decimal.InvalidOperation), "invalid_number")
        with code.block(f"except {failure}:"):
            sink.fail(code, f"[{code.bind(invalid, 'message')}]")
        with code.block("except OverflowError:"):
            sink.fail(code, f"[{code.bind(too_large, 'message')}]")
        with code.block("else:"):
            if field.allow_nan:
                emit_validated(code, field, "cv", decimal.Decimal, sink)
            else:
                with code.block("if cv.is_nan() or cv.is_infinite():"):
                    sink.fail(code, f"[{code.bind(special, 'message')}]")
                with code.block("else:"):
                    emit_validated(code, field, "cv", decimal.Decimal, sink)
    branches.refuse((bool, list, dict), invalid)


def _boolean(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    sink = branches.sink
    if not field.truthy:
        with branches.rest():
            code("cv = bool(v)")
            emit_validated(code, field, "cv", bool, sink)
        return
    words = [*field.truthy, *field.falsy]
    invalid = constant_message(field, "invalid")
    if invalid is None or not all(type(word) in SIMPLE_TYPES for word in words):
        return
    message = f"[{code.bind(invalid, 'message')}]"
    truthy = code.bind(field.truthy, "truthy")
    falsy = code.bind(field.falsy, "falsy")
    for kinds in ((bool,), (str, int, float)):
        with branches.typed(*kinds):
            with code.block(f"if v in {truthy}:"):
                code("cv = True")
                emit_validated(code, field, "cv", bool, sink)
            with code.block(f"elif v in {falsy}:"):
                code("cv = False")
                emit_validated(code, field, "cv", bool, sink)
            with code.block("else:"):
                sink.fail(code, message)
    branches.refuse((list, dict), invalid)


def _temporal(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    parse = field.DESERIALIZATION_FUNCS.get(field.format or field.DEFAULT_FORMAT)
    invalid = constant_message(field, "invalid", obj_type=field.OBJ_TYPE)
    awareness = getattr(field, "AWARENESS", None)
    wrong_awareness = constant_message(
        field, "invalid_awareness", awareness=awareness, obj_type=field.OBJ_TYPE
    )
    if parse is None or invalid is None or (awareness is not None and wrong_awareness is None):
        return
    sink = branches.sink
    with branches.typed(*JSON_TYPES):
        with code.block("try:"):
            code(f"cv = {code.bind(parse, 'parse')}(v)")
        with code.block("except (TypeError, AttributeError, ValueError):"):
            sink.fail(code, f"[{code.bind(invalid, 'message')}]")
        with code.block("else:"):
            if awareness is None:
                emit_validated(code, field, "cv", None, sink)
                return
            aware = code.bind(is_aware, "is_aware")
            zone = field.timezone if awareness == "naive" else field.default_timezone
            test = f"{aware}(cv)" if awareness == "naive" else f"not {aware}(cv)"
            with code.block(f"if {test}:"):
                if zone is None:
                    sink.fail(code, f"[{code.bind(wrong_awareness, 'message')}]")
                else:
                    bound = code.bind(zone, "zone")
                    if awareness == "naive":
                        code(f"cv = cv.astimezone({bound}).replace(tzinfo=None)")
                    else:
                        code(f"cv = cv.replace(tzinfo={bound})")
                    emit_validated(code, field, "cv", None, sink)
            with code.block("else:"):
                emit_validated(code, field, "cv", None, sink)


def _uuid(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    invalid = constant_message(field, "invalid_uuid")
    if invalid is None:
        return
    with branches.typed(*JSON_TYPES):
        with code.block("try:"):
            code(f"cv = {code.bind(uuid.UUID, 'UUID')}(v)")
        with code.block("except (ValueError, AttributeError, TypeError):"):
            branches.sink.fail(code, f"[{code.bind(invalid, 'message')}]")
        with code.block("else:"):
            emit_validated(code, field, "cv", uuid.UUID, branches.sink)


def _raw(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    with branches.rest():
        emit_validated(code, field, "v", None, branches.sink)


def _constant(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    with branches.rest():
        code(f"cv = {code.bind(field.constant, 'constant')}")
        emit_validated(code, field, "cv", None, branches.sink)


def _enum(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    unknown = constant_message(field, "unknown", choices=field.choices_text)
    if unknown is None:
        return
    sink = branches.sink
    enum = code.bind(field.enum, "enum")
    kinds: tuple[type, ...]
    if field.by_value is False:
        lookup, kinds, error = f"{enum}[v]", (str,), "KeyError"
    elif field.by_value is True:
        lookup, kinds, error = f"{enum}(v)", JSON_TYPES, "ValueError"
    else:
        return
    with branches.typed(*kinds):
        with code.block("try:"):
            code(f"cv = {lookup}")
        with code.block(f"except {error}:"):
            sink.fail(code, f"[{code.bind(unknown, 'message')}]")
        with code.block("else:"):
            emit_validated(code, field, "cv", None, sink)
    if field.by_value is False:
        branches.refuse((int, float, bool, list, dict), constant_message(field.field, "invalid"))


SCALARS: dict[type, Handler] = {
    fields.String: _text,
    fields.Email: _text,
    fields.Url: _text,
    fields.Integer: _integer,
    fields.Float: _float,
    fields.Decimal: _decimal,
    fields.Boolean: _boolean,
    fields.DateTime: _temporal,
    fields.NaiveDateTime: _temporal,
    fields.AwareDateTime: _temporal,
    fields.Date: _temporal,
    fields.Time: _temporal,
    fields.UUID: _uuid,
    fields.Raw: _raw,
    fields.Constant: _constant,
    fields.Enum: _enum,
}
