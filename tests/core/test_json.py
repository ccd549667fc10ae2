import collections
import dataclasses
import decimal
import enum
import io
import math
import types
import typing as t
import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from werkzeug.wrappers import Response as WerkzeugResponse

from restkit.core import json as rk_json
from restkit.core.app import App
from restkit.core.config import Config
from restkit.core.globals import app_ctx_var
from restkit.core.json import DefaultJSONProvider, JSONDecodeError, JSONProvider
from restkit.core.json_encoding import encode_with_orjson, encode_with_stdlib
from restkit.core.options import DEFAULT_CONFIG, AppOptions


@dataclasses.dataclass
class Point:
    y: float
    x: float
    label: str = "p"


@dataclasses.dataclass(slots=True, frozen=True)
class Segment:
    start: Point
    end: Point
    when: date


class Color(enum.Enum):
    RED = "red"
    WHEN = date(2024, 2, 29)
    PAIR = (1, 2)


class Level(enum.IntEnum):
    LOW = 1


class Markup:
    def __html__(self) -> str:
        return "<b>bold</b>"


class Ratio(float):
    pass


Pair = collections.namedtuple("Pair", "left right")


def _nested_list(depth: int) -> list[t.Any]:
    value: list[t.Any] = [1]
    for _ in range(depth - 1):
        value = [value]
    return value


def _recursive_list() -> list[t.Any]:
    value: list[t.Any] = []
    value.append(value)
    return value


def _recursive_dataclass() -> t.Any:
    @dataclasses.dataclass
    class Node:
        child: t.Any = None

    node = Node()
    node.child = node
    return node


ENCODED = [
    pytest.param({"a": 1, "b": [1, 2]}, '{"a":1,"b":[1,2]}', id="compact"),
    pytest.param({"name": "Zoë ☕ 😀"}, '{"name":"Zoë ☕ 😀"}', id="utf8-not-escaped"),
    pytest.param("\u2028\x00</script>", '"\u2028\\u0000</script>"', id="control-chars"),
    pytest.param(datetime(2024, 2, 29, 13, 5, 9), '"2024-02-29T13:05:09"', id="naive-datetime"),
    pytest.param(
        datetime(2024, 2, 29, 13, 5, 9, 7, tzinfo=UTC),
        '"2024-02-29T13:05:09.000007+00:00"',
        id="utc-datetime",
    ),
    pytest.param(
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=30, seconds=15))),
        '"2024-01-01T00:00:00+05:30:15"',
        id="offset-with-seconds",
    ),
    pytest.param(date(5, 1, 2), '"0005-01-02"', id="date"),
    pytest.param(time(1, 2, 3), '"01:02:03"', id="time"),
    pytest.param(time(1, 2, tzinfo=UTC), '"01:02:00+00:00"', id="aware-time"),
    pytest.param(uuid.UUID(int=5), '"00000000-0000-0000-0000-000000000005"', id="uuid"),
    pytest.param(decimal.Decimal("1.10"), '"1.10"', id="decimal"),
    pytest.param(Point(1.5, 2.0), '{"y":1.5,"x":2.0,"label":"p"}', id="dataclass"),
    pytest.param(
        Segment(Point(0, 0), Point(1, 1), date(2024, 1, 1)),
        '{"start":{"y":0,"x":0,"label":"p"},"end":{"y":1,"x":1,"label":"p"},"when":"2024-01-01"}',
        id="nested-slots-dataclass",
    ),
    pytest.param([Color.RED, Color.WHEN, Color.PAIR], '["red","2024-02-29",[1,2]]', id="enum"),
    pytest.param(Level.LOW, "1", id="int-enum"),
    pytest.param(Markup(), '"<b>bold</b>"', id="html"),
    pytest.param(Ratio(0.5), "0.5", id="float-subclass"),
    pytest.param(Pair(1, "b"), '[1,"b"]', id="namedtuple"),
    pytest.param((1, (2, 3)), "[1,[2,3]]", id="tuple"),
    pytest.param([float("nan"), math.inf, -math.inf], "[null,null,null]", id="non-finite"),
    pytest.param(
        {"p": Point(math.nan, 1.0), "t": (math.inf,)},
        '{"p":{"y":null,"x":1.0,"label":"p"},"t":[null]}',
        id="non-finite-nested",
    ),
    pytest.param(2**64, "18446744073709551616", id="int-past-64-bits"),
    pytest.param(-(2**63) - 1, "-9223372036854775809", id="int-below-64-bits"),
    pytest.param(
        {1: "a", None: "b", False: "c", 2.5: "d"},
        '{"1":"a","null":"b","false":"c","2.5":"d"}',
        id="non-str-keys",
    ),
]


