"""The authentication stage through the test client: 401, 403, anonymous access, headers."""

from __future__ import annotations

import base64

import pytest
from marshmallow import Schema, fields

from restkit import MethodView, abort
from restkit.core.errors import SetupError
from restkit.rest import StageSetup, operation_of
from restkit.rest.auth import APIKeyAuth, HTTPBasicAuth, HTTPTokenAuth
from restkit.rest.auth_stage import NO_CREDENTIALS, REJECTED_CREDENTIALS, authenticate

from .problems import invalid, problem

TOKEN_CHALLENGE = 'Bearer realm="Authentication Required"'
INVALID_TOKEN = 'Bearer realm="Authentication Required", error="invalid_token"'
BASIC_CHALLENGE = 'Basic realm="Authentication Required", charset="UTF-8"'
KEY_CHALLENGE = 'ApiKey realm="Authentication Required", name="X-API-Key", in="header"'
ANN = {"Authorization": "Bearer ann-token"}
ROOT = {"Authorization": "Bearer root-token"}


def basic_header(username: str, password: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


@pytest.fixture
def token():
    auth = HTTPTokenAuth()
    auth.verify_token({"ann-token": "ann", "root-token": "root"}.get)
    auth.get_user_roles(lambda user: ["read", "admin"] if user == "root" else "read")
    return auth


@pytest.fixture
def basic():
    auth = HTTPBasicAuth()
    auth.verify_password(lambda username, password: username if password == "pw" else None)
    return auth


@pytest.fixture
def key():
    auth = APIKeyAuth()
    auth.verify_key({"k1": "kate"}.get)
    return auth


def new_view():
    """Return a new view function answering ``{}`` (operations are recorded per function)."""

    def view():
        return {}

    return view


class Query(Schema):
    n = fields.Int(required=True)


# -- on a function --------------------------------------------------------------------------


def test_a_request_without_credentials_gets_a_401_problem_with_a_challenge(blp, serve, token):
    blp.route("/me")(blp.auth_required(token)(lambda: {"user": token.current_user}))
    client = serve()

    response = client.get("/me")

    assert response.status_code == 401
    assert response.json == problem(401, NO_CREDENTIALS)
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == TOKEN_CHALLENGE


def test_a_bad_token_gets_invalid_token(blp, serve, token):
    blp.route("/me")(blp.auth_required(token)(lambda: {"user": token.current_user}))
    client = serve()

    response = client.get("/me", headers={"Authorization": "Bearer stolen"})

    assert response.status_code == 401
    assert response.json == problem(401, REJECTED_CREDENTIALS)
    assert response.headers["WWW-Authenticate"] == INVALID_TOKEN


def test_a_good_token_reaches_the_view_with_the_user(blp, serve, token):
    blp.route("/me")(blp.auth_required(token)(lambda: {"user": token.current_user}))
    client = serve()

    response = client.get("/me", headers=ANN)

    assert (response.status_code, response.json) == (200, {"user": "ann"})
    assert response.headers["Cache-Control"] == "private, no-store"


def test_authentication_comes_before_argument_loading(blp, serve, token):
    @blp.route("/items")
    @blp.arguments(Query, location="query")
    @blp.auth_required(token)
    def items(query):
        return query

    client = serve()

    assert client.get("/items").status_code == 401
    assert client.get("/items", headers={"Authorization": "Bearer x"}).status_code == 401
    unloaded = client.get("/items", headers=ANN)
    assert (unloaded.status_code, unloaded.json) == (
        422,
        invalid(query={"n": ["Missing data for required field."]}),
    )
    assert client.get("/items?n=3", headers=ANN).json == {"n": 3}


def test_a_view_function_not_reached_on_failure(blp, serve, token):
    calls = []
    blp.route("/count")(blp.auth_required(token)(lambda: calls.append(1) or {}))
    client = serve()

    client.get("/count")
    client.get("/count", headers={"Authorization": "Bearer x"})
    assert calls == []
    client.get("/count", headers=ANN)
    assert calls == [1]


def test_a_route_on_the_app_is_protected_too(app, api, blp, token):
    app.route("/plain")(blp.auth_required(token)(lambda: {"user": token.current_user}))
    client = app.test_client()

    assert client.get("/plain").status_code == 401
    assert client.get("/plain", headers=ANN).json == {"user": "ann"}


# -- scopes ---------------------------------------------------------------------------------


def test_missing_scopes_get_a_403_with_insufficient_scope(blp, serve, token):
    blp.route("/admin")(blp.auth_required(token, scopes=["admin"])(lambda: {"ok": True}))
    client = serve()

    response = client.get("/admin", headers=ANN)

    assert response.status_code == 403
    assert response.json == problem(
        403, "The credentials do not grant every scope this endpoint needs: admin."
    )
    assert response.headers["WWW-Authenticate"] == (
        'Bearer realm="Authentication Required", error="insufficient_scope", scope="admin"'
    )
    assert client.get("/admin", headers=ROOT).json == {"ok": True}
    assert client.get("/admin").status_code == 401


def test_every_scope_is_needed(blp, serve, token):
    blp.route("/both", endpoint="both")(
        blp.auth_required(token, scopes=["read", "admin"])(new_view())
    )
    blp.route("/read", endpoint="read")(blp.auth_required(token, scopes="read")(new_view()))
    client = serve()

    assert client.get("/both", headers=ANN).status_code == 403
    assert client.get("/both", headers=ROOT).status_code == 200
    assert client.get("/read", headers=ANN).status_code == 200


def test_a_403_for_a_scheme_without_scope_challenges_sends_no_challenge(blp, serve, basic):
    basic.get_user_roles(lambda user: [])
    blp.route("/admin")(blp.auth_required(basic, scopes=["admin"])(lambda: {}))
    client = serve()

    response = client.get("/admin", headers=basic_header("bob", "pw"))

    assert response.status_code == 403
    assert "WWW-Authenticate" not in response.headers


def test_scopes_without_a_roles_callback_are_refused_at_finalize(app, blp, serve, basic):
    blp.route("/admin")(blp.auth_required(basic, scopes=["admin"])(lambda: {}))
    serve()

    with pytest.raises(SetupError, match="get_user_roles"):
        app.finalize()


def test_a_scheme_without_a_verify_callback_is_refused_at_finalize(app, blp, serve):
    blp.route("/x")(blp.auth_required(HTTPTokenAuth())(lambda: {}))
    serve()

    with pytest.raises(SetupError, match="verify_token"):
        app.finalize()


# -- optional -------------------------------------------------------------------------------


def test_optional_lets_anonymous_requests_through(blp, serve, token):
    blp.route("/feed")(
        blp.auth_required(token, optional=True)(lambda: {"user": token.current_user})
    )
    client = serve()

    anonymous = client.get("/feed")
    assert (anonymous.status_code, anonymous.json) == (200, {"user": None})
    assert "Cache-Control" not in anonymous.headers
    assert anonymous.headers["Vary"] == "Authorization"
    known = client.get("/feed", headers=ANN)
    assert known.json == {"user": "ann"}
    assert known.headers["Cache-Control"] == "private, no-store"
    assert known.headers["Vary"] == "Authorization"


def test_optional_still_refuses_bad_credentials(blp, serve, token):
    blp.route("/feed")(blp.auth_required(token, optional=True)(lambda: {}))
    client = serve()

    response = client.get("/feed", headers={"Authorization": "Bearer stolen"})

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == INVALID_TOKEN


def test_optional_with_scopes_checks_them_for_known_users_only(blp, serve, token):
    blp.route("/feed")(blp.auth_required(token, scopes=["admin"], optional=True)(lambda: {}))
    client = serve()

    assert client.get("/feed").status_code == 200
    assert client.get("/feed", headers=ANN).status_code == 403
    assert client.get("/feed", headers=ROOT).status_code == 200


def test_optional_varies_on_every_header_credentials_come_in(blp, serve, token):
    key = APIKeyAuth("X-Key")
    key.verify_key(lambda value: value)
    cookie = APIKeyAuth("session_key", "cookie")
    cookie.verify_key(lambda value: value)
    query = APIKeyAuth("key", "query")
    query.verify_key(lambda value: value)
    blp.route("/feed")(blp.auth_required(token | key | cookie | query, optional=True)(new_view()))
    client = serve()

    assert client.get("/feed").headers["Vary"] == "Authorization, X-Key, Cookie"


# -- combinations ---------------------------------------------------------------------------


def test_either_scheme_is_accepted(blp, serve, basic, key):
    either = basic | key
    blp.route("/either")(blp.auth_required(either)(lambda: {"user": either.current_user}))
    client = serve()

    assert client.get("/either", headers=basic_header("bob", "pw")).json == {"user": "bob"}
    assert client.get("/either", headers={"X-API-Key": "k1"}).json == {"user": "kate"}
    refused = client.get("/either")
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == f"{BASIC_CHALLENGE}, {KEY_CHALLENGE}"


def test_the_first_accepted_alternative_wins_and_others_are_not_tried(blp, serve, token):
    tried = []
    other = APIKeyAuth()
    other.verify_key(lambda value: tried.append(value) or "kate")
    either = token | other
    blp.route("/either")(blp.auth_required(either)(lambda: {"user": either.current_user}))
    client = serve()

    response = client.get("/either", headers={**ANN, "X-API-Key": "k1"})

    assert response.json == {"user": "ann"}
    assert tried == []
    assert other.current_user is None


def test_both_schemes_are_required(blp, serve, token, key):
    both = token & key

    @blp.route("/both")
    @blp.auth_required(both)
    def view():
        return {"token": token.current_user, "key": key.current_user}

    client = serve()

    assert client.get("/both", headers={**ANN, "X-API-Key": "k1"}).json == {
        "token": "ann",
        "key": "kate",
    }
    only_token = client.get("/both", headers=ANN)
    assert only_token.status_code == 401
    assert only_token.json == problem(401, NO_CREDENTIALS)
    assert only_token.headers["WWW-Authenticate"] == f"{TOKEN_CHALLENGE}, {KEY_CHALLENGE}"
    bad_key = client.get("/both", headers={**ANN, "X-API-Key": "nope"})
    assert bad_key.json == problem(401, REJECTED_CREDENTIALS)


def test_each_scheme_of_an_alternative_needs_the_scopes(blp, serve, token, key):
    key.get_user_roles(lambda user: [])
    blp.route("/both", endpoint="both")(blp.auth_required(token & key, scopes=["read"])(new_view()))
    blp.route("/either", endpoint="either")(
        blp.auth_required(key | token, scopes="read")(new_view())
    )
    client = serve()

    assert client.get("/both", headers={**ANN, "X-API-Key": "k1"}).status_code == 403
    assert client.get("/either", headers={**ANN, "X-API-Key": "k1"}).status_code == 200
    assert client.get("/either", headers={"X-API-Key": "k1"}).status_code == 403


def test_each_scheme_reads_the_request_once(blp, serve, key):
    calls = []
    counted = HTTPTokenAuth()
    counted.verify_token(lambda value: calls.append(value))
    blp.route("/x")(blp.auth_required((counted & key) | (key & counted))(lambda: {}))
    client = serve()

    assert client.get("/x", headers={"Authorization": "Bearer t"}).status_code == 401
    assert calls == ["t"]


# -- MethodView methods and classes ---------------------------------------------------------


def test_a_method_view_method_is_protected_alone(blp, serve, token):
    @blp.route("/pets")
    class Pets(MethodView):
        def get(self):
            return {"pets": []}

        @blp.auth_required(token)
        @blp.response(201)
        def post(self):
            return {"by": token.current_user}

    client = serve()

    assert client.get("/pets").json == {"pets": []}
    assert client.post("/pets").status_code == 401
    created = client.post("/pets", headers=ANN)
    assert (created.status_code, created.json) == (201, {"by": "ann"})


def test_a_method_view_class_is_protected_whole(blp, serve, token, basic):
    @blp.route("/pets")
    @blp.auth_required(token)
    class Pets(MethodView):
        def get(self):
            return {"user": token.current_user}

        @blp.auth_required(basic)
        def delete(self):
            return {"user": basic.current_user}

    client = serve()

    assert client.get("/pets").status_code == 401
    assert client.get("/pets", headers=ANN).json == {"user": "ann"}
    assert client.head("/pets").status_code == 401
    assert client.delete("/pets", headers=ANN).status_code == 401
    assert client.delete("/pets", headers=basic_header("bob", "pw")).json == {"user": "bob"}


def test_a_class_decorator_protects_methods_no_decorator_touched(app, blp, serve, token):
    @blp.auth_required(token)
    class Pets(MethodView):
        def get(self):
            return {"user": token.current_user}

    blp.add_url_rule("/pets", view_func=Pets.as_view("pets"))
    client = serve()

    assert client.get("/pets").status_code == 401
    assert client.get("/pets", headers=ANN).json == {"user": "ann"}


def test_a_subclass_keeps_its_base_class_requirement(blp, serve, token):
    @blp.auth_required(token)
    class Base(MethodView):
        def get(self):
            return {"user": token.current_user}

    class Pets(Base):
        pass

    blp.route("/pets")(Pets)
    client = serve()

    assert client.get("/pets").status_code == 401


def test_method_view_decorators_wrap_the_authentication(blp, serve, token):
    seen = []

    def record(view):
        def wrapper(**kwargs):
            response = view(**kwargs)
            seen.append(response.status_code)
            return response

        return wrapper

    @blp.route("/pets")
    @blp.auth_required(token)
    class Pets(MethodView):
        decorators = [record]

        def get(self):
            return {}

    client = serve()
    client.get("/pets", headers=ANN)

    assert seen == [200]
    assert client.get("/pets").status_code == 401


# -- whole blueprints -----------------------------------------------------------------------


def test_a_blueprint_default_protects_every_view_registered_on_it(app, api, blp, token, basic):
    @blp.route("/rest")
    @blp.response(200)
    def rest_view():
        return {"user": token.current_user}

    @blp.get("/plain")
    def plain_view():
        return {"user": token.current_user}

    @blp.route("/pets")
    class Pets(MethodView):
        def get(self):
            return {"user": token.current_user}

    @blp.route("/own")
    @blp.auth_required(basic)
    def own():
        return {"user": basic.current_user}

    assert blp.auth_required(token)(blp) is blp
    api.register_blueprint(blp, url_prefix="/v1")
    client = app.test_client()

    for path in ("/v1/rest", "/v1/plain", "/v1/pets"):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers=ANN).json == {"user": "ann"}, path
    assert client.get("/v1/own", headers=ANN).status_code == 401
    assert client.get("/v1/own", headers=basic_header("bob", "pw")).json == {"user": "bob"}


