"""The restkit benchmark app answers every scenario as the harness requires."""

import pytest

from benchmarks.apps.restkit_app import create_app
from benchmarks.drivers import WSGIDriver
from benchmarks.scenarios import SCENARIOS


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.key)
def test_the_app_answers_the_scenario_correctly(app, scenario):
    scenario.check(WSGIDriver(app, scenario).answer())


def test_the_invalid_body_gets_a_problem_document_naming_every_wrong_field(app):
    invalid = next(scenario for scenario in SCENARIOS if scenario.key == "S4")

    answer = WSGIDriver(app, invalid).answer()

    assert answer.headers["content-type"] == "application/problem+json"
    errors = answer.json()["errors"]["json"]
    assert set(errors) == {"name", "quantity", "contact", "dimensions", "tags", "available_from"}
    assert errors["dimensions"] == {"height": ["Missing data for required field."]}