CORPUS = [
    *[pytest.param(param.values[0], id=param.id) for param in ENCODED],
    pytest.param(None, id="none"),
    pytest.param(True, id="true"),
    pytest.param(0, id="zero"),
    pytest.param(2**64 - 1, id="uint64-max"),
    pytest.param("", id="empty-string"),
    pytest.param([], id="empty-list"),
    pytest.param({}, id="empty-dict"),
    pytest.param([1e16, 1e15, 1e22, 123456789.125], id="large-floats"),
    pytest.param([1.5e-5, -2.5e-7, 1e-10, 0.0001, 9.99e-5], id="small-floats"),
    pytest.param([5e-324, -0.0, 1.7976931348623157e308, 0.1, 1 / 3], id="edge-floats"),
    pytest.param({"z": 1, "a": {"y": [1e-7], "b": None}, "é": "x"}, id="nested-dicts"),
    pytest.param(["e-mail", ":0.00001,", "1e-7", 1e-7, '"1e-7"'], id="float-like-strings"),
    pytest.param(["x,1e-7", "y:0.00001", 2e-7, -0.00002], id="float-text-in-strings"),
    pytest.param({"deep": [[[[[[1.25e-6]]]]]]}, id="nested-small-float"),
    pytest.param(1.5e-7, id="top-level-small-float"),
    pytest.param(collections.OrderedDict(b=1, a=2), id="ordered-dict"),
    pytest.param(Point(1e-5, 3.0), id="dataclass-small-float"),
    pytest.param("\ud800", id="lone-surrogate"),
    pytest.param([[]] * 300, id="wide"),
    pytest.param(_nested_list(300), id="deeper-than-orjson-allows"),
    pytest.param([1.0, 2**70, 1e-7], id="big-int-beside-floats"),
]


def _nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


@pytest.fixture
def provider() -> DefaultJSONProvider:
    return DefaultJSONProvider()


@pytest.fixture
def fake_app() -> types.SimpleNamespace:
    app = types.SimpleNamespace(response_class=WerkzeugResponse)
    app.json = DefaultJSONProvider(app)
    return app


@pytest.fixture
def app_context(fake_app: types.SimpleNamespace) -> t.Iterator[types.SimpleNamespace]:
    token = app_ctx_var.set(types.SimpleNamespace(app=fake_app))
    yield fake_app
    app_ctx_var.reset(token)


@pytest.mark.parametrize(("value", "expected"), ENCODED)
def test_dumps(provider: DefaultJSONProvider, value: t.Any, expected: str) -> None:
    assert provider.dumps(value) == expected
    assert encode_with_stdlib(value) == expected


@pytest.mark.parametrize("sort_keys", [False, True], ids=["unsorted", "sorted"])
@pytest.mark.parametrize("value", CORPUS)
def test_orjson_and_stdlib_give_the_same_text(value: t.Any, sort_keys: bool) -> None:
    pytest.importorskip("orjson")
    expected = _outcome(encode_with_stdlib, value, sort_keys)
    assert _outcome(encode_with_orjson, value, sort_keys) == expected


def _outcome(encoder: t.Callable[[t.Any, bool], str], value: t.Any, sort_keys: bool) -> t.Any:
    """Return the text *encoder* gives, or the type and message of its error."""
    try:
        return encoder(value, sort_keys)
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc)


