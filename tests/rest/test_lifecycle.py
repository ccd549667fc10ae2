"""API version lifecycle: Deprecation, Sunset and Link on every response of a blueprint; 410."""

from __future__ import annotations

import datetime

import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, MethodView, abort
from restkit.core.errors import SetupError
from restkit.rest.lifecycle import Lifecycle, moment

UTC = datetime.UTC
JAN_2025 = 1735689600  # 2025-01-01T00:00:00Z
PAST_SUNSET = "Fri, 01 Jan 2021 00:00:00 GMT"
FUTURE_SUNSET = "Tue, 01 Jan 2999 00:00:00 GMT"
LINK = '<https://example.com/migrate-to-v2>; rel="deprecation"'
GONE = f"This version of the API was retired on {PAST_SUNSET}."


class Query(Schema):
    n = fields.Int(required=True)


def lifecycle_fields(response) -> dict[str, list[str]]:
    return {name: response.headers.getlist(name) for name in ("Deprecation", "Sunset", "Link")}


def add_routes(blueprint: Blueprint, calls: list[str]) -> Blueprint:
    """A function view, a ``MethodView`` and a plain core route, counting their calls."""

    @blueprint.route("/pets")
    class Pets(MethodView):
        @blueprint.arguments(Query, location="query")
        @blueprint.response(200)
        def get(self, query):
            calls.append("pets")
            return [query]

    @blueprint.route("/pets/<int:pet_id>")
    @blueprint.response(200)
    def pet(pet_id):
        calls.append("pet")
        if pet_id != 1:
            abort(404, f"There is no pet {pet_id}.")
        return {"id": 1}

    blueprint.add_url_rule("/plain", "plain", lambda: calls.append("plain") or "plain text")
    return blueprint


@pytest.fixture
def calls() -> list[str]:
    return []


@pytest.fixture
def v1(api, calls):
    blueprint = Blueprint(
        "v1",
        __name__,
        url_prefix="/v1",
        deprecated=datetime.date(2025, 1, 1),
        sunset="2999-01-01",
        deprecation_link="https://example.com/migrate-to-v2",
    )
    api.register_blueprint(add_routes(blueprint, calls))
    return blueprint


@pytest.fixture
def v0(api, calls):
    blueprint = Blueprint(
        "v0",
        __name__,
        url_prefix="/v0",
        deprecated="2020-01-01",
        sunset="2021-01-01",
        sunset_gone=True,
    )
    api.register_blueprint(add_routes(blueprint, calls))
    return blueprint


EXPECTED_V1 = {"Deprecation": [f"@{JAN_2025}"], "Sunset": [FUTURE_SUNSET], "Link": [LINK]}


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2025, 1, 1),
        datetime.datetime(2025, 1, 1),
        datetime.datetime(2025, 1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
        "2025-01-01",
        "2025-01-01T00:00:00Z",
        "2025-01-01T02:00:00+02:00",
    ],
    ids=["date", "naive", "aware", "iso-date", "iso-z", "iso-offset"],
)
def test_dates_datetimes_and_iso_text_are_moments_in_utc(value):
    assert moment(value, "deprecated") == datetime.datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("value", ["next year", "2025-13-01", 1735689600])
def test_other_values_are_refused(value):
    with pytest.raises(SetupError, match="deprecated="):
        moment(value, "deprecated")


def test_the_fields_are_an_epoch_an_http_date_and_a_link():
    lifecycle = Lifecycle(
        moment("2025-01-01T12:30:45.9Z", "deprecated"),
        moment("2999-01-01", "sunset"),
        "https://example.com/migrate-to-v2",
    )

    assert lifecycle.headers == [
        ("Deprecation", f"@{JAN_2025 + 12 * 3600 + 30 * 60 + 45}"),
        ("Sunset", FUTURE_SUNSET),
        ("Link", LINK),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"deprecated": "2025-06-01", "sunset": "2025-01-01"}, "sunset .* is before deprecated"),
        ({"deprecation_link": "https://example.com"}, "needs deprecated="),
        ({"deprecated": "2025-01-01", "sunset_gone": True}, "sunset_gone=True needs sunset="),
        ({"deprecated": "2025-01-01", "deprecation_link": "https://e.com/a b"}, "cannot be sent"),
        ({"deprecated": "2025-01-01", "deprecation_link": "https://e.com/é"}, "cannot be sent"),
    ],
)
def test_a_lifecycle_that_cannot_be_is_refused_when_the_blueprint_is_made(options, message):
    with pytest.raises(SetupError, match=message):
        Blueprint("v1", __name__, **options)


# -- the fields on every response -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/pets?n=1", 200),
        ("/v1/pets/1", 200),
        ("/v1/plain", 200),
        ("/v1/pets", 422),
        ("/v1/pets/2", 404),
    ],
)
def test_every_response_of_the_blueprint_carries_the_fields(app, v1, url, status):
    response = app.test_client().get(url)

    assert response.status_code == status
    assert lifecycle_fields(response) == EXPECTED_V1


