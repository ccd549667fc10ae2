"""Fixtures for the spec's tests: an app and Api per test, for each OpenAPI version.

Every document a test builds goes through ``spec_of``, which validates it
against the official schema of its version.
"""

from __future__ import annotations

import typing as t

import pytest
from openapi_spec_validator import validate

from restkit import Api, App

if t.TYPE_CHECKING:
    from pathlib import Path

OPENAPI_VERSIONS = ["3.0.3", "3.1.0", "3.2.0"]


@pytest.fixture(params=OPENAPI_VERSIONS)
def openapi_version(request: pytest.FixtureRequest) -> str:
    return t.cast(str, request.param)


@pytest.fixture
def app(tmp_path: Path, openapi_version: str) -> App:
    app = App("spec_test_app", root_path=str(tmp_path))
    app.config.update(
        TESTING=True, API_TITLE="Test API", API_VERSION="1.0.0", OPENAPI_VERSION=openapi_version
    )
    return app


@pytest.fixture
def api(app: App) -> Api:
    return Api(app)


@pytest.fixture
def spec_of() -> t.Callable[[Api], dict[str, t.Any]]:
    """Return a function building an Api's document and validating it."""

    def build(api: Api) -> dict[str, t.Any]:
        document = api.spec_dict()
        validate(document)
        return document

    return build


@pytest.fixture
def spec(
    api: Api, spec_of: t.Callable[[Api], dict[str, t.Any]]
) -> t.Callable[[], dict[str, t.Any]]:
    """Return a function building the ``api`` fixture's validated document."""
    return lambda: spec_of(api)