BAD_VALUES = [
    pytest.param({1, 2}, TypeError, "Object of type set is not JSON serializable.", id="set"),
    pytest.param(b"raw", TypeError, "Object of type bytes", id="bytes"),
    pytest.param([object()], TypeError, "Object of type object", id="object"),
    pytest.param(Point, TypeError, "Object of type type", id="dataclass-class"),
    pytest.param({uuid.UUID(int=1): 1}, TypeError, "keys must be", id="uuid-key"),
    pytest.param({"a": 1, 2: 3}, TypeError, "not supported", id="mixed-keys-sorted"),
    pytest.param(_recursive_list(), ValueError, "Circular reference", id="cycle"),
    pytest.param(_recursive_dataclass(), ValueError, "Circular reference", id="dataclass-cycle"),
    pytest.param({math.nan: 1}, ValueError, "Out of range float", id="nan-key"),
]


@pytest.mark.parametrize(("value", "error", "message"), BAD_VALUES)
@pytest.mark.parametrize(
    "encoder",
    [encode_with_stdlib, encode_with_orjson],
    ids=["stdlib", "orjson"],
)
def test_unencodable_values_raise_the_same_error(
    encoder: t.Callable[[t.Any, bool], str], value: t.Any, error: type[Exception], message: str
) -> None:
    if encoder is encode_with_orjson:
        pytest.importorskip("orjson")
    with pytest.raises(error, match=message):
        encoder(value, True)


def test_sort_keys(provider: DefaultJSONProvider) -> None:
    provider.sort_keys = True
    assert provider.dumps({"b": 1, "a": Point(0, 1)}) == '{"a":{"label":"p","x":1,"y":0},"b":1}'


def test_dumps_with_options_uses_them(provider: DefaultJSONProvider) -> None:
    assert provider.dumps({"a": [1, math.nan]}, indent=1) == '{\n "a": [\n  1,\n  null\n ]\n}'
    assert provider.dumps({"a": 1}, indent=0, separators=(",", ":")) == '{\n"a":1\n}'
    assert provider.dumps({"é": date(2024, 1, 1)}, ensure_ascii=True) == '{"\\u00e9":"2024-01-01"}'


def test_dump_and_load_use_files(provider: DefaultJSONProvider) -> None:
    out = io.StringIO()
    provider.dump({"a": [1]}, out)
    assert out.getvalue() == '{"a":[1]}'
    assert provider.load(io.BytesIO(b'{"a": [1]}')) == {"a": [1]}


def test_configure_takes_max_json_depth(provider: DefaultJSONProvider) -> None:
    provider.configure(AppOptions.from_config(Config("/", {**DEFAULT_CONFIG, "MAX_JSON_DEPTH": 2})))
    assert provider.max_depth == 2
    assert provider.loads("[[1]]") == [[1]]
    with pytest.raises(JSONDecodeError, match="maximum depth of 2"):
        provider.loads("[[[1]]]")


@pytest.mark.parametrize(("setting", "expected"), [(False, False), (True, True)])
def test_configure_takes_json_sort_keys(setting: bool, expected: bool) -> None:
    config = Config("/", {**DEFAULT_CONFIG, "JSON_SORT_KEYS": setting})
    provider = DefaultJSONProvider(types.SimpleNamespace(config=config))
    provider.configure(AppOptions.from_config(config))
    assert provider.sort_keys is expected


def test_base_provider_needs_dumps_and_loads() -> None:
    with pytest.raises(TypeError, match="abstract"):
        JSONProvider()  # type: ignore[abstract]

    class Minimal(JSONProvider):
        def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
            return repr(obj)

        def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
            return s

    minimal = Minimal()
    minimal.configure(AppOptions.from_config(Config("/", DEFAULT_CONFIG)))
    assert minimal.response([1]).get_data() == b"[1]"


# -- responses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "body"),
    [
        pytest.param((), {}, b"null", id="nothing-is-null-as-in-flask"),
        pytest.param(({"a": 1},), {}, b'{"a":1}', id="one-arg"),
        pytest.param((None,), {}, b"null", id="none"),
        pytest.param((1, "b"), {}, b'[1,"b"]', id="several-args"),
        pytest.param((), {"a": 1, "é": "ü"}, '{"a":1,"é":"ü"}'.encode(), id="kwargs"),
    ],
)
def test_response(
    fake_app: types.SimpleNamespace, args: tuple[t.Any, ...], kwargs: dict[str, t.Any], body: bytes
) -> None:
    response = fake_app.json.response(*args, **kwargs)
    assert isinstance(response, WerkzeugResponse)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_data() == body