def test_a_blueprint_default_covers_nested_blueprints_whose_own_default_wins(
    app, api, blp, token, basic
):
    from restkit import Blueprint

    inner = Blueprint("inner", __name__, url_prefix="/inner")
    innermost = Blueprint("innermost", __name__, url_prefix="/most")
    inner.get("/a")(lambda: {"user": token.current_user})
    innermost.get("/b")(lambda: {"user": basic.current_user})
    blp.auth_required(token)(blp)
    innermost.auth_required(basic)(innermost)
    inner.register_blueprint(innermost)
    blp.register_blueprint(inner)
    api.register_blueprint(blp)
    client = app.test_client()

    assert client.get("/inner/a").status_code == 401
    assert client.get("/inner/a", headers=ANN).json == {"user": "ann"}
    assert client.get("/inner/most/b", headers=ANN).status_code == 401
    assert client.get("/inner/most/b", headers=basic_header("bob", "pw")).json == {"user": "bob"}


def test_a_blueprint_registered_twice_is_protected_under_both_names(app, api, blp, token):
    blp.get("/me")(lambda: {"user": token.current_user})
    blp.auth_required(token)(blp)
    api.register_blueprint(blp, url_prefix="/v1")
    api.register_blueprint(blp, url_prefix="/v2", name="v2")
    client = app.test_client()

    assert client.get("/v1/me").status_code == client.get("/v2/me").status_code == 401


