"""Write the load code of one field: marshmallow's ``Field.deserialize``, one type at a time.

The code tests the raw value ``v`` against exact types. Each branch does what the
field's ``deserialize`` does for values of that type — same result, same message,
same exception; values of any other type, and every field the compiler does not
know, go to the field's own ``deserialize``.
"""

from __future__ import annotations

import contextlib
import decimal
import math
import typing as t
import uuid

from marshmallow import fields
from marshmallow.utils import is_aware

from ..strict import TypeCheck, is_json_boolean, is_json_number
from .analysis import constant_message, is_builtin
from .validators import SIMPLE_TYPES, emit_validated

if t.TYPE_CHECKING:
    from .sinks import Sink
    from .source import Function

#: The exact types JSON decoding produces (``None`` is handled apart).
JSON_TYPES = (str, int, float, bool, list, dict)
#: The exact types restkit's JSON type checks let through unchanged.
ACCEPTED: dict[t.Callable[[t.Any], bool], frozenset[type]] = {
    is_json_number: frozenset({int, float}),
    is_json_boolean: frozenset({bool}),
}


class Builder(t.Protocol):
    """What field code needs from the schema being compiled."""

    def value_function(self, field: fields.Field[t.Any], partial: t.Any) -> str:
        """Return the name of a function loading one value with *field*, as its container does."""

    def nested(self, field: fields.Nested, partial: t.Any) -> str | None:
        """Return the name of the compiled load of *field*'s schema, if it compiles."""


class Branches:
    """Writes an ``if``/``elif`` chain on the raw value, ending with the field's own load.

    The field's JSON type checks (restkit's strict ``pre_load`` steps) are written
    as late as they can be: a branch for types every check is known to accept may
    come first, so the common case skips them.
    """

    def __init__(self, code: Function, sink: Sink, checks: list[TypeCheck]) -> None:
        self.code = code
        self.sink = sink
        self.started = False
        self.closed = False
        self.checks = checks
        self.accepted = frozenset(JSON_TYPES).intersection(
            *(ACCEPTED.get(check.accepts, frozenset()) for check in checks)
        )

    @contextlib.contextmanager
    def case(self, condition: str, kinds: t.Iterable[type] | None = None) -> t.Iterator[None]:
        """Write a branch taken when *condition* holds (and no earlier one did).

        *kinds* are the exact types of the values the branch takes, when known.
        """
        if kinds is None or not self.accepted.issuperset(kinds):
            self._write_checks()
        keyword = "elif" if self.started else "if"
        self.started = True
        with self.code.block(f"{keyword} {condition}:"):
            yield

    @contextlib.contextmanager
    def rest(self) -> t.Iterator[None]:
        """Write the branch for every value no earlier branch took."""
        self._write_checks()
        self.closed = True
        if not self.started:
            yield
            return
        with self.code.block("else:"):
            yield

    def _write_checks(self) -> None:
        checks, self.checks = self.checks, []
        for check in checks:
            with self.case(f"not {self.code.bind(check.accepts, 'accepts')}(v)"):
                message = check.message if isinstance(check.message, str) else None
                _fail_or_delegate(self.code, self.sink, message)

    def types(self, kinds: t.Iterable[type]) -> str:
        """Return a test of ``v`` having one of the exact types *kinds*."""
        names = [kind.__name__ for kind in kinds]
        if len(names) == 1:
            return f"type(v) is {names[0]}"
        return f"type(v) in {self.code.bind(frozenset(kinds), 'types')}"

    @contextlib.contextmanager
    def typed(self, *kinds: type) -> t.Iterator[None]:
        """Write a branch taken by values of the exact types *kinds*."""
        with self.case(self.types(kinds), kinds):
            yield

    def refuse(self, kinds: t.Iterable[type], message: str | None) -> None:
        """Write a branch failing with the constant *message* for values of *kinds*."""
        if message is not None:
            with self.typed(*kinds):
                self.sink.fail(self.code, f"[{self.code.bind(message, 'message')}]")

    def close(self) -> None:
        """End the chain: whatever is left goes to the field's own ``deserialize``."""
        if not self.closed:
            with self.rest():
                self.sink.delegate(self.code, "v")


def emit_load(
    code: Function,
    builder: Builder,
    field: fields.Field[t.Any],
    sink: Sink,
    *,
    may_be_missing: bool,
) -> None:
    """Write the code loading the raw value ``v`` with *field* into *sink*."""
    handler = LOADERS.get(type(field))
    checks = [check for check in field.pre_load if type(check) is TypeCheck]
    if handler is None or not is_builtin(field, LOADERS) or len(checks) != len(field.pre_load):
        Branches(code, sink, []).close()
        return
    branches = Branches(code, sink, checks)
    if may_be_missing:
        with branches.case("v is MISSING", ()):
            sink.delegate(code, "v")
    with branches.case("v is None", ()):
        if field.allow_none:
            sink.store(code, "None")
        else:
            _fail_or_delegate(code, sink, constant_message(field, "null"))
    handler(code, builder, field, branches)
    branches.close()


def _fail_or_delegate(code: Function, sink: Sink, message: str | None) -> None:
    if message is None:
        sink.delegate(code, "v")
    else:
        sink.fail(code, f"[{code.bind(message, 'message')}]")


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
        if not is_builtin(field.field, (fields.String,)):
            return
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


def _nested(code: Function, builder: Builder, field: t.Any, branches: Branches) -> None:
    load = builder.nested(field, branches.sink.partial)
    if load is None:
        return
    sink = branches.sink
    many = bool(field.schema.many)
    if many != bool(field.schema.many or field.many):
        return
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


LOADERS: dict[type, t.Callable[[Function, Builder, t.Any, Branches], None]] = {
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
    fields.Nested: _nested,
    fields.List: _list,
    fields.Tuple: _tuple,
    fields.Dict: _dict,
}
