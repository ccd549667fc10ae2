"""Hypothesis strategies: random marshmallow fields and schemas, and data to load and dump.

A :class:`Case` is one field with the raw values worth loading with it and the
Python values worth dumping: values the field accepts, values it refuses, and
JSON garbage (wrong types, ``None``, NUL and lone surrogates, huge integers,
NaN, nested containers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import types
import typing as t
import uuid

from hypothesis import reject
from hypothesis import strategies as st
from marshmallow import EXCLUDE, INCLUDE, RAISE, Schema, ValidationError, fields, missing, validate

S = st.SearchStrategy

SPECIAL_TEXT = [
    "", "a", "abc", "ABC", "x", "\x00", "a\x00b", "\ud800", "x\udfff", "é", "true", "False", "yes",
    "0", "1", " 12 ", "1.5", "1e400", "-0", "nan", "inf", "NaN", "sNaN", "1_000", "1" * 30,
    "2024-01-01T00:00:00", "2024-01-01T12:30:00+02:00", "2024-01-01T00:00:00Z", "2024-02-30",
    "2024-01-01", "12:30:00", "12:30:00.5+01:00", "Mon, 01 Jan 2024 00:00:00 +0000",
    "2024-01-01 10:20", "1700000000", str(uuid.UUID(int=7)), uuid.UUID(int=9).hex, "{}",
    "a@example.com", "not an email", "x@localhost", "http://example.com/x", "ftp://a.b/c",
    "example.com", "/relative", "RED", "GREEN", "red", "1.2.3.4", "::1", "10.0.0.1/24",
]  # fmt: skip
BIG_INTEGERS = [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**30, -(10**400)]
SPECIAL_FLOATS = [0.0, -0.0, 1.5, 1e308, float("nan"), float("inf"), float("-inf"), 1e-310]

text = st.one_of(st.sampled_from(SPECIAL_TEXT), st.text(st.characters(exclude_categories=())))
integers = st.one_of(st.integers(-5, 1005), st.sampled_from(BIG_INTEGERS), st.integers())
floats = st.one_of(st.sampled_from(SPECIAL_FLOATS), st.floats())
scalars = st.one_of(st.none(), st.booleans(), integers, floats, text)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


class Color(enum.Enum):
    RED = 1
    GREEN = 2


class Size(enum.Enum):
    SMALL = "s"
    NONE = None


@dataclasses.dataclass
class Case:
    """A field, the raw values to load with it, and the Python values to dump with it."""

    field: fields.Field[t.Any]
    loads: S[t.Any]
    dumps: S[t.Any]


def reject_x(value: t.Any) -> None:
    """A validator the compiler does not know: refuses values equal to ``"x"`` or ``7``."""
    if value in ("x", 7):
        raise ValidationError("No x, no seven.")


def reject_nested(value: t.Any) -> None:
    """A validator failing with a dict of messages, which ``And`` keeps whole."""
    if value == "ABC" or value == -1:
        raise ValidationError({"deep": ["Not this one."]})


def refuse_silently(value: t.Any) -> None:
    """A validator failing without messages for empty values, which ``And`` lets through."""
    if value in ("", 0):
        raise ValidationError([])


def upper(value: t.Any) -> t.Any:
    """A ``post_load`` step."""
    return value.upper() if isinstance(value, str) else value


def refuse_abc(value: t.Any) -> t.Any:
    """A ``post_load`` step that fails for ``"abc"``, keeping a valid value."""
    if value == "abc":
        raise ValidationError("Not abc.", valid_data="ABC")
    return value


def made() -> str:
    """A callable default."""
    return "made"


def strip(value: t.Any) -> t.Any:
    """A ``pre_load`` step the compiler does not know."""
    return value.strip() if isinstance(value, str) else value


@st.composite
def common_options(draw: st.DrawFn, loaded: S[t.Any]) -> dict[str, t.Any]:
    """Draw the options every field takes (``required``, defaults, keys, validators...)."""
    options: dict[str, t.Any] = {}
    if draw(st.booleans()):
        options["required"] = True
    else:
        options["load_default"] = draw(
            st.sampled_from([missing, missing, None, list, "default", 3]) | loaded
        )
    options["allow_none"] = draw(st.sampled_from([None, None, True, False]))
    options["dump_default"] = draw(st.sampled_from([missing, missing, missing, None, "d", made]))
    if draw(st.integers(0, 4)) == 0:
        options["data_key"] = draw(st.sampled_from(["key", "with space", "_schema2", "ключ"]))
    if draw(st.integers(0, 4)) == 0:
        options["attribute"] = draw(st.sampled_from(["attr", "deep.attr", "items"]))
    options["validate"] = draw(
        st.sampled_from(
            [[], [], [reject_x], [reject_nested], [reject_x, reject_nested], [refuse_silently]]
        )
    )
    options["post_load"] = draw(st.sampled_from([None, None, None, [upper], [refuse_abc]]))
    if draw(st.integers(0, 9)) == 0:
        options["pre_load"] = [strip]
    if draw(st.integers(0, 6)) == 0:
        options["error_messages"] = {
            "null": draw(st.sampled_from(["No null ({input}).", ["No", "null"]])),
            "invalid": draw(st.sampled_from(["Bad {input!r}.", "Bad.", "{input.real}"])),
            "required": draw(st.sampled_from(["Needed.", "Needed {input}."])),
            "invalid_uuid": "No UUID: {input}.",
            "special": draw(st.sampled_from(["Finite only.", "Finite only, not {input}."])),
            "unknown": draw(st.sampled_from(["Unknown: {choices}.", "Unknown {input}."])),
        }
    return options


def with_options(
    draw: st.DrawFn, build: t.Callable[..., fields.Field[t.Any]], loaded: S[t.Any], **own: t.Any
) -> fields.Field[t.Any]:
    options = draw(common_options(loaded))
    options["validate"] = [*own.pop("validate", []), *options["validate"]]
    return build(**own, **options)


TEXT_VALIDATORS = [
    [],
    [validate.Length(min=1, max=5)],
    [validate.Length(equal=3)],
    [validate.OneOf(["a", "abc", "x"])],
    [validate.NoneOf(["x", "yes"])],
    [validate.Regexp(r"[a-z]+\Z")],
    [validate.Equal("abc")],
    [validate.And(validate.Length(max=2), reject_x)],
    [validate.ContainsOnly(["a", "b", "c"])],
]
NUMBER_VALIDATORS = [
    [],
    [validate.Range(min=0, max=1000)],
    [validate.Range(min=0, max=10, min_inclusive=False, max_inclusive=False)],
    [validate.Range(min=-(2**70), max=2**70)],
    [validate.Range(max=1.5)],
    [validate.OneOf([1, 2, 3])],
    [validate.Equal(2)],
]


@st.composite
def text_cases(draw: st.DrawFn, depth: int) -> Case:
    build = draw(st.sampled_from([fields.String, fields.Email, fields.Url]))
    rules = draw(st.sampled_from(TEXT_VALIDATORS))
    field = with_options(draw, build, text, validate=rules)
    dumps = text | st.sampled_from([b"bytes", b"\xff", 12, None, 1.5])
    return Case(field, text | json_values, dumps)


@st.composite
def number_cases(draw: st.DrawFn, depth: int) -> Case:
    build = draw(st.sampled_from([fields.Integer, fields.Float, fields.Decimal]))
    own: dict[str, t.Any] = {"validate": draw(st.sampled_from(NUMBER_VALIDATORS))}
    own["as_string"] = draw(st.booleans())
    if build is fields.Integer:
        own["strict"] = draw(st.booleans())
    else:
        own["allow_nan"] = draw(st.booleans())
    if build is fields.Decimal:
        own["places"] = draw(st.sampled_from([None, 2]))
        own["rounding"] = draw(st.sampled_from([None, decimal.ROUND_UP]))
    field = with_options(draw, build, integers, **own)
    loads = st.one_of(integers, floats, text, json_values)
    dumps = st.one_of(integers, floats, st.decimals(), st.sampled_from(["12", "x", None, True]))
    return Case(field, loads, dumps)


@st.composite
def boolean_cases(draw: st.DrawFn, depth: int) -> Case:
    own = draw(
        st.sampled_from(
            [{}, {"truthy": {"on", 1}, "falsy": {"off"}}, {"truthy": set()}, {"truthy": {1.5}}]
        )
    )
    field = with_options(draw, fields.Boolean, st.booleans(), **own)
    loads = st.one_of(st.booleans(), st.sampled_from([0, 1, 2, 1.0, "on", "off", "t", [1]]), text)
    return Case(field, loads | json_values, json_values)


TIME_ZONES = [None, dt.UTC, dt.timezone(dt.timedelta(hours=2))]


@st.composite
def temporal_cases(draw: st.DrawFn, depth: int) -> Case:
    kinds = [fields.DateTime, fields.NaiveDateTime, fields.AwareDateTime, fields.Date, fields.Time]
    build = draw(st.sampled_from(kinds))
    own: dict[str, t.Any] = {}
    if build in (fields.Date, fields.Time):
        own["format"] = draw(st.sampled_from([None, "iso", "%d/%m/%Y", "%H:%M"]))
    else:
        formats = [None, "iso", "timestamp", "timestamp_ms", "rfc", "%Y-%m-%d %H:%M"]
        own["format"] = draw(st.sampled_from(formats))
    if build is fields.NaiveDateTime:
        own["timezone"] = draw(st.sampled_from(TIME_ZONES))
    if build is fields.AwareDateTime:
        own["default_timezone"] = draw(st.sampled_from(TIME_ZONES))
    moments = st.datetimes(timezones=st.sampled_from(TIME_ZONES))
    values = st.one_of(moments, st.dates(), st.times())
    field = with_options(draw, build, values, **own)
    loads = st.one_of(values.map(lambda value: value.isoformat()), values, text, json_values)
    dumps = st.one_of(values, st.sampled_from(["2024-01-01", None, 3]))
    return Case(field, loads, dumps)


@st.composite
def misc_cases(draw: st.DrawFn, depth: int) -> Case:
    kind = draw(st.sampled_from(["uuid", "raw", "constant", "enum", "ip", "timedelta"]))
    if kind == "uuid":
        field = with_options(draw, fields.UUID, st.uuids())
        values = st.uuids()
        loads = st.one_of(values.map(str), values.map(lambda value: value.hex), values, text)
    elif kind == "raw":
        field = with_options(draw, fields.Raw, json_values)
        values = loads = json_values
    elif kind == "constant":
        field = with_options(draw, fields.Constant, json_values, constant=draw(scalars))
        values = loads = json_values
    elif kind == "enum":
        enum_class = draw(st.sampled_from([Color, Size]))
        by_value = draw(st.sampled_from([False, True, "field"]))
        by_value = fields.String() if by_value == "field" else by_value
        members = st.sampled_from(list(enum_class))
        field = with_options(draw, fields.Enum, members, enum=enum_class, by_value=by_value)
        values = members
        loads = st.one_of(members.map(lambda m: m.name), members.map(lambda m: m.value), text)
    elif kind == "ip":
        build = draw(st.sampled_from([fields.IP, fields.IPv4, fields.IPv6, fields.IPInterface]))
        field = with_options(draw, build, text, exploded=draw(st.booleans()))
        values = st.one_of(st.ip_addresses(), st.sampled_from([None, "1.2.3.4"]))
        loads = text
    else:
        field = with_options(draw, fields.TimeDelta, floats, precision="minutes")
        values = st.timedeltas() | floats
        loads = floats | text
    return Case(field, loads | json_values, values | json_values)


@st.composite
def container_cases(draw: st.DrawFn, depth: int) -> Case:
    kind = draw(st.sampled_from(["list", "tuple", "dict", "dict_plain"]))
    inner = draw(field_cases(depth + 1))
    if kind == "list":
        field = with_options(draw, fields.List, st.just([]), cls_or_instance=inner.field)
        return Case(field, st.lists(inner.loads, max_size=3), st.lists(inner.dumps, max_size=3))
    if kind == "tuple":
        second = draw(field_cases(depth + 1))
        field = with_options(
            draw, fields.Tuple, st.just(()), tuple_fields=(inner.field, second.field)
        )
        loads = st.lists(inner.loads | second.loads, max_size=3)
        return Case(field, loads, st.tuples(inner.dumps, second.dumps))
    if kind == "dict":
        keys = draw(st.sampled_from(["none", "text", "text"]))
        key_field = fields.String(validate=validate.Length(max=3)) if keys == "text" else None
        value_field = inner.field if key_field is None or draw(st.booleans()) else None
        field = with_options(draw, fields.Dict, st.just({}), keys=key_field, values=value_field)
        loads = st.dictionaries(text, inner.loads, max_size=3)
        return Case(field, loads, st.dictionaries(text, inner.dumps, max_size=3))
    field = with_options(draw, fields.Dict, st.just({}))
    return Case(field, json_values, st.dictionaries(text, json_values, max_size=3))


@st.composite
def nested_cases(draw: st.DrawFn, depth: int) -> Case:
    children = draw(st.lists(field_cases(depth + 1), min_size=1, max_size=3))
    declared = {f"c{index}": case.field for index, case in enumerate(children)}
    schema_class = Schema.from_dict(declared, name="Child")
    try:
        schema_class()
    except ValueError:  # two fields with the same data key or attribute
        reject()
    loads = mappings({name: case.loads for name, case in zip(declared, children, strict=True)})
    dumps = objects({name: case.dumps for name, case in zip(declared, children, strict=True)})
    if draw(st.booleans()):
        many = draw(st.booleans())
        field = with_options(
            draw, fields.Pluck, loads, nested=schema_class, field_name="c0", many=many
        )
        plucked = children[0].loads
        loads_many = st.lists(plucked, max_size=2) | json_values
        return Case(field, loads_many if many else plucked | json_values, dumps)
    many = draw(st.booleans())
    own: dict[str, t.Any] = {"nested": schema_class, "many": many}
    own["unknown"] = draw(st.sampled_from([None, RAISE, EXCLUDE, INCLUDE]))
    if len(declared) > 1 and draw(st.booleans()):
        own["only"] = ("c0", "c1")
    field = with_options(draw, fields.Nested, loads, **own)
    if many:
        return Case(field, st.lists(loads, max_size=2) | json_values, st.lists(dumps, max_size=2))
    return Case(field, loads | json_values, dumps | st.none())


@st.composite
def function_cases(draw: st.DrawFn, depth: int) -> Case:
    field = fields.Function(
        serialize=lambda obj: type(obj).__name__,
        deserialize=lambda value: [value],
        required=draw(st.booleans()),
    )
    return Case(field, json_values, json_values)


def field_cases(depth: int = 0) -> S[Case]:
    """Draw a field of any kind (containers and nested schemas down to depth 2)."""
    kinds = [text_cases, number_cases, boolean_cases, temporal_cases, misc_cases, function_cases]
    if depth < 2:
        kinds += [container_cases, nested_cases]
    return st.one_of([kind(depth) for kind in kinds])


#: Field kinds by name: those holding one value, and those holding others.
SCALAR_KINDS = {
    "text": text_cases,
    "number": number_cases,
    "boolean": boolean_cases,
    "temporal": temporal_cases,
    "misc": misc_cases,
    "function": function_cases,
}
CONTAINER_KINDS = {"container": container_cases, "nested": nested_cases}


def mappings(values: dict[str, S[t.Any]]) -> S[dict[str, t.Any]]:
    """Draw dicts holding some of *values*' keys, and sometimes keys no field reads."""
    known = st.fixed_dictionaries({}, optional=values)
    extra = st.dictionaries(st.sampled_from(["extra", "_schema", "c9"]), json_values, max_size=2)
    return st.builds(lambda found, more: {**found, **more}, known, extra | st.just({}))