def test_other_blueprints_stay_public(app, api, blp, token):
    from restkit import Blueprint

    public = Blueprint("public", __name__, url_prefix="/public")
    public.get("/")(lambda: {"user": token.current_user})
    blp.get("/me")(lambda: {"user": token.current_user})
    blp.auth_required(token)(blp)
    api.register_blueprint(blp)
    api.register_blueprint(public)
    client = app.test_client()

    assert client.get("/public/").json == {"user": None}
    assert client.get("/me").status_code == 401


# -- response headers -----------------------------------------------------------------------


def test_a_view_may_set_its_own_cache_control(blp, serve, token):
    blp.route("/me")(
        blp.auth_required(token)(lambda: ({}, {"Cache-Control": "private, max-age=60"}))
    )
    client = serve()

    assert client.get("/me", headers=ANN).headers["Cache-Control"] == "private, max-age=60"


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        pytest.param("private, max-age=0", "private, max-age=0", id="other"),
        pytest.param(None, None, id="off"),
    ],
)
def test_the_cache_control_is_configurable(app, blp, serve, token, setting, expected):
    app.config["API_AUTH_CACHE_CONTROL"] = setting
    blp.route("/me")(blp.auth_required(token)(new_view()))
    client = serve()

    assert client.get("/me", headers=ANN).headers.get("Cache-Control") == expected


