"""The rate-limit stage through the test client: 429s, header fields, keys, strategies, stores."""

from __future__ import annotations

import os
import time
import typing as t

import pytest
from marshmallow import Schema, fields
from werkzeug.middleware.proxy_fix import ProxyFix

from restkit import MethodView
from restkit.core.errors import ConfigurationError
from restkit.rest import StageSetup, operation_of
from restkit.rest.auth import HTTPTokenAuth
from restkit.rest.ratelimit_stage import in_folder, limit_rate, limiter_of
from restkit.spec import ResponseChecker

from .problems import invalid, problem

if t.TYPE_CHECKING:
    from restkit.core.testing import TestClient

START = 1_800_000_000.0


class Clock:
    """The time every counter reads (``time.time``), moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    return clock


@pytest.fixture(autouse=True)
def memory_store(app):
    """Counts in memory unless a test says otherwise (the default SQLite file is tested too)."""
    app.config["API_STORE_URL"] = "memory://"


def fields_of(response) -> tuple[str | None, str | None]:
    return response.headers.get("RateLimit-Policy"), response.headers.get("RateLimit")


def too_many(policy: str, quota: int, window: int, retry: int) -> dict[str, t.Any]:
    return problem(
        429,
        f"Too many requests: the quota {policy!r} allows {quota} per {window} s. "
        f"Retry in {retry} s.",
    )


class Query(Schema):
    n = fields.Int(required=True)


# -- on a function --------------------------------------------------------------------------


def test_requests_past_the_quota_get_a_429_problem_with_retry_after(blp, serve, clock):
    blp.route("/pets")(blp.rate_limit("2/minute")(blp.response(200)(lambda: {"pets": []})))
    client = serve()

    first, second = client.get("/pets"), client.get("/pets")
    clock.advance(20)
    third = client.get("/pets")

    assert (first.status_code, first.json) == (200, {"pets": []})
    assert fields_of(first) == ('"operation";q=2;w=60', '"operation";r=1;t=60')
    assert fields_of(second) == ('"operation";q=2;w=60', '"operation";r=0;t=60')
    assert third.status_code == 429
    assert third.mimetype == "application/problem+json"
    assert third.json == too_many("operation", 2, 60, 40)
    assert third.headers["Retry-After"] == "40"
    assert fields_of(third) == ('"operation";q=2;w=60', '"operation";r=0;t=40')
    assert "X-RateLimit-Limit" not in third.headers
    assert "RateLimit-Remaining" not in third.headers


def test_the_quota_comes_back_when_the_window_ends(blp, serve, clock):
    blp.route("/pets")(blp.rate_limit("1/minute")(blp.response(200)(lambda: {})))
    client = serve()

    assert client.get("/pets").status_code == 200
    assert client.get("/pets").status_code == 429
    clock.advance(60)
    again = client.get("/pets")

    assert again.status_code == 200
    assert fields_of(again)[1] == '"operation";r=0;t=60'


def test_a_named_policy_with_several_limits_sends_each(blp, serve, clock):
    @blp.route("/search")
    @blp.rate_limit("2/second;3/minute", policy="search")
    @blp.response(200)
    def search():
        return {}

    client = serve()
    statuses = [client.get("/search").status_code for _ in range(3)]
    refused = client.get("/search")
    clock.advance(1)
    after_a_second = client.get("/search")
    spent = client.get("/search")

    assert statuses == [200, 200, 429]
    assert refused.headers["RateLimit-Policy"] == '"search-1s";q=2;w=1, "search-60s";q=3;w=60'
    # The per-second quota refused: the per-minute one was read, not spent.
    assert refused.headers["RateLimit"] == '"search-1s";r=0;t=1, "search-60s";r=1;t=60'
    assert refused.headers["Retry-After"] == "1"
    assert after_a_second.headers["RateLimit"] == '"search-1s";r=1;t=1, "search-60s";r=0;t=59'
    assert spent.status_code == 429
    assert spent.headers["Retry-After"] == "59"


def test_errors_inside_the_stage_carry_the_fields_and_count(blp, serve, clock):
    @blp.route("/pets")
    @blp.rate_limit("2/minute")
    @blp.arguments(Query, location="query")
    @blp.response(200)
    def pets(query):
        return query

    client = serve()
    refused_input = client.get("/pets")

    assert refused_input.status_code == 422
    assert refused_input.json == invalid(query={"n": ["Missing data for required field."]})
    assert fields_of(refused_input) == ('"operation";q=2;w=60', '"operation";r=1;t=60')
    assert client.get("/pets?n=1").status_code == 200
    assert client.get("/pets?n=1").status_code == 429


def test_an_exception_of_the_view_still_sends_the_fields(app, blp, serve, clock):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @blp.route("/boom")
    @blp.rate_limit("5/minute")
    @blp.response(200)
    def boom():
        raise RuntimeError("broken")

    response = serve().get("/boom")

    assert response.status_code == 500
    assert fields_of(response) == ('"operation";q=5;w=60', '"operation";r=4;t=60')


def test_head_counts_with_get_and_a_preflight_is_not_counted(blp, serve, clock):
    blp.route("/pets")(blp.rate_limit("2/minute")(blp.response(200)(lambda: {})))
    client = serve()

    head = client.head("/pets")
    options = client.options("/pets", headers={"Access-Control-Request-Method": "GET"})

    assert head.status_code == 200
    assert fields_of(head)[1] == '"operation";r=1;t=60'
    assert options.status_code == 200
    assert "RateLimit" not in options.headers
    assert client.get("/pets").status_code == 200
    assert client.get("/pets").status_code == 429


def test_callers_are_counted_apart_by_address(blp, serve, clock):
    blp.route("/pets")(blp.rate_limit("1/minute")(blp.response(200)(lambda: {})))
    client = serve()

    def from_address(address: str) -> int:
        return client.get("/pets", environ_base={"REMOTE_ADDR": address}).status_code

    assert [from_address("10.0.0.1"), from_address("10.0.0.2")] == [200, 200]
    assert [from_address("10.0.0.1"), from_address("10.0.0.2")] == [429, 429]


def test_behind_proxy_fix_clients_are_counted_by_their_forwarded_address(app, blp, serve, clock):
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)
    blp.route("/pets")(blp.rate_limit("1/minute")(blp.response(200)(lambda: {})))
    client = serve()

    def from_client(address: str) -> int:
        proxy = {"REMOTE_ADDR": "10.0.0.254"}
        headers = {"X-Forwarded-For": address}
        return client.get("/pets", headers=headers, environ_base=proxy).status_code

    assert [from_client("203.0.113.1"), from_client("203.0.113.2")] == [200, 200]
    assert from_client("203.0.113.1") == 429


def test_an_authenticated_caller_is_counted_by_user_from_any_address(blp, serve, clock):
    auth = HTTPTokenAuth()
    auth.verify_token({"ann-token": {"id": 7}, "bob-token": {"id": 8}}.get)

    @blp.route("/me")
    @blp.auth_required(auth)
    @blp.rate_limit("2/minute")
    @blp.response(200)
    def me():
        return {"id": auth.current_user["id"]}

    client = serve()

    def call(token: str, address: str) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        return client.get("/me", headers=headers, environ_base={"REMOTE_ADDR": address}).status_code

    assert [call("ann-token", "10.0.0.1"), call("ann-token", "10.0.0.2")] == [200, 200]
    assert call("ann-token", "10.0.0.3") == 429
    assert call("bob-token", "10.0.0.1") == 200


def test_a_request_refused_by_authentication_is_not_counted(blp, serve, clock):
    auth = HTTPTokenAuth()
    auth.verify_token({"ann-token": "ann"}.get)
    blp.route("/me")(blp.auth_required(auth)(blp.rate_limit("1/minute")(lambda: {})))
    client = serve()

    unauthorized = client.get("/me")

    assert unauthorized.status_code == 401
    assert "RateLimit" not in unauthorized.headers
    assert client.get("/me", headers={"Authorization": "Bearer ann-token"}).status_code == 200


def test_a_key_function_says_what_requests_are_counted_by(blp, serve, clock):
    def tenant(request):
        return request.headers.get("X-Tenant", "none")

    blp.route("/pets")(blp.rate_limit("1/minute", key=tenant)(blp.response(200)(lambda: {})))
    client = serve()

    def call(tenant_name: str, address: str) -> int:
        headers = {"X-Tenant": tenant_name}
        return client.get(
            "/pets", headers=headers, environ_base={"REMOTE_ADDR": address}
        ).status_code

    assert [call("acme", "10.0.0.1"), call("acme", "10.0.0.2"), call("zeta", "10.0.0.1")] == [
        200,
        429,
        200,
    ]


# -- on a MethodView ------------------------------------------------------------------------


def test_on_a_method_view_class_each_method_is_counted_apart(blp, serve, clock):
    @blp.route("/pets")
    @blp.rate_limit("1/minute")
    class Pets(MethodView):
        @blp.response(200)
        def get(self):
            return []

        @blp.response(201)
        def post(self):
            return {}

    client = serve()

    assert [client.get("/pets").status_code, client.post("/pets").status_code] == [200, 201]
    refused = client.post("/pets")
    assert refused.status_code == 429
    assert refused.json == too_many("operation", 1, 60, 60)
    assert client.get("/pets").status_code == 429


def test_on_one_method_of_a_method_view_only_that_method_is_limited(blp, serve, clock):
    @blp.route("/pets")
    class Pets(MethodView):
        @blp.rate_limit("1/minute")
        @blp.response(201)
        def post(self):
            return {}

        @blp.response(200)
        def get(self):
            return []

    client = serve()
    client.post("/pets")

    assert client.post("/pets").status_code == 429
    assert [client.get("/pets").status_code for _ in range(3)] == [200, 200, 200]
    assert "RateLimit" not in client.get("/pets").headers


def test_two_rate_limits_on_one_view_are_refused(blp):
    with pytest.raises(Exception, match="two @rate_limit decorators"):
        blp.rate_limit("1/second")(blp.rate_limit("5/minute")(lambda: {}))


# -- the API default ------------------------------------------------------------------------


def test_the_default_limit_is_one_count_across_the_api(app, blp, serve, clock):
    app.config["API_RATE_LIMIT"] = "3/minute"
    blp.route("/a")(blp.response(200)(lambda: {}))

    @blp.route("/b")
    class B(MethodView):
        @blp.response(200)
        def get(self):
            return {}

        def post(self):  # no decorator of its own: compiled with its class, so limited
            return {}

    client = serve()
    responses = [client.get("/a"), client.get("/b"), client.post("/b"), client.get("/a")]

    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert fields_of(responses[0]) == ('"default";q=3;w=60', '"default";r=2;t=60')
    assert fields_of(responses[2]) == ('"default";q=3;w=60', '"default";r=0;t=60')
    assert responses[3].json == too_many("default", 3, 60, 60)


def test_an_operation_s_own_limit_replaces_the_default_and_none_exempts(app, blp, serve, clock):
    app.config["API_RATE_LIMIT"] = "1/minute"

    @blp.route("/own")
    @blp.rate_limit("3/minute")
    @blp.response(200)
    def own_limit():
        return {}

    @blp.route("/health")
    @blp.rate_limit(None)
    @blp.response(200)
    def health():
        return {"ok": True}

    client = serve()

    own = [client.get("/own").status_code for _ in range(3)]
    exempt = [client.get("/health") for _ in range(3)]

    assert own == [200, 200, 200]
    assert [response.status_code for response in exempt] == [200, 200, 200]
    assert "RateLimit" not in exempt[0].headers


def test_views_without_rest_decorators_are_not_limited_by_the_default(app, blp, serve, clock):
    app.config["API_RATE_LIMIT"] = "1/minute"
    app.add_url_rule("/plain", "plain", lambda: {"plain": True})
    client = serve()

    assert [client.get("/plain").status_code for _ in range(3)] == [200, 200, 200]


def test_an_app_without_limits_sends_no_fields_and_builds_no_step(app, blp, serve):
    blp.route("/pets")(blp.response(200)(lambda: {}))
    client = serve()

    def next_step(call):
        return None

    setup = StageSetup(app, "test.pets", "GET", operation_of(lambda: {}), lambda: {})

    assert limit_rate(setup, next_step) is next_step
    assert "RateLimit" not in client.get("/pets").headers


# -- strategies and stores ------------------------------------------------------------------


def test_the_moving_window_strategy_counts_the_last_window_of_each_request(app, blp, serve, clock):
    app.config["API_RATE_LIMIT_STRATEGY"] = "moving-window"
    blp.route("/pets")(blp.rate_limit("2/minute")(blp.response(200)(lambda: {})))
    client = serve()

    client.get("/pets")
    clock.advance(30)
    second = client.get("/pets")
    clock.advance(10)
    refused = client.get("/pets")
    clock.advance(21)  # the first request left the window
    again = client.get("/pets")

    assert fields_of(second)[1] == '"operation";r=0;t=30'
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "20"
    assert again.status_code == 200
    assert fields_of(again)[1] == '"operation";r=0;t=29'  # the request at 30 s is the oldest


def test_an_unknown_strategy_is_refused(app, blp, serve):
    app.config["API_RATE_LIMIT_STRATEGY"] = "leaky-bucket"
    blp.route("/pets")(blp.rate_limit("2/minute")(lambda: {}))

    with pytest.raises(ConfigurationError, match="'fixed-window' or 'moving-window'"):
        serve().get("/pets")


def test_a_store_url_limits_has_no_storage_for_is_refused(app, blp, serve):
    app.config["API_STORE_URL"] = "postgres://db/api"
    blp.route("/pets")(blp.rate_limit("2/minute")(lambda: {}))

    with pytest.raises(ConfigurationError, match="cannot hold rate limits"):
        serve().get("/pets")


@pytest.mark.parametrize("strategy", ["fixed-window", "moving-window"])
def test_each_store_counts_and_refuses(app, blp, serve, any_store_url, strategy):
    app.config.update(API_STORE_URL=any_store_url, API_RATE_LIMIT_STRATEGY=strategy)
    blp.route("/pets")(blp.rate_limit("3/minute")(blp.response(200)(lambda: {})))
    client = serve()

    responses = [client.get("/pets") for _ in range(4)]

    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    remaining = [response.headers["RateLimit"].split(";")[1] for response in responses]
    assert remaining == ["r=2", "r=1", "r=0", "r=0"]
    seconds = int(responses[3].headers["Retry-After"])
    assert 1 <= seconds <= 60
    assert responses[3].headers["RateLimit"] == f'"operation";r=0;t={seconds}'


def test_by_default_counts_go_to_a_sqlite_file_in_the_instance_folder(app, blp, serve, clock):
    del app.config["API_STORE_URL"]
    blp.route("/pets")(blp.rate_limit("1/minute")(blp.response(200)(lambda: {})))
    client = serve()

    assert [client.get("/pets").status_code for _ in range(2)] == [200, 429]
    assert (app.instance_path + "/restkit-store.sqlite3") in repr(limiter_of(app).storage)


def test_a_relative_sqlite_path_is_in_the_instance_folder(app, blp, serve, clock):
    app.config["API_STORE_URL"] = "sqlite:///limits/counts.sqlite3"
    blp.route("/pets")(blp.rate_limit("1/minute")(blp.response(200)(lambda: {})))
    client = serve()

    assert [client.get("/pets").status_code for _ in range(2)] == [200, 429]
    assert os.path.exists(os.path.join(app.instance_path, "limits", "counts.sqlite3"))


@pytest.mark.parametrize(
    "url", ["sqlite:////srv/counts.sqlite3", "sqlite:///", "redis://localhost:6379/0", "memory://"]
)
def test_other_store_urls_are_kept_as_they_are(url):
    assert in_folder(url, "/srv/api/instance") == url


def test_counts_in_memory_survive_a_config_change(app, blp, serve, clock):
    blp.route("/pets")(blp.rate_limit("1/minute")(blp.response(200)(lambda: {})))
    client = serve()

    client.get("/pets")
    app.config["SOMETHING_ELSE"] = True  # the next request finalizes the app again

    assert client.get("/pets").status_code == 429


# -- the document describes what is sent ----------------------------------------------------


def test_limited_responses_pass_the_response_checker(app, api, blp, serve, clock):
    @blp.route("/pets")
    class Pets(MethodView):
        @blp.rate_limit("1/minute")
        @blp.arguments(Query, location="query")
        @blp.response(200, Query)
        def get(self, query):
            return query

    client: TestClient = serve()
    checker = ResponseChecker(api.spec, checks_unrouted=True)
    responses = [client.get("/pets?n=1"), client.get("/pets?n=1")]

    assert [response.status_code for response in responses] == [200, 429]
    for response in responses:
        checker.check("test.Pets", "GET", response)
    document = api.spec_dict()["paths"]["/pets"]["get"]["responses"]
    assert set(document["200"]["headers"]) == {"RateLimit-Policy", "RateLimit"}
    assert set(document["429"]["headers"]) == {"Retry-After", "RateLimit-Policy", "RateLimit"}
