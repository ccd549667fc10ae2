import collections
import decimal
import gc
import hashlib
import time
import typing as t
import uuid
import weakref
from datetime import UTC, date, datetime, timedelta, timezone
from http.cookies import SimpleCookie

import pytest
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode
from markupsafe import Markup
from werkzeug.wrappers import Request, Response

from restkit.core.config import Config
from restkit.core.json_tag import JSONTag, TaggedJSONSerializer
from restkit.core.options import DEFAULT_CONFIG, AppOptions
from restkit.core.sessions import (
    NullSession,
    SecureCookieSession,
    SecureCookieSessionInterface,
    SessionInterface,
)


class StandInApp:
    """The part of an app the session interface reads: its resolved options."""

    def __init__(self, options: AppOptions) -> None:
        self.options = options


MakeApp = t.Callable[..., StandInApp]


@pytest.fixture
def make_app() -> MakeApp:
    """Return a factory of stand-in apps: the options the interface reads, from config keys."""

    def make(**config: t.Any) -> StandInApp:
        settings = Config("/", {**DEFAULT_CONFIG, "SECRET_KEY": "newest key", **config})
        return StandInApp(AppOptions.from_config(settings))

    return make


@pytest.fixture
def app(make_app: MakeApp) -> StandInApp:
    return make_app()


@pytest.fixture
def interface() -> SecureCookieSessionInterface:
    return SecureCookieSessionInterface()


def _sign(data: dict[str, t.Any], key: str, salt: str = "restkit-session") -> str:
    serializer = URLSafeTimedSerializer(
        key,
        salt=salt,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha256},
    )
    return serializer.dumps(data)


def _request(cookie: str | None = None, name: str = "session") -> Request:
    headers = {"Cookie": f"{name}={cookie}"} if cookie is not None else {}
    return Request.from_values(headers=headers)


def _cookie(response: Response) -> tuple[str, dict[str, str | bool]]:
    """Return the value and attributes of the response's only Set-Cookie header."""
    (header,) = response.headers.getlist("Set-Cookie")
    parts = [part.strip() for part in header.split(";")]
    name_value, attributes = parts[0], parts[1:]
    parsed: dict[str, str | bool] = {}
    for attribute in attributes:
        key, _, value = attribute.partition("=")
        parsed[key.lower()] = value or True
    return name_value.partition("=")[2], parsed


def _changed(data: dict[str, t.Any]) -> SecureCookieSession:
    """Return a session that was just given *data*, as a view would."""
    session = SecureCookieSession()
    session.update(data)
    return session


def _round_trip(
    interface: SecureCookieSessionInterface,
    app: StandInApp,
    session: SecureCookieSession,
) -> SecureCookieSession:
    response = Response()
    interface.save_session(app, session, response)
    value, _ = _cookie(response)
    opened = interface.open_session(app, _request(value))
    assert opened is not None
    return opened


# -- the session object ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "read",
    [
        pytest.param(lambda s: s["a"], id="getitem"),
        pytest.param(lambda s: s.get("a"), id="get"),
        pytest.param(lambda s: "a" in s, id="contains"),
        pytest.param(lambda s: list(s), id="iter"),
        pytest.param(len, id="len"),
        pytest.param(bool, id="bool"),
        pytest.param(lambda s: s.keys(), id="keys"),
        pytest.param(lambda s: s.values(), id="values"),
        pytest.param(lambda s: s.items(), id="items"),
        pytest.param(lambda s: s.setdefault("a", 2), id="setdefault-existing"),
        pytest.param(lambda s: s.pop("missing", None), id="pop-missing"),
        pytest.param(lambda s: s.permanent, id="permanent"),
        pytest.param(dict, id="dict-copy"),
    ],
)
def test_reads_mark_the_session_accessed(read: t.Callable[[SecureCookieSession], t.Any]) -> None:
    session = SecureCookieSession({"a": 1})
    assert not session.accessed
    read(session)
    assert session.accessed
    assert not session.modified


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda s: s.__setitem__("b", 2), id="setitem"),
        pytest.param(lambda s: s.__delitem__("a"), id="delitem"),
        pytest.param(lambda s: s.setdefault("b", 2), id="setdefault-new"),
        pytest.param(lambda s: s.pop("a"), id="pop"),
        pytest.param(lambda s: s.popitem(), id="popitem"),
        pytest.param(lambda s: s.update(b=2), id="update"),
        pytest.param(lambda s: s.clear(), id="clear"),
        pytest.param(lambda s: s.__ior__({"b": 2}), id="ior"),
        pytest.param(lambda s: setattr(s, "permanent", True), id="permanent"),
    ],
)
def test_writes_mark_the_session_modified_and_accessed(
    write: t.Callable[[SecureCookieSession], t.Any],
) -> None:
    session = SecureCookieSession({"a": 1})
    write(session)
    assert session.modified
    assert session.accessed


