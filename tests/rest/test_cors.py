"""CORS through the test client: origins, preflights, credentials, errors, blueprints, settings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, MethodView, abort
from restkit.core.errors import ConfigurationError
from restkit.rest.auth import HTTPTokenAuth
from restkit.rest.cors import DEFAULT_EXPOSE_HEADERS, CorsPolicies, requested_headers

from .problems import problem

APP_ORIGIN = "https://app.example.com"
OTHER_ORIGIN = "https://other.example.com"
EXPOSED = ", ".join(DEFAULT_EXPOSE_HEADERS)


def preflight(origin: str = APP_ORIGIN, method: str = "POST", headers: str | None = None):
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        asked["Access-Control-Request-Headers"] = headers
    return asked


def cors_headers(response) -> dict[str, str]:
    return {
        name: value
        for name, value in response.headers.items()
        if name.startswith("Access-Control-") or name == "Vary"
    }


class Pet(Schema):
    name = fields.Str(required=True)


@pytest.fixture
def calls() -> list[str]:
    return []


@pytest.fixture
def pets(blp, calls):
    """A ``MethodView`` at ``/pets`` and a function at ``/pets/<id>``, counting their calls."""

    @blp.route("/pets")
    class Pets(MethodView):
        @blp.response(200)
        def get(self):
            calls.append("get")
            return [{"name": "Rex"}]

        @blp.arguments(Pet)
        @blp.response(201, Pet)
        def post(self, pet):
            calls.append("post")
            return pet

    @blp.route("/pets/<int:pet_id>", methods=["GET", "DELETE"])
    @blp.response(200)
    def pet(pet_id):
        calls.append("pet")
        if pet_id != 1:
            abort(404, f"There is no pet {pet_id}.")
        return {"name": "Rex"}

    return blp


@pytest.fixture
def cors_app(app):
    app.config["API_CORS_ORIGINS"] = [APP_ORIGIN]
    return app


# -- without CORS ---------------------------------------------------------------------------


def test_an_app_without_cors_gets_no_hook_and_no_headers(app, pets, serve):
    client = serve()

    response = client.get("/pets", headers={"Origin": APP_ORIGIN})

    assert cors_headers(response) == {}
    assert app.endpoint_table["test.Pets"].hookless


# -- simple requests ------------------------------------------------------------------------


def test_an_allowed_origin_is_echoed_with_the_exposed_headers(cors_app, pets, serve):
    response = serve().get("/pets", headers={"Origin": APP_ORIGIN})

    assert response.status_code == 200
    assert cors_headers(response) == {
        "Vary": "Origin",
        "Access-Control-Allow-Origin": APP_ORIGIN,
        "Access-Control-Expose-Headers": EXPOSED,
    }


def test_another_origin_gets_no_access_but_the_response_varies_on_origin(cors_app, pets, serve):
    client = serve()

    refused = client.get("/pets", headers={"Origin": OTHER_ORIGIN})
    without_origin = client.get("/pets")

    assert refused.status_code == 200
    assert cors_headers(refused) == {"Vary": "Origin"}
    assert cors_headers(without_origin) == {"Vary": "Origin"}


def test_origins_are_compared_without_case(app, pets, serve):
    app.config["API_CORS_ORIGINS"] = ["HTTPS://App.Example.com"]

    response = serve().get("/pets", headers={"Origin": APP_ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN


def test_one_origin_may_be_given_as_text(app, pets, serve):
    app.config["API_CORS_ORIGINS"] = APP_ORIGIN

    response = serve().get("/pets", headers={"Origin": APP_ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN


def test_credentials_are_allowed_for_listed_origins_echoed_exactly(cors_app, pets, serve):
    cors_app.config["API_CORS_ALLOW_CREDENTIALS"] = True

    response = serve().get("/pets", headers={"Origin": APP_ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert response.headers["Access-Control-Allow-Credentials"] == "true"


@pytest.mark.parametrize("origin", [OTHER_ORIGIN, "http://localhost:3000", "null"])
def test_any_origin_is_echoed_exactly_never_as_a_star(app, pets, serve, origin):
    app.config["API_CORS_ORIGINS"] = "*"

    response = serve().get("/pets", headers={"Origin": origin})

    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Credentials" not in response.headers


@pytest.mark.parametrize("origin", ["*", "javascript:alert(1)", "https://a.example/path", ""])
def test_any_origin_still_means_an_origin(app, pets, serve, origin):
    app.config["API_CORS_ORIGINS"] = "*"

    response = serve().get("/pets", headers={"Origin": origin})

    assert cors_headers(response) == {"Vary": "Origin"}


def test_the_exposed_headers_may_be_chosen(cors_app, pets, serve):
    cors_app.config["API_CORS_EXPOSE_HEADERS"] = ["X-Request-Id"]

    response = serve().get("/pets", headers={"Origin": APP_ORIGIN})

    assert response.headers["Access-Control-Expose-Headers"] == "X-Request-Id"


def test_no_exposed_headers_sends_no_list(cors_app, pets, serve):
    cors_app.config["API_CORS_EXPOSE_HEADERS"] = []

    response = serve().get("/pets", headers={"Origin": APP_ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert "Access-Control-Expose-Headers" not in response.headers


# -- preflights -----------------------------------------------------------------------------


def test_a_preflight_is_answered_without_running_the_view(cors_app, pets, serve, calls):
    response = serve().options("/pets", headers=preflight(headers="Content-Type, X-Trace"))

    assert calls == []
    assert response.status_code == 200
    assert cors_headers(response) == {
        "Vary": "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        "Access-Control-Allow-Origin": APP_ORIGIN,
        "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS, POST",
        "Access-Control-Allow-Headers": "Content-Type, X-Trace",
    }


def test_a_preflight_of_a_function_view_lists_its_methods(cors_app, pets, serve, calls):
    response = serve().options("/pets/1", headers=preflight(method="DELETE"))

    assert calls == []
    assert response.headers["Access-Control-Allow-Methods"] == "DELETE, GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Headers" not in response.headers


def test_a_preflight_needs_no_credentials_on_a_protected_view(cors_app, blp, serve, calls):
    auth = HTTPTokenAuth()
    auth.verify_token({"token": "ann"}.get)

    @blp.route("/me")
    @blp.auth_required(auth)
    @blp.response(200)
    def me():
        calls.append("me")
        return {}

    client = serve()

    answer = client.options("/me", headers=preflight(method="GET", headers="Authorization"))
    unauthorized = client.get("/me", headers={"Origin": APP_ORIGIN})

    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Headers"] == "Authorization"
    assert unauthorized.status_code == 401
    assert unauthorized.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert calls == []


def test_a_view_answering_options_itself_gets_the_headers_but_no_method_list(cors_app, blp, serve):
    blp.add_url_rule(
        "/own", "own", lambda: "", methods=["OPTIONS"], provide_automatic_options=False
    )

    response = serve().options("/own", headers=preflight(method="GET"))

    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert "Access-Control-Allow-Methods" not in response.headers


def test_requested_headers_that_are_not_names_are_not_sent_back(cors_app, pets, serve):
    asked = preflight(headers="X-Good, bad header, , x-other\t,(evil)")

    response = serve().options("/pets", headers=asked)

    assert response.headers["Access-Control-Allow-Headers"] == "X-Good, x-other"


def test_listed_allowed_headers_are_sent_whatever_is_asked(cors_app, pets, serve):
    cors_app.config.update(
        API_CORS_ALLOW_HEADERS=["Content-Type", "If-Match"], API_CORS_MAX_AGE=600
    )

    response = serve().options("/pets", headers=preflight(headers="X-Other"))

    assert response.headers["Access-Control-Allow-Headers"] == "Content-Type, If-Match"
    assert response.headers["Access-Control-Max-Age"] == "600"


def test_a_preflight_from_another_origin_is_answered_without_access(cors_app, pets, serve):
    response = serve().options("/pets", headers=preflight(origin=OTHER_ORIGIN))

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Methods" not in response.headers


# -- errors carry the headers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/nowhere", 404),
        ("GET", "/pets/2", 404),
        ("PUT", "/pets", 405),
        ("POST", "/pets", 422),
    ],
)
def test_error_responses_carry_the_headers(cors_app, pets, serve, method, url, status):
    response = serve().open(url, method=method, headers={"Origin": APP_ORIGIN}, json={})

    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    assert response.headers["Vary"] == "Origin"


def test_a_500_carries_the_headers(cors_app, blp, serve):
    cors_app.config["PROPAGATE_EXCEPTIONS"] = False

    @blp.route("/boom")
    def boom():
        raise RuntimeError("broken")

    response = serve().get("/boom", headers={"Origin": APP_ORIGIN})

    assert response.status_code == 500
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN


def test_a_429_carries_the_headers_and_exposes_the_rate_limit_fields(cors_app, blp, serve):
    cors_app.config["API_STORE_URL"] = "memory://"
    blp.route("/limited")(blp.rate_limit("1/minute")(blp.response(200)(lambda: {})))
    client = serve()

    client.get("/limited")
    response = client.get("/limited", headers={"Origin": APP_ORIGIN})

    assert response.status_code == 429
    assert response.json == problem(429, response.json["detail"])
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    exposed = response.headers["Access-Control-Expose-Headers"].split(", ")
    assert {"RateLimit", "RateLimit-Policy", "Retry-After"} <= set(exposed)


# -- per blueprint --------------------------------------------------------------------------


def make_blueprint(name: str, **options) -> Blueprint:
    blueprint = Blueprint(name, __name__, url_prefix=f"/{name}", **options)
    blueprint.route("/ping")(blueprint.response(200)(lambda: {"pong": True}))
    return blueprint


def test_a_blueprint_s_settings_win_for_its_routes(cors_app, api, pets, serve):
    partner = make_blueprint("partner", cors={"origins": [OTHER_ORIGIN], "max_age": 60})
    api.register_blueprint(partner)
    client = serve()

    theirs = client.get("/partner/ping", headers={"Origin": OTHER_ORIGIN})
    ours_there = client.get("/partner/ping", headers={"Origin": APP_ORIGIN})
    other_here = client.get("/pets", headers={"Origin": OTHER_ORIGIN})
    asked = client.options("/partner/ping", headers=preflight(origin=OTHER_ORIGIN, method="GET"))

    assert theirs.headers["Access-Control-Allow-Origin"] == OTHER_ORIGIN
    assert "Access-Control-Allow-Origin" not in ours_there.headers
    assert "Access-Control-Allow-Origin" not in other_here.headers
    assert asked.headers["Access-Control-Max-Age"] == "60"


def test_a_blueprint_completes_the_config_s_settings(cors_app, api, serve):
    cors_app.config["API_CORS_MAX_AGE"] = 900
    api.register_blueprint(make_blueprint("private", cors={"allow_credentials": True}))
    client = serve()

    response = client.options("/private/ping", headers=preflight(method="GET"))

    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert response.headers["Access-Control-Max-Age"] == "900"


def test_a_blueprint_alone_may_set_cors_up(app, api, pets, serve):
    api.register_blueprint(make_blueprint("public", cors={"origins": "*"}))
    client = serve()

    public = client.get("/public/ping", headers={"Origin": OTHER_ORIGIN})
    elsewhere = client.get("/pets", headers={"Origin": OTHER_ORIGIN})

    assert public.headers["Access-Control-Allow-Origin"] == OTHER_ORIGIN
    assert cors_headers(elsewhere) == {}


def test_a_blueprint_may_switch_cors_off_and_nested_blueprints_inherit(cors_app, api, serve):
    internal = make_blueprint("internal", cors={"origins": None})
    outer = make_blueprint("outer", cors={"origins": [OTHER_ORIGIN]})
    outer.register_blueprint(make_blueprint("inner"))
    api.register_blueprint(internal)
    api.register_blueprint(outer)
    client = serve()

    switched_off = client.get("/internal/ping", headers={"Origin": APP_ORIGIN})
    nested = client.get("/outer/inner/ping", headers={"Origin": OTHER_ORIGIN})

    assert cors_headers(switched_off) == {}
    assert nested.headers["Access-Control-Allow-Origin"] == OTHER_ORIGIN


# -- settings checked at setup --------------------------------------------------------------


def new_app(**config) -> App:
    app = App("cors_settings")
    app.config.update(API_TITLE="T", API_VERSION="1", **config)
    return app


STAR_WITH_CREDENTIALS = (
    "API_CORS_ORIGINS is '\\*' while API_CORS_ALLOW_CREDENTIALS is True: any web site could"
)


def test_any_origin_with_credentials_is_refused_when_the_api_is_attached():
    app = new_app(API_CORS_ORIGINS="*", API_CORS_ALLOW_CREDENTIALS=True)

    with pytest.raises(ConfigurationError, match=STAR_WITH_CREDENTIALS):
        Api(app)


def test_any_origin_with_credentials_set_later_is_refused_when_setup_ends(app, api, pets, serve):
    app.config.update(API_CORS_ORIGINS="*", API_CORS_ALLOW_CREDENTIALS=True)

    with pytest.raises(ConfigurationError, match=STAR_WITH_CREDENTIALS):
        serve().get("/pets")


def test_any_origin_with_credentials_in_a_blueprint_is_refused_when_it_is_made():
    with pytest.raises(ConfigurationError, match="cors\\['origins'\\] of blueprint 'b' is '\\*'"):
        Blueprint("b", __name__, cors={"origins": "*", "allow_credentials": True})


def test_credentials_in_a_blueprint_with_any_origin_in_the_config_are_refused(app, api, serve):
    app.config["API_CORS_ORIGINS"] = "*"
    api.register_blueprint(make_blueprint("private", cors={"allow_credentials": True}))

    with pytest.raises(ConfigurationError, match="allow_credentials'\\] of blueprint 'private'"):
        serve().get("/private/ping")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"API_CORS_ORIGINS": ["https://app.example.com/"]}, "which is not an origin"),
        ({"API_CORS_ORIGINS": ["app.example.com"]}, "which is not an origin"),
        ({"API_CORS_ORIGINS": 3}, "use a list of origins, or '\\*'"),
        ({"API_CORS_ORIGINS": "*", "API_CORS_ALLOW_CREDENTIALS": "yes"}, "use True or False"),
        ({"API_CORS_ORIGINS": "*", "API_CORS_MAX_AGE": "600"}, "MAX_AGE is '600': use seconds"),
        ({"API_CORS_ORIGINS": "*", "API_CORS_MAX_AGE": -1}, "MAX_AGE is -1"),
        ({"API_CORS_ORIGINS": "*", "API_CORS_ALLOW_HEADERS": "X-A"}, "a list of header names"),
        ({"API_CORS_ORIGINS": "*", "API_CORS_EXPOSE_HEADERS": ["X A"]}, "not a header name"),
    ],
)
def test_settings_that_cannot_be_used_are_refused_with_their_key(config, message):
    with pytest.raises(ConfigurationError, match=message):
        Api(new_app(**config))


def test_a_blueprint_setting_that_does_not_exist_is_refused():
    with pytest.raises(ConfigurationError, match="has 'origin': the settings are origins, allow"):
        Blueprint("b", __name__, cors={"origin": APP_ORIGIN})


def test_the_policies_of_an_app_have_a_readable_repr(app):
    assert repr(CorsPolicies(app)) == "<CorsPolicies of 'test_rest'>"


def test_a_config_change_after_serving_is_honoured(cors_app, pets, serve):
    client = serve()
    client.get("/pets")
    cors_app.config["API_CORS_ORIGINS"] = [OTHER_ORIGIN]

    response = client.get("/pets", headers={"Origin": OTHER_ORIGIN})

    assert response.headers["Access-Control-Allow-Origin"] == OTHER_ORIGIN


# -- the request-headers parser -------------------------------------------------------------

TOKEN_CHARACTERS = set(
    "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)


def reference_requested_headers(value: str) -> tuple[str, ...]:
    """Read the list character by character: names are runs of token characters."""
    names, current = [], ""
    for character in value + ",":
        if character == ",":
            stripped = current.strip(" \t")
            if stripped and all(c in TOKEN_CHARACTERS for c in stripped):
                names.append(stripped)
            current = ""
        else:
            current += character
    return tuple(names)


@given(
    st.one_of(
        st.text(alphabet=st.sampled_from('aZ-_, \t;()"é\x00'), max_size=60),
        st.text(max_size=60),
        st.integers(0, 5000).map(lambda n: "a" * n + " b"),
        st.integers(0, 5000).map(lambda n: ", " * n),
    )
)
def test_requested_headers_agree_with_a_plain_reading(value):
    assert requested_headers(value) == reference_requested_headers(value)
