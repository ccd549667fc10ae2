"""CORS never lets any web site read answers sent with the user's credentials.

``"*"`` together with credentials is refused when the app is set up, from the
config or from a blueprint's ``cors``; and whatever the settings, no response
carries ``Access-Control-Allow-Origin: *``: an allowed origin is echoed exactly,
any other gets no CORS headers at all.
"""

from __future__ import annotations

import typing as t

import pytest

from restkit import Api, App
from restkit.core.errors import ConfigurationError
from restkit.rest import Blueprint

from .clients import signed_in

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit.testing import TestResponse
    from tests.example_apps import ExampleApp

WEB_CLIENT = "https://app.example.com"
OTHER_SITE = "https://evil.example"


def test_any_origin_with_credentials_is_refused_at_setup(
    example: ExampleApp, tmp_path: Path
) -> None:
    with pytest.raises(ConfigurationError, match="is '\\*' while API_CORS_ALLOW_CREDENTIALS"):
        example.create_app(tmp_path, API_CORS_ORIGINS="*", API_CORS_ALLOW_CREDENTIALS=True)


def test_a_blueprint_asking_for_any_origin_with_credentials_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="is '\\*' while"):
        Blueprint("partners", __name__, cors={"origins": "*", "allow_credentials": True})


def test_credentials_of_a_blueprint_with_any_origin_of_the_config_are_refused() -> None:
    app = App(__name__)
    app.config.update(API_TITLE="Shop", API_VERSION="1", API_CORS_ORIGINS="*")
    api = Api(app)
    partners = Blueprint("partners", __name__, cors={"allow_credentials": True})
    partners.route("/orders")(lambda: [])
    api.register_blueprint(partners)

    with pytest.raises(ConfigurationError, match="is '\\*' while"):
        app.finalize()  # when setup ends, as the first request would


def cross_origin_responses(
    example: ExampleApp, tmp_path: Path, **config: t.Any
) -> list[tuple[str, str, TestResponse]]:
    """Send requests from both origins to *example*: reads, a preflight, errors."""
    client = example.create_app(tmp_path, **config).test_client()
    headers = signed_in(example, client)
    endpoint = example.json_endpoint
    preflight = {"Access-Control-Request-Method": endpoint.method}
    responses = []
    for origin in (WEB_CLIENT, OTHER_SITE):
        sent = {**headers, "Origin": origin}
        for method, path, extra in (
            ("GET", example.health, {}),
            ("OPTIONS", endpoint.path, preflight),
            ("GET", "/no/such/page", {}),
            ("GET", example.health, {"Authorization": "Bearer forged"}),
            (endpoint.method, endpoint.path, {}),
        ):
            response = client.open(path, method=method, headers={**sent, **extra}, json={})
            responses.append((origin, f"{method} {path}", response))
    return responses


@pytest.mark.parametrize(
    "config",
    [
        pytest.param({"API_CORS_ORIGINS": [WEB_CLIENT], "API_CORS_ALLOW_CREDENTIALS": True},
                     id="credentials"),
        pytest.param({"API_CORS_ORIGINS": "*"}, id="any-origin"),
    ],
)  # fmt: skip
def test_no_response_allows_any_origin(
    example: ExampleApp, tmp_path: Path, config: dict[str, t.Any]
) -> None:
    credentials = config.get("API_CORS_ALLOW_CREDENTIALS", False)

    for origin, request, response in cross_origin_responses(example, tmp_path, **config):
        allowed = response.headers.get("Access-Control-Allow-Origin")
        assert allowed != "*", request
        if origin == WEB_CLIENT or config["API_CORS_ORIGINS"] == "*":
            assert allowed == origin, (origin, request)
        else:
            assert allowed is None, (origin, request)
            assert "Access-Control-Allow-Credentials" not in response.headers
        if credentials and allowed:
            assert response.headers["Access-Control-Allow-Credentials"] == "true"
        else:
            assert "Access-Control-Allow-Credentials" not in response.headers
        assert "Origin" in response.headers.get("Vary", ""), request