def test_a_head_and_a_preflight_carry_them_too(app, v1):
    client = app.test_client()

    for response in (client.head("/v1/pets/1"), client.options("/v1/pets")):
        assert lifecycle_fields(response) == EXPECTED_V1


def test_requests_matching_no_route_of_the_blueprint_are_the_app_s(app, v1):
    client = app.test_client()

    for response in (client.post("/v1/pets"), client.get("/v1/nothing")):
        assert response.status_code in (404, 405)
        assert lifecycle_fields(response) == {"Deprecation": [], "Sunset": [], "Link": []}


def test_a_500_carries_them_too(app, api):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    blueprint = Blueprint("v1", __name__, deprecated="2025-01-01")

    @blueprint.route("/boom")
    def boom():
        raise RuntimeError("broken")

    api.register_blueprint(blueprint)
    response = app.test_client().get("/boom")

    assert response.status_code == 500
    assert response.headers["Deprecation"] == f"@{JAN_2025}"


def test_other_blueprints_and_the_app_send_none(app, api, v1, calls):
    v2 = add_routes(Blueprint("v2", __name__, url_prefix="/v2"), calls)
    api.register_blueprint(v2)
    client = app.test_client()

    for url in ("/v2/pets?n=1", "/nowhere"):
        assert lifecycle_fields(client.get(url)) == {"Deprecation": [], "Sunset": [], "Link": []}
    assert app.endpoint_table["v2.Pets"].hookless


def test_the_deprecation_link_joins_a_pagination_link(app, api):
    blueprint = Blueprint(
        "v1", __name__, deprecated="2025-01-01", deprecation_link="https://e.com/v2"
    )

    @blueprint.route("/items")
    @blueprint.response(200)
    @blueprint.paginate(page_size=2)
    def items(pagination_parameters):
        return list(range(5))

    api.register_blueprint(blueprint)
    links = app.test_client().get("/items").headers.getlist("Link")

    assert '<https://e.com/v2>; rel="deprecation"' in links
    assert any('rel="next"' in link for link in links)


def test_a_sunset_alone_sends_no_deprecation(app, api, calls):
    api.register_blueprint(add_routes(Blueprint("v1", __name__, sunset="2999-01-01"), calls))

    response = app.test_client().get("/pets/1")

    assert lifecycle_fields(response) == {"Deprecation": [], "Sunset": [FUTURE_SUNSET], "Link": []}


# -- 410 after the sunset -------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/v0/pets?n=1", "/v0/pets/1", "/v0/plain", "/v0/pets/2"])
def test_after_the_sunset_every_route_is_gone(app, v0, calls, url):
    response = app.test_client().get(url)

    assert response.status_code == 410
    assert response.mimetype == "application/problem+json"
    assert response.json == {"type": "about:blank", "title": "Gone", "status": 410, "detail": GONE}
    assert lifecycle_fields(response) == {
        "Deprecation": ["@1577836800"],
        "Sunset": [PAST_SUNSET],
        "Link": [],
    }
    assert calls == []


def test_the_410_names_the_deprecation_link(app, api, calls):
    blueprint = Blueprint(
        "v0",
        __name__,
        deprecated="2020-01-01",
        sunset="2021-01-01",
        deprecation_link="https://example.com/v2",
        sunset_gone=True,
    )
    api.register_blueprint(add_routes(blueprint, calls))

    response = app.test_client().get("/pets/1")

    assert response.json["detail"] == f"{GONE} See https://example.com/v2 for what replaces it."


def test_a_preflight_still_passes_after_the_sunset(app, v0):
    response = app.test_client().options(
        "/v0/pets", headers={"Origin": "https://a.example", "Access-Control-Request-Method": "GET"}
    )

    assert response.status_code == 200


def test_before_the_sunset_or_without_the_option_the_routes_answer(app, api, v1, calls):
    retired_but_kept = Blueprint("old", __name__, url_prefix="/old", sunset="2021-01-01")
    api.register_blueprint(add_routes(retired_but_kept, calls))
    client = app.test_client()

    assert client.get("/v1/pets/1").status_code == 200
    assert client.get("/old/pets/1").status_code == 200


# -- nested blueprints ----------------------------------------------------------------------


def test_a_nested_blueprint_inherits_the_lifecycle_and_its_own_wins(app, api, calls):
    parent = Blueprint(
        "v0",
        __name__,
        url_prefix="/v0",
        deprecated="2020-01-01",
        sunset="2021-01-01",
        sunset_gone=True,
    )
    kept = Blueprint("kept", __name__, url_prefix="/kept", deprecated="2025-01-01")
    inherits = Blueprint("inherits", __name__, url_prefix="/inherits")
    parent.register_blueprint(add_routes(kept, calls))
    parent.register_blueprint(add_routes(inherits, calls))
    api.register_blueprint(parent)
    client = app.test_client()

    own = client.get("/v0/kept/pets/1")
    inherited = client.get("/v0/inherits/pets/1")

    assert own.status_code == 200
    assert lifecycle_fields(own) == {"Deprecation": [f"@{JAN_2025}"], "Sunset": [], "Link": []}
    assert inherited.status_code == 410
    assert inherited.headers["Sunset"] == PAST_SUNSET