def test_session_flags() -> None:
    session = SecureCookieSession()
    assert not session.new
    assert SecureCookieSession(new=True).new
    assert session.permanent is False
    session.permanent = True
    assert session["_permanent"] is True
    assert session.permanent is True
    assert repr(SecureCookieSession({"a": 1})) == "<SecureCookieSession {'a': 1}>"


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda s: s.__setitem__("a", 1), id="setitem"),
        pytest.param(lambda s: s.__delitem__("a"), id="delitem"),
        pytest.param(lambda s: s.setdefault("a", 1), id="setdefault"),
        pytest.param(lambda s: s.pop("a", None), id="pop"),
        pytest.param(lambda s: s.popitem(), id="popitem"),
        pytest.param(lambda s: s.update(a=1), id="update"),
        pytest.param(lambda s: s.clear(), id="clear"),
        pytest.param(lambda s: s.__ior__({"a": 1}), id="ior"),
        pytest.param(lambda s: setattr(s, "permanent", True), id="permanent"),
    ],
)
def test_null_session_refuses_writes(write: t.Callable[[NullSession], t.Any]) -> None:
    session = NullSession()
    with pytest.raises(
        RuntimeError, match=r"no SECRET_KEY is set: set app\.config\['SECRET_KEY'\]"
    ):
        write(session)
    assert session.get("a") is None
    assert not session


# -- the base interface ---------------------------------------------------------------------


class NoSessions(SessionInterface):
    """The smallest concrete interface: sessions never work."""

    def open_session(self, app: t.Any, request: t.Any) -> None:
        return None

    def save_session(self, app: t.Any, session: t.Any, response: t.Any) -> None:
        raise AssertionError("a null session is never saved")


def test_base_interface(app: StandInApp) -> None:
    with pytest.raises(TypeError, match="abstract"):
        SessionInterface()  # type: ignore[abstract]

    interface = NoSessions()
    null = interface.make_null_session(app)
    assert isinstance(null, NullSession)
    assert interface.is_null_session(null)
    assert not interface.is_null_session(SecureCookieSession())
    assert interface.open_session(app, _request()) is None


def test_an_interface_may_leave_save_session_out(app: StandInApp) -> None:
    # As in Flask, save_session is not abstract; restkit's base saves nothing.
    class FromHeader(SessionInterface):
        def open_session(self, app: t.Any, request: t.Any) -> SecureCookieSession:
            return SecureCookieSession({"user": request.headers.get("X-User")})

    interface = FromHeader()
    session = interface.open_session(app, Request.from_values(headers={"X-User": "ada"}))
    session["seen"] = True
    response = Response()

    interface.save_session(app, session, response)

    assert session == {"user": "ada", "seen": True}
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers


def test_cookie_hooks_read_the_options(make_app: MakeApp) -> None:
    app = make_app(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_PATH=None,
        APPLICATION_ROOT="/api",
        SESSION_COOKIE_HTTPONLY=False,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_PARTITIONED=True,
    )
    interface = NoSessions()

    assert interface.get_cookie_name(app) == "sid"
    assert interface.get_cookie_domain(app) == "example.com"
    assert interface.get_cookie_path(app) == "/api"
    assert interface.get_cookie_httponly(app) is False
    assert interface.get_cookie_secure(app) is True
    assert interface.get_cookie_samesite(app) == "Strict"
    assert interface.get_cookie_partitioned(app) is True