def test_response_refuses_args_and_kwargs(provider: DefaultJSONProvider) -> None:
    with pytest.raises(TypeError, match="not both"):
        provider.response(1, a=2)


def test_response_without_app_uses_restkit_response(provider: DefaultJSONProvider) -> None:
    from restkit.core.wrappers import Response

    response = provider.response([1])
    assert type(response) is Response
    assert response.mimetype == "application/json"


# -- module functions -------------------------------------------------------------------------


def test_module_functions_work_outside_an_app() -> None:
    assert rk_json.dumps({"a": date(2024, 1, 1)}) == '{"a":"2024-01-01"}'
    assert rk_json.loads(b'{"a": 1}') == {"a": 1}
    out = io.StringIO()
    rk_json.dump([1], out)
    assert rk_json.load(io.StringIO(out.getvalue())) == [1]
    assert rk_json.jsonify(a=1).get_data() == b'{"a":1}'


def test_module_functions_use_the_current_app(app_context: types.SimpleNamespace) -> None:
    app_context.json.sort_keys = True
    app_context.json.max_depth = 1
    assert rk_json.dumps({"b": 1, "a": 2}) == '{"a":2,"b":1}'
    with pytest.raises(JSONDecodeError, match="depth of 1"):
        rk_json.loads("[[1]]")
    response = rk_json.jsonify({"b": 1, "a": 2})
    assert type(response) is WerkzeugResponse
    assert response.get_data() == b'{"a":2,"b":1}'


def test_dump_and_load_are_public() -> None:
    import restkit.json

    out = io.StringIO()
    restkit.json.dump({"a": (1, 2)}, out)
    assert out.getvalue() == '{"a":[1,2]}'
    assert restkit.json.load(io.StringIO(out.getvalue())) == {"a": [1, 2]}
    assert restkit.json.load(io.BytesIO(b'["\xc3\xa9"]')) == ["é"]
    with pytest.raises(restkit.json.JSONDecodeError, match="Duplicate key"):
        restkit.json.load(io.StringIO('{"a": 1, "a": 2}'))


def test_provider_submodule_as_in_flask() -> None:
    from restkit.json.provider import DefaultJSONProvider as Default
    from restkit.json.provider import JSONProvider as Base

    assert Default is DefaultJSONProvider
    assert Base is JSONProvider


# -- the provider's attributes, as Flask documents them ---------------------------------------


@pytest.fixture
def core_app() -> App:
    return App("json_app")


def test_defaults_differ_from_flask_on_purpose(provider: DefaultJSONProvider) -> None:
    # Flask: ensure_ascii=True, sort_keys=True, compact=None (pretty in debug).
    assert (provider.ensure_ascii, provider.sort_keys, provider.compact) == (False, False, True)


def test_ensure_ascii(core_app: App) -> None:
    core_app.json.ensure_ascii = True  # type: ignore[attr-defined]

    assert core_app.json.dumps({"name": "Zoë ☕"}) == '{"name":"Zo\\u00eb \\u2615"}'
    with core_app.app_context():
        assert rk_json.jsonify(["é"]).get_data() == b'["\\u00e9"]'


def test_sort_keys_set_on_the_app(core_app: App) -> None:
    core_app.json.sort_keys = True  # type: ignore[attr-defined]

    @core_app.get("/")
    def index() -> dict[str, int]:
        return {"b": 1, "a": 2}

    assert core_app.test_client().get("/").data == b'{"a":2,"b":1}'


def test_compact_false_indents(core_app: App) -> None:
    core_app.json.compact = False  # type: ignore[attr-defined]

    assert core_app.json.dumps({"a": [1, math.nan]}) == '{\n  "a": [\n    1,\n    null\n  ]\n}'
    with core_app.app_context():
        assert rk_json.jsonify(a=1).get_data() == b'{\n  "a": 1\n}'