def objects(values: dict[str, S[t.Any]]) -> S[t.Any]:
    """Draw objects holding some of *values*: dicts, attribute objects, or other mappings.

    A dotted name (``deep.attr``) is a path: the value sits in an inner object.
    """
    found = st.fixed_dictionaries({}, optional=values).map(expand_paths)
    return st.one_of(found, found.map(as_namespace), found.map(Lookup))


def expand_paths(data: dict[str, t.Any]) -> dict[str, t.Any]:
    expanded: dict[str, t.Any] = {}
    for key, value in data.items():
        head, _, rest = key.partition(".")
        if rest:
            expanded.setdefault(head, {})[rest] = value
        else:
            expanded[key] = value
    return expanded


def as_namespace(data: dict[str, t.Any]) -> types.SimpleNamespace:
    return types.SimpleNamespace(
        **{
            key: as_namespace(value) if key == "deep" and isinstance(value, dict) else value
            for key, value in data.items()
        }
    )


class Lookup:
    """An object read with ``[]`` that is not a dict (like a database row)."""

    def __init__(self, data: dict[str, t.Any]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> t.Any:
        return self.data[key]


class SchemaCase:
    """A schema with the payloads to load with it and the objects to dump with it."""

    def __init__(self, schema: Schema, loads: S[t.Any], dumps: S[t.Any]) -> None:
        self.schema = schema
        self.loads = loads
        self.dumps = dumps

    def __repr__(self) -> str:
        return describe(self.schema)


def describe(schema: Schema) -> str:
    """Say what a drawn schema is made of, for failure reports."""
    options = f"many={schema.many}, unknown={schema.unknown}, partial={schema.partial!r}"
    parts = [f"{name}={describe_field(field)}" for name, field in schema.fields.items()]
    return f"Schema({options}; {', '.join(parts)})"


def describe_field(field: fields.Field[t.Any]) -> str:
    settings = {
        key: value
        for key, value in vars(field).items()
        if key
        not in {"parent", "root", "name", "error_messages", "metadata", "_schema", "validate"}
        and value not in (None, False, [], missing, ())
    }
    if isinstance(field, fields.Nested):
        settings["schema"] = describe(field.schema)
    for key in ("inner", "value_field", "key_field"):
        if settings.get(key) is not None:
            settings[key] = describe_field(settings[key])
    if "tuple_fields" in settings:
        settings["tuple_fields"] = [describe_field(inner) for inner in settings["tuple_fields"]]
    return f"{type(field).__name__}({settings})"


@st.composite
def schema_cases(draw: st.DrawFn) -> SchemaCase:
    """Draw a schema of random fields and options (``many``, ``unknown``, ``partial``...)."""
    cases = draw(st.lists(field_cases(), min_size=1, max_size=5))
    declared = {f"f{index}": case.field for index, case in enumerate(cases)}
    options: dict[str, t.Any] = {"many": draw(st.booleans())}
    options["unknown"] = draw(st.sampled_from([RAISE, EXCLUDE, INCLUDE]))
    options["partial"] = draw(st.sampled_from([None, None, True, False, ("f0",), ["f1.c0"]]))
    if len(declared) > 1 and draw(st.booleans()):
        options["exclude"] = ("f1",)
    try:
        schema = Schema.from_dict(declared, name="Drawn")(**options)
    except ValueError:  # two fields with the same data key or attribute
        reject()
    raw = {
        case.field.data_key or name: case.loads for name, case in zip(declared, cases, strict=True)
    }
    attributes = {
        case.field.attribute or name: case.dumps for name, case in zip(declared, cases, strict=True)
    }
    loads = mappings(raw) | json_values
    dumps = objects(attributes)
    if schema.many:
        return SchemaCase(schema, st.lists(loads, max_size=3) | json_values, st.lists(dumps))
    return SchemaCase(schema, loads, dumps)