def test_errors_the_view_raises_keep_their_own_headers(blp, serve, token):
    blp.route("/gone")(blp.auth_required(token)(lambda: abort(404, "No such thing.")))
    client = serve()

    response = client.get("/gone", headers=ANN)

    assert response.status_code == 404
    assert "WWW-Authenticate" not in response.headers


def test_errors_of_an_authenticated_request_are_not_stored_either(blp, serve, token):
    blp.route("/gone")(blp.auth_required(token)(lambda: abort(404, "You have no such thing.")))
    client = serve()

    assert client.get("/gone", headers=ANN).headers["Cache-Control"] == "private, no-store"
    assert "Cache-Control" not in client.get("/gone").headers  # the 401: nobody's data


def test_errors_of_an_optional_endpoint_vary_on_the_credentials_too(blp, serve, token):
    gone = blp.auth_required(token, optional=True)(lambda: abort(404, "No such thing."))
    blp.route("/gone")(gone)
    client = serve()

    for headers in ({}, ANN):
        response = client.get("/gone", headers=headers)
        assert (response.status_code, response.headers["Vary"]) == (404, "Authorization")


def test_current_user_is_gone_once_the_request_ends(blp, serve, token):
    blp.route("/me")(blp.auth_required(token)(lambda: {"user": token.current_user}))
    client = serve()

    client.get("/me", headers=ANN)

    assert token.current_user is None


def test_after_request_hooks_see_the_user(app, blp, serve, token):
    seen = []
    blp.route("/me")(blp.auth_required(token)(new_view()))

    @app.after_request
    def remember(response):
        seen.append(token.current_user)
        return response

    client = serve()
    client.get("/me", headers=ANN)
    client.get("/me")

    assert seen == ["ann", None]


# -- the stage itself -----------------------------------------------------------------------


def test_an_endpoint_without_auth_gets_the_next_step_itself(app):
    def view():
        return {}

    def next_step(call):
        return "next"

    operation_of(view)
    setup = StageSetup(app, "view", "GET", operation_of(view), view)

    assert authenticate(setup, next_step) is next_step
