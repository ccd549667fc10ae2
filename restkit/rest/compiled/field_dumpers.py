"""Write the dump expression of one field: marshmallow's ``Field._serialize``, one type at a time.

Each expression computes what the field's ``_serialize`` returns for a value, with
the same operations in the same order (so the same result and the same exception).
A field the compiler does not know has no expression: the schema calls its public
``serialize`` instead.
"""

from __future__ import annotations

import decimal
import typing as t

from marshmallow import fields
from marshmallow.utils import ensure_text_type

from .analysis import is_builtin

if t.TYPE_CHECKING:
    from .source import Function


class Builder(t.Protocol):
    """What field code needs from the schema being compiled."""

    def nested(self, field: fields.Nested) -> str | None:
        """Return the name of the compiled dump of one object of *field*'s schema, if any."""

    def value_function(self, field: fields.Field[t.Any]) -> str | None:
        """Return the name of a function dumping one value with *field*, if it can be written."""

    def dict_function(self, field: fields.Dict) -> str | None:
        """Return the name of a function dumping a dict with *field*, if it can be written."""


def value_expression(code: Function, builder: Builder, field: t.Any, value: str) -> str | None:
    """Return the source of ``field._serialize(value)``, or ``None`` for unknown fields.

    *value* is a name or an expression without side effects; it may be evaluated
    more than once.
    """
    writer = WRITERS.get(type(field))
    if writer is None or not is_builtin(field, WRITERS):
        return None
    return writer(code, builder, field, value)


def _or_none(value: str, expression: str) -> str:
    return f"(None if {value} is None else {expression})"


def _raw(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    return value


def _text(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    text = code.bind(ensure_text_type, "text")
    return f"({value} if type({value}) is str else None if {value} is None else {text}({value}))"


def _number(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    kind = field.num_type.__name__
    if field.as_string:
        return _or_none(value, f"str({kind}({value}))")
    return f"({value} if type({value}) is {kind} else None if {value} is None else {kind}({value}))"


def _decimal(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    return _or_none(value, f"{code.bind(decimal_dumper(field), 'dump_decimal')}({value})")


def decimal_dumper(field: fields.Decimal) -> t.Callable[[t.Any], t.Any]:
    """Return ``fields.Decimal._serialize`` for a value that is not ``None``."""
    places, rounding, allow_nan, as_string = (
        field.places,
        field.rounding,
        field.allow_nan,
        field.as_string,
    )

    def dump_decimal(value: t.Any) -> t.Any:
        number = decimal.Decimal(str(value))
        if allow_nan and number.is_nan():
            number = decimal.Decimal("NaN")
        if places is not None and number.is_finite():
            number = number.quantize(places, rounding=rounding)
        return format(number, "f") if as_string else number

    return dump_decimal


def _temporal(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    data_format = field.format or field.DEFAULT_FORMAT
    function = field.SERIALIZATION_FUNCS.get(data_format)
    if function is None:
        return _or_none(value, f"{value}.strftime({code.bind(data_format, 'date_format')})")
    return _or_none(value, f"{code.bind(function, 'format_date')}({value})")


def _uuid(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    return _or_none(value, f"str({value})")


def _address(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    return _or_none(value, f"{value}.{'exploded' if field.exploded else 'compressed'}")


def _enum(code: Function, builder: Builder, field: t.Any, value: str) -> str | None:
    member = f"{value}.{'value' if field.by_value else 'name'}"
    inner = value_expression(code, builder, field.field, member)
    return None if inner is None else _or_none(value, inner)


def _constant(code: Function, builder: Builder, field: t.Any, value: str) -> str:
    return code.bind(field.constant, "constant")


def _nested(code: Function, builder: Builder, field: t.Any, value: str) -> str | None:
    dump = builder.nested(field)
    if dump is None:
        return None
    if field.schema.many or field.many:
        each = code.module.name("each")
        return _or_none(value, f"[{dump}({each}) for {each} in {value}]")
    return _or_none(value, f"{dump}({value})")


def _pluck(code: Function, builder: Builder, field: t.Any, value: str) -> str | None:
    dump = builder.nested(field)
    if dump is None:
        return None
    plucked = field.schema.fields[field.field_name]
    key = code.literal(plucked.data_key if plucked.data_key is not None else field.field_name)
    if field.many:
        each = code.module.name("each")
        return _or_none(value, f"[{dump}({each})[{key}] for {each} in {value}]")
    return _or_none(value, f"{dump}({value})[{key}]")


def _list(code: Function, builder: Builder, field: t.Any, value: str) -> str | None:
    each = code.module.name("each")
    inner = value_expression(code, builder, field.inner, each)
    return None if inner is None else _or_none(value, f"[{inner} for {each} in {value}]")


def _tuple(code: Function, builder: Builder, field: t.Any, value: str) -> str | None:
    names = [builder.value_function(inner) for inner in field.tuple_fields]
    if any(name is None for name in names):
        return None
    each, item = code.module.name("each"), code.module.name("item")
    functions = f"({', '.join(t.cast(list[str], names))},)"
    pairs = f"zip({functions}, {value}, strict=True)"
    return _or_none(value, f"tuple({item}({each}) for {item}, {each} in {pairs})")


def _dict(code: Function, builder: Builder, field: t.Any, value: str) -> str | None:
    dump = builder.dict_function(field)
    return None if dump is None else _or_none(value, f"{dump}({value})")


WRITERS: dict[type, t.Callable[[Function, Builder, t.Any, str], str | None]] = {
    fields.Raw: _raw,
    fields.Boolean: _raw,
    fields.String: _text,
    fields.Email: _text,
    fields.Url: _text,
    fields.Integer: _number,
    fields.Float: _number,
    fields.Decimal: _decimal,
    fields.DateTime: _temporal,
    fields.NaiveDateTime: _temporal,
    fields.AwareDateTime: _temporal,
    fields.Date: _temporal,
    fields.Time: _temporal,
    fields.UUID: _uuid,
    fields.IP: _address,
    fields.IPv4: _address,
    fields.IPv6: _address,
    fields.IPInterface: _address,
    fields.IPv4Interface: _address,
    fields.IPv6Interface: _address,
    fields.Enum: _enum,
    fields.Constant: _constant,
    fields.Nested: _nested,
    fields.Pluck: _pluck,
    fields.List: _list,
    fields.Tuple: _tuple,
    fields.Dict: _dict,
}
