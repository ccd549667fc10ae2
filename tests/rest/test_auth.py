"""The schemes: what each reads from a request, what it answers, how schemes combine."""

from __future__ import annotations

import base64
import hmac

import pytest

from restkit.core.errors import SetupError
from restkit.rest.auth import (
    USERS_KEY,
    APIKeyAuth,
    Failure,
    HTTPBasicAuth,
    HTTPTokenAuth,
    compare_secrets,
)


def basic_header(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def basic():
    auth = HTTPBasicAuth()
    auth.verify_password(lambda username, password: username if password == "pw" else None)
    return auth


@pytest.fixture
def token():
    auth = HTTPTokenAuth()
    auth.verify_token({"good": "ann", "root": "admin"}.get)
    return auth


def authenticate(app, auth, path="/", **request):
    with app.test_request_context(path, **request) as ctx:
        return auth.authenticate(ctx.request)


# -- HTTP Basic -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({}, Failure.ABSENT, id="no-header"),
        pytest.param({"Authorization": basic_header("bob", "pw")}, "bob", id="good"),
        pytest.param({"Authorization": basic_header("bob", "bad")}, Failure.REJECTED, id="bad"),
        pytest.param({"Authorization": "Basic !!!"}, Failure.REJECTED, id="not-base64"),
        pytest.param({"Authorization": "Basic"}, Failure.REJECTED, id="empty"),
        pytest.param({"Authorization": ""}, Failure.REJECTED, id="empty-header"),
        pytest.param({"Authorization": "Bearer good"}, Failure.ABSENT, id="other-scheme"),
        pytest.param({"Authorization": "basic " + basic_header("bob", "pw")[6:]}, "bob", id="case"),
    ],
)
def test_basic_reads_the_authorization_header_with_werkzeug(app, basic, headers, expected):
    assert authenticate(app, basic, headers=headers) == expected


def test_basic_passes_utf8_credentials_through(app):
    auth = HTTPBasicAuth()
    seen = []
    auth.verify_password(lambda username, password: seen.append((username, password)) or "u")

    assert authenticate(app, auth, headers={"Authorization": basic_header("zoë", "pässwörd")})
    assert seen == [("zoë", "pässwörd")]


@pytest.mark.parametrize("refusal", [None, False])
def test_a_callback_refuses_with_none_or_false(app, refusal):
    auth = HTTPBasicAuth()
    auth.verify_password(lambda username, password: refusal)

    assert authenticate(app, auth, headers={"Authorization": basic_header("a", "b")}) is (
        Failure.REJECTED
    )


def test_basic_challenges_with_its_realm_and_charset():
    auth = HTTPBasicAuth(realm='The "zoo"')

    assert auth.challenge(Failure.ABSENT) == 'Basic realm="The \\"zoo\\"", charset="UTF-8"'
    assert auth.challenge(Failure.REJECTED) == auth.challenge(Failure.ABSENT)
    assert auth.insufficient_scope_challenge(["admin"]) is None


# -- tokens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param({}, Failure.ABSENT, id="no-header"),
        pytest.param({"Authorization": "Bearer good"}, "ann", id="good"),
        pytest.param({"Authorization": "bearer good"}, "ann", id="case"),
        pytest.param({"Authorization": "Bearer nope"}, Failure.REJECTED, id="bad"),
        pytest.param({"Authorization": "Bearer"}, Failure.REJECTED, id="no-token"),
        pytest.param({"Authorization": "Bearer a=b"}, Failure.REJECTED, id="parameters"),
        pytest.param({"Authorization": basic_header("a", "b")}, Failure.ABSENT, id="basic"),
        pytest.param({"Authorization": "Basic !!!"}, Failure.REJECTED, id="unparsable"),
    ],
)
def test_a_token_comes_from_the_authorization_header(app, token, headers, expected):
    assert authenticate(app, token, headers=headers) == expected


def test_a_token_scheme_may_have_another_name(app):
    auth = HTTPTokenAuth("Token")
    auth.verify_token(lambda value: value)

    assert authenticate(app, auth, headers={"Authorization": "Token abc"}) == "abc"
    assert authenticate(app, auth, headers={"Authorization": "Bearer abc"}) is Failure.ABSENT
    assert auth.challenge(Failure.ABSENT) == 'Token realm="Authentication Required"'


def test_bearer_challenges_follow_rfc_6750(token):
    assert token.challenge(Failure.ABSENT) == 'Bearer realm="Authentication Required"'
    assert token.challenge(Failure.REJECTED) == (
        'Bearer realm="Authentication Required", error="invalid_token"'
    )
    assert token.insufficient_scope_challenge(["read", "write"]) == (
        'Bearer realm="Authentication Required", error="insufficient_scope", scope="read write"'
    )


# -- API keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "request_options", "expected"),
    [
        pytest.param("header", {"headers": {"X-Key": "k1"}}, "kate", id="header"),
        pytest.param("header", {"headers": {"X-Key": "k2"}}, Failure.REJECTED, id="header-bad"),
        pytest.param("header", {"headers": {"X-Key": ""}}, Failure.REJECTED, id="header-empty"),
        pytest.param("header", {}, Failure.ABSENT, id="header-absent"),
        pytest.param("query", {"query_string": "X-Key=k1"}, "kate", id="query"),
        pytest.param(
            "query", {"query_string": "X-Key=k1&X-Key=k1"}, Failure.REJECTED, id="query-twice"
        ),
        pytest.param("query", {"headers": {"X-Key": "k1"}}, Failure.ABSENT, id="query-absent"),
        pytest.param("cookie", {"headers": {"Cookie": "X-Key=k1"}}, "kate", id="cookie"),
        pytest.param("cookie", {"query_string": "X-Key=k1"}, Failure.ABSENT, id="cookie-absent"),
    ],
)
def test_an_api_key_comes_from_its_location(app, location, request_options, expected):
    auth = APIKeyAuth("X-Key", location)
    auth.verify_key({"k1": "kate"}.get)

    assert authenticate(app, auth, **request_options) == expected