class PerTenantCookies(SecureCookieSessionInterface):
    """Overrides every cookie hook, as a Flask user's subclass would."""

    def get_cookie_name(self, app: t.Any) -> str:
        return "tenant_session"

    def get_cookie_domain(self, app: t.Any) -> str | None:
        return "tenant.example"

    def get_cookie_path(self, app: t.Any) -> str:
        return "/tenant"

    def get_cookie_httponly(self, app: t.Any) -> bool:
        return False

    def get_cookie_secure(self, app: t.Any) -> bool:
        return True

    def get_cookie_samesite(self, app: t.Any) -> str | None:
        return "None"

    def get_cookie_partitioned(self, app: t.Any) -> bool:
        return True


def test_overridden_cookie_hooks_are_used(app: StandInApp) -> None:
    interface = PerTenantCookies()
    response = Response()
    interface.save_session(app, _changed({"a": 1}), response)
    value, attributes = _cookie(response)

    assert response.headers["Set-Cookie"].startswith("tenant_session=")
    assert attributes == {
        "domain": "tenant.example",
        "path": "/tenant",
        "secure": True,
        "samesite": "None",
        "partitioned": True,
    }
    assert interface.open_session(app, _request(value, name="tenant_session")) == {"a": 1}
    assert interface.open_session(app, _request(value, name="session")) == {}


def test_overridden_cookie_hooks_are_used_to_delete(app: StandInApp) -> None:
    interface = PerTenantCookies()
    session = interface.open_session(
        app, _request(_sign({"a": 1}, "newest key"), name="tenant_session")
    )
    assert session is not None
    session.clear()
    response = Response()

    interface.save_session(app, session, response)

    value, attributes = _cookie(response)
    assert response.headers["Set-Cookie"].startswith("tenant_session=")
    assert value == ""
    assert attributes["domain"] == "tenant.example"
    assert attributes["path"] == "/tenant"


@pytest.mark.parametrize(
    ("modified", "permanent", "refresh", "expected"),
    [
        pytest.param(True, False, False, True, id="modified"),
        pytest.param(False, False, True, False, id="unchanged"),
        pytest.param(False, True, True, True, id="permanent-refreshed"),
        pytest.param(False, True, False, False, id="permanent-not-refreshed"),
    ],
)
def test_should_set_cookie(
    make_app: MakeApp, modified: bool, permanent: bool, refresh: bool, expected: bool
) -> None:
    app = make_app(SESSION_REFRESH_EACH_REQUEST=refresh)
    session = SecureCookieSession({"_permanent": permanent})
    session.modified = modified
    assert NoSessions().should_set_cookie(app, session) is expected


def test_get_expiration_time(make_app: MakeApp) -> None:
    app = make_app(PERMANENT_SESSION_LIFETIME=timedelta(hours=1))
    interface = NoSessions()
    assert interface.get_expiration_time(app, SecureCookieSession()) is None
    expires = interface.get_expiration_time(app, SecureCookieSession({"_permanent": True}))
    assert expires is not None
    assert abs(expires - (datetime.now(UTC) + timedelta(hours=1))) < timedelta(seconds=5)


# -- signed cookies -------------------------------------------------------------------------


def test_no_secret_key_gives_no_session(
    make_app: MakeApp, interface: SecureCookieSessionInterface
) -> None:
    app = make_app(SECRET_KEY=None)
    assert interface.open_session(app, _request(_sign({"a": 1}, "k"))) is None
    response = Response()
    interface.save_session(app, _changed({"a": 1}), response)
    assert "Set-Cookie" not in response.headers


def test_no_cookie_gives_a_new_session(
    app: StandInApp, interface: SecureCookieSessionInterface
) -> None:
    session = interface.open_session(app, _request())
    assert isinstance(session, SecureCookieSession)
    assert session.new
    assert not session.accessed
    assert dict(session) == {}