@pytest.mark.parametrize(
    ("debug", "expected"),
    [
        pytest.param(False, '{"a":1}', id="compact"),
        pytest.param(True, '{\n  "a": 1\n}', id="debug"),
    ],
)
def test_compact_none_follows_debug_mode(core_app: App, debug: bool, expected: str) -> None:
    core_app.json.compact = None  # type: ignore[attr-defined]
    core_app.debug = debug

    assert core_app.json.dumps({"a": 1}) == expected


def test_compact_none_without_an_app_is_compact(provider: DefaultJSONProvider) -> None:
    provider.compact = None
    assert provider.dumps({"a": 1}) == '{"a":1}'


def test_keyword_options_win_over_the_attributes(core_app: App) -> None:
    json_provider = t.cast(DefaultJSONProvider, core_app.json)
    json_provider.compact = False
    json_provider.sort_keys = True

    assert json_provider.dumps({"b": 1, "a": 2}, indent=None) == '{"a":2,"b":1}'
    assert json_provider.dumps({"b": 1, "a": 2}, sort_keys=False, indent=1) == (
        '{\n "b": 1,\n "a": 2\n}'
    )


def _uuid_as_hex(obj: t.Any) -> t.Any:
    if isinstance(obj, uuid.UUID):
        return obj.hex
    return DefaultJSONProvider.default(obj)


def test_default_set_on_the_app(core_app: App) -> None:
    # orjson writes UUIDs itself: the override must leave it out to be called at all.
    core_app.json.default = _uuid_as_hex  # type: ignore[attr-defined]

    assert core_app.json.dumps([uuid.UUID(int=1), date(2024, 1, 2)]) == (
        '["00000000000000000000000000000001","2024-01-02"]'
    )


def test_default_in_a_subclass(core_app: App) -> None:
    class Money:
        def __init__(self, cents: int) -> None:
            self.cents = cents

    class MoneyJSON(DefaultJSONProvider):
        @staticmethod
        def default(obj: t.Any) -> t.Any:
            if isinstance(obj, Money):
                return {"cents": obj.cents}
            return DefaultJSONProvider.default(obj)

    class MoneyApp(App):
        json_provider_class = MoneyJSON

    app = MoneyApp("money")

    @app.get("/")
    def price() -> dict[str, t.Any]:
        return {"price": Money(150), "at": time(9, 30)}

    assert app.test_client().get("/").data == b'{"price":{"cents":150},"at":"09:30:00"}'
    with pytest.raises(TypeError, match="Object of type set"):
        app.json.dumps({1})


def test_default_sees_non_finite_floats_as_null(provider: DefaultJSONProvider) -> None:
    provider.default = _uuid_as_hex  # type: ignore[method-assign]
    assert provider.dumps([math.inf, uuid.UUID(int=2)]) == (
        '[null,"00000000000000000000000000000002"]'
    )


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        pytest.param(None, None, id="nothing-overridden"),
        pytest.param("sort_keys", True, id="sort-keys"),
        pytest.param("compact", None, id="compact-none-out-of-debug"),
    ],
)
def test_the_shared_encoder_writes_when_nothing_is_overridden(
    provider: DefaultJSONProvider, monkeypatch: pytest.MonkeyPatch, attribute: str, value: t.Any
) -> None:
    calls: list[t.Any] = []
    monkeypatch.setattr(rk_json, "encode", lambda obj, sort_keys: calls.append(obj) or "x")
    if attribute is not None:
        setattr(provider, attribute, value)

    assert provider.dumps([1]) == "x"
    assert calls == [[1]]


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        pytest.param("ensure_ascii", True, id="ensure-ascii"),
        pytest.param("compact", False, id="not-compact"),
        pytest.param("default", _uuid_as_hex, id="default"),
    ],
)
def test_overrides_use_the_stdlib_encoder(
    provider: DefaultJSONProvider, monkeypatch: pytest.MonkeyPatch, attribute: str, value: t.Any
) -> None:
    monkeypatch.setattr(rk_json, "encode", pytest.fail)
    setattr(provider, attribute, value)

    assert provider.loads(provider.dumps({"a": [1]})) == {"a": [1]}