def test_an_api_key_challenge_says_where_the_key_goes():
    auth = APIKeyAuth("api_key", "query", realm="pets")

    assert auth.challenge(Failure.ABSENT) == 'ApiKey realm="pets", name="api_key", in="query"'
    assert auth.credential_headers == ()
    assert APIKeyAuth().credential_headers == ("X-API-Key",)
    assert APIKeyAuth("k", "cookie").credential_headers == ("Cookie",)


def test_an_unknown_api_key_location_is_refused():
    with pytest.raises(SetupError, match="Unknown API key location 'body'"):
        APIKeyAuth("key", "body")


# -- callbacks and roles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("auth", "decorator"),
    [
        pytest.param(HTTPBasicAuth(), "verify_password", id="basic"),
        pytest.param(HTTPTokenAuth(), "verify_token", id="token"),
        pytest.param(APIKeyAuth(), "verify_key", id="api-key"),
    ],
)
def test_a_scheme_without_its_verify_callback_is_refused(auth, decorator):
    with pytest.raises(SetupError, match=f"no {decorator} callback: .*@auth.{decorator}"):
        auth.check_ready(needs_roles=False)


def test_scopes_need_the_roles_callback(token):
    token.check_ready(needs_roles=False)
    with pytest.raises(SetupError, match=r"@auth\.get_user_roles"):
        token.check_ready(needs_roles=True)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        pytest.param(None, frozenset(), id="none"),
        pytest.param("admin", frozenset({"admin"}), id="one-string"),
        pytest.param(["a", "b", "a"], frozenset({"a", "b"}), id="list"),
        pytest.param(("a",), frozenset({"a"}), id="tuple"),
    ],
)
def test_roles_come_from_the_callback(token, roles, expected):
    token.get_user_roles(lambda user: roles)

    assert token.roles_of("ann") == expected


def test_without_the_roles_callback_a_user_has_no_roles(token):
    assert token.roles_of("ann") == frozenset()


def test_the_decorators_return_the_function():
    auth = HTTPTokenAuth()

    def find(token):
        return token

    assert auth.verify_token(find) is find
    assert auth.get_user_roles(find) is find


# -- combinations ---------------------------------------------------------------------------


def test_or_gives_alternatives_and_and_gives_sets_of_schemes(basic, token):
    key = APIKeyAuth()

    assert (basic | token).alternatives == ((basic,), (token,))
    assert (basic & token).alternatives == ((basic, token),)
    assert ((basic | key) & token).alternatives == ((basic, token), (key, token))
    assert (basic | token | key).schemes == (basic, token, key)
    assert (basic | basic).alternatives == ((basic,),)
    assert (basic & basic).alternatives == ((basic,),)
    assert ((basic & token) | (token & basic)).alternatives == ((basic, token), (token, basic))


def test_combinations_have_a_readable_repr(basic, token):
    assert repr(basic | token) == (
        "(<HTTPBasicAuth realm='Authentication Required'> | "
        "<HTTPTokenAuth Bearer realm='Authentication Required'>)"
    )
    assert repr(APIKeyAuth() & token).startswith("(<APIKeyAuth 'X-API-Key' in header> & ")


# -- current_user ---------------------------------------------------------------------------


def test_current_user_is_none_outside_a_request(basic):
    assert basic.current_user is None


def test_current_user_is_the_user_stored_for_the_request(app, basic, token):
    with app.test_request_context("/") as ctx:
        assert (basic | token).current_user is None
        ctx.request.environ[USERS_KEY] = {token: "ann"}
        assert token.current_user == "ann"
        assert basic.current_user is None
        assert (basic | token).current_user == "ann"
    with app.test_request_context("/"):
        assert token.current_user is None


# -- comparing secrets ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected", "equal"),
    [
        pytest.param("s3cret", "s3cret", True, id="same"),
        pytest.param("s3cret", "s3creT", False, id="different"),
        pytest.param("pässwörd", "pässwörd", True, id="non-ascii"),
        pytest.param(b"raw", "raw", True, id="bytes-and-text"),
        pytest.param("", "x", False, id="empty"),
        pytest.param(None, "x", False, id="none-given"),
        pytest.param("x", None, False, id="none-expected"),
    ],
)
def test_compare_secrets(given, expected, equal):
    assert compare_secrets(given, expected) is equal


def test_compare_secrets_goes_through_hmac_compare_digest(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)

    assert compare_secrets("pässwörd", "pässwörd")
    assert not compare_secrets("a", "b")
    assert calls == [("pässwörd".encode(), "pässwörd".encode()), (b"a", b"b")]


def test_a_scheme_says_how_it_reads_and_challenges():
    from restkit.rest.auth import Auth, HTTPAuth

    with pytest.raises(TypeError, match="abstract"):
        HTTPAuth()
    with pytest.raises(TypeError, match="abstract"):
        Auth()


@pytest.mark.parametrize("other", [None, "Bearer", 1], ids=["none", "text", "number"])
def test_only_schemes_combine(token, other):
    with pytest.raises(TypeError, match="unsupported operand"):
        token | other
    with pytest.raises(TypeError, match="unsupported operand"):
        token & other