def test_round_trip(app: StandInApp, interface: SecureCookieSessionInterface) -> None:
    session = SecureCookieSession()
    data = {"user": 42, "name": "Zoë ☕", "ok": True, "none": None, "ratio": 0.5, "items": [1, "a"]}
    session.update(data, nested={"a": {"b": []}})
    opened = _round_trip(interface, app, session)
    assert not opened.new
    assert not opened.modified
    assert dict(opened) == {**data, "nested": {"a": {"b": []}}}


def test_tagged_values_round_trip(app: StandInApp, interface: SecureCookieSessionInterface) -> None:
    # As with Flask's tagged serializer: these types come back as they were stored.
    data = {
        "tuple": (1, (2, "b")),
        "bytes": b"\x00\xff raw",
        "markup": Markup("<b>bold</b>"),
        "uuid": uuid.UUID(int=7),
        "naive": datetime(2024, 2, 29, 13, 5, 9, 123456),
        "aware": datetime(2024, 2, 29, 13, 5, 9, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        "nested": [{"at": datetime(2020, 1, 1, tzinfo=UTC), "ids": (uuid.UUID(int=1),)}],
        "looks_tagged": {" t": [1, 2]},
    }
    opened = dict(_round_trip(interface, app, _changed(data)))

    assert opened == data
    assert type(opened["tuple"][1]) is tuple
    assert type(opened["markup"]) is Markup
    assert opened["aware"].utcoffset() == timedelta(hours=5, minutes=30)
    assert opened["naive"].tzinfo is None
    assert opened["looks_tagged"] == {" t": [1, 2]}


def test_untagged_types_are_written_as_json(
    app: StandInApp, interface: SecureCookieSessionInterface
) -> None:
    day, amount = date(2024, 1, 2), decimal.Decimal("1.10")
    session = _changed({"keys": {1: "a"}, "day": day, "amount": amount})
    opened = dict(_round_trip(interface, app, session))
    assert opened == {"keys": {"1": "a"}, "day": "2024-01-02", "amount": "1.10"}
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        interface.save_session(app, _changed({"ids": {1, 2}}), Response())


def test_tags_registered_on_the_serializer_are_used(
    app: StandInApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    class TagOrderedDict(JSONTag):
        __slots__ = ()
        key = " od"

        def check(self, value: t.Any) -> bool:
            return isinstance(value, collections.OrderedDict)

        def to_json(self, value: t.Any) -> t.Any:
            return [[key, self.serializer.tag(item)] for key, item in value.items()]

        def to_python(self, value: t.Any) -> t.Any:
            return collections.OrderedDict(value)

    serializer = TaggedJSONSerializer()
    serializer.register(TagOrderedDict, index=0)

    class OrderedSessions(SecureCookieSessionInterface):
        pass

    monkeypatch.setattr(OrderedSessions, "serializer", serializer)
    ordered = collections.OrderedDict([("b", (1,)), ("a", 2)])

    opened = _round_trip(OrderedSessions(), app, _changed({"ordered": ordered}))

    assert type(opened["ordered"]) is collections.OrderedDict
    assert list(opened["ordered"].items()) == [("b", (1,)), ("a", 2)]


def test_cookie_attributes(make_app: MakeApp, interface: SecureCookieSessionInterface) -> None:
    app = make_app(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_DOMAIN="example.com",
        SESSION_COOKIE_PATH="/api",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_PARTITIONED=True,
    )
    response = Response()
    interface.save_session(app, _changed({"a": 1}), response)
    value, attributes = _cookie(response)
    assert response.headers["Set-Cookie"].startswith("sid=")
    assert attributes == {
        "domain": "example.com",
        "path": "/api",
        "secure": True,
        "httponly": True,
        "samesite": "Strict",
        "partitioned": True,
    }
    assert interface.open_session(app, _request(value, name="sid")) == {"a": 1}


def test_default_cookie_attributes(
    app: StandInApp, interface: SecureCookieSessionInterface
) -> None:
    response = Response()
    interface.save_session(app, _changed({"a": 1}), response)
    _, attributes = _cookie(response)
    assert attributes == {"path": "/", "httponly": True, "samesite": "Lax"}
    assert response.vary == {"Cookie"}


def test_permanent_cookie_has_a_lifetime(
    make_app: MakeApp, interface: SecureCookieSessionInterface
) -> None:
    app = make_app(PERMANENT_SESSION_LIFETIME=timedelta(hours=2))
    session = SecureCookieSession({"a": 1})
    session.permanent = True
    response = Response()
    interface.save_session(app, session, response)
    _, attributes = _cookie(response)
    assert attributes["max-age"] == "7200"
    assert "expires" in attributes


def test_permanent_session_is_refreshed(
    make_app: MakeApp, interface: SecureCookieSessionInterface
) -> None:
    session = SecureCookieSession({"_permanent": True, "a": 1})
    response = Response()
    interface.save_session(make_app(), session, response)
    assert "Set-Cookie" in response.headers
    quiet = Response()
    interface.save_session(make_app(SESSION_REFRESH_EACH_REQUEST=False), session, quiet)
    assert "Set-Cookie" not in quiet.headers


def test_unchanged_session_sets_no_cookie(
    app: StandInApp, interface: SecureCookieSessionInterface
) -> None:
    session = interface.open_session(app, _request(_sign({"a": 1}, "newest key")))
    assert session is not None
    response = Response()
    interface.save_session(app, session, response)
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers


def test_vary_cookie_when_the_session_was_read(
    app: StandInApp, interface: SecureCookieSessionInterface
) -> None:
    session = interface.open_session(app, _request(_sign({"a": 1}, "newest key")))
    assert session is not None
    assert session["a"] == 1
    response = Response()
    response.vary.add("Accept")
    interface.save_session(app, session, response)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Vary"] == "Accept, Cookie"


def test_emptied_session_deletes_the_cookie(
    make_app: MakeApp, interface: SecureCookieSessionInterface
) -> None:
    app = make_app(SESSION_COOKIE_DOMAIN="example.com", SESSION_COOKIE_SECURE=True)
    session = interface.open_session(app, _request(_sign({"a": 1}, "newest key")))
    assert session is not None
    session.clear()
    response = Response()
    interface.save_session(app, session, response)
    value, attributes = _cookie(response)
    assert value == ""
    assert attributes["max-age"] == "0"
    assert attributes["domain"] == "example.com"
    assert attributes["secure"] is True
    assert response.vary == {"Cookie"}


def test_empty_unmodified_session_sets_nothing(
    app: StandInApp, interface: SecureCookieSessionInterface
) -> None:
    session = interface.open_session(app, _request())
    assert session is not None
    session.modified = False
    response = Response()
    interface.save_session(app, session, response)
    assert "Set-Cookie" not in response.headers
    assert "Vary" not in response.headers


def test_key_rotation(make_app: MakeApp, interface: SecureCookieSessionInterface) -> None:
    app = make_app(SECRET_KEY="new", SECRET_KEY_FALLBACKS=["oldest", "old"])
    for key in ("oldest", "old", "new"):
        session = interface.open_session(app, _request(_sign({"key": key}, key)))
        assert session == {"key": key}
        assert not session.new
    session = interface.open_session(app, _request(_sign({"a": 1}, "old")))
    assert session is not None
    session["b"] = 2
    response = Response()
    interface.save_session(app, session, response)
    value, _ = _cookie(response)
    reissued = URLSafeTimedSerializer(
        "new",
        salt="restkit-session",
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha256},
    )
    assert reissued.loads(value) == {"a": 1, "b": 2}
    retired = make_app(SECRET_KEY="new")
    assert interface.open_session(retired, _request(_sign({"a": 1}, "old"))) == {}


def test_bytes_keys(make_app: MakeApp, interface: SecureCookieSessionInterface) -> None:
    app = make_app(SECRET_KEY=b"new", SECRET_KEY_FALLBACKS=[b"old"])
    assert interface.open_session(app, _request(_sign({"a": 1}, "old"))) == {"a": 1}


@pytest.mark.parametrize(
    "cookie",
    [
        pytest.param(_sign({"a": 1}, "newest key")[:-2] + "xx", id="bad-signature"),
        pytest.param(_sign({"admin": True}, "attacker key"), id="other-key"),
        pytest.param(_sign({"a": 1}, "newest key", salt="other-salt"), id="other-salt"),
        pytest.param(_sign([1, 2], "newest key"), id="not-a-dict"),
        pytest.param("garbage", id="garbage"),
        pytest.param("e30.AAAAAA.xx", id="forged-shape"),
        pytest.param(".", id="dot"),
    ],
)
def test_bad_cookie_gives_a_new_empty_session(
    app: StandInApp, interface: SecureCookieSessionInterface, cookie: str
) -> None:
    session = interface.open_session(app, _request(cookie))
    assert session == {}
    assert isinstance(session, SecureCookieSession)
    assert session.new


def test_undecodable_payload_gives_a_new_session(
    app: StandInApp, interface: SecureCookieSessionInterface
) -> None:
    serializer = interface.get_signing_serializer(app)
    assert serializer is not None
    signer = serializer.make_signer()
    cookie = signer.sign(b"not base64 json!").decode()
    assert interface.open_session(app, _request(cookie)) == {}


def test_expired_cookie_gives_a_new_session(
    make_app: MakeApp, interface: SecureCookieSessionInterface, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(PERMANENT_SESSION_LIFETIME=60)
    cookie = _sign({"a": 1}, "newest key")
    assert interface.open_session(app, _request(cookie)) == {"a": 1}
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)
    assert interface.open_session(app, _request(cookie)) == {}


def test_serializer_is_built_once_per_app(
    make_app: MakeApp, interface: SecureCookieSessionInterface
) -> None:
    app, other_app = make_app(), make_app(SECRET_KEY="other")
    first = interface.get_signing_serializer(app)
    other = interface.get_signing_serializer(other_app)

    # One interface serves both apps, each keeping its own serializer.
    assert interface.get_signing_serializer(app) is first
    assert interface.get_signing_serializer(other_app) is other
    assert other is not first
    assert other is not None
    assert other.secret_keys == [b"other"]


def test_serializer_follows_the_apps_keys(
    make_app: MakeApp, interface: SecureCookieSessionInterface
) -> None:
    app = make_app()
    first = interface.get_signing_serializer(app)
    app.options = make_app(SECRET_KEY="rotated").options

    rebuilt = interface.get_signing_serializer(app)

    assert rebuilt is not first
    assert rebuilt is not None
    assert rebuilt.secret_keys == [b"rotated"]


def test_serializer_is_not_shared_between_interfaces(app: StandInApp) -> None:
    class OtherSalt(SecureCookieSessionInterface):
        salt = "other-salt"

    first = SecureCookieSessionInterface().get_signing_serializer(app)
    second = OtherSalt().get_signing_serializer(app)

    assert second is not first
    assert second is not None
    assert second.salt == b"other-salt"


def test_serializer_cache_does_not_keep_apps_alive(
    make_app: MakeApp, interface: SecureCookieSessionInterface
) -> None:
    app = make_app()
    interface.get_signing_serializer(app)
    app_ref = weakref.ref(app)

    del app
    gc.collect()

    assert app_ref() is None


def test_cookie_is_compact(app: StandInApp, interface: SecureCookieSessionInterface) -> None:
    response = Response()
    interface.save_session(app, _changed({"user": 1}), response)
    value, _ = _cookie(response)
    assert SimpleCookie(f"session={value}")["session"].value == value
    assert base64_decode(value.split(".")[0]) == b'{"user":1}'
    response = Response()
    interface.save_session(app, _changed({"pair": (1, 2)}), response)
    value, _ = _cookie(response)
    assert base64_decode(value.split(".")[0]) == b'{"pair":{" t":[1,2]}}'
