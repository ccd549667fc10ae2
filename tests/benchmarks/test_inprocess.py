"""The in-process suite refuses apps that answer wrongly and reports the others' ratios."""

import asyncio

import pytest

from benchmarks import inprocess
from benchmarks.apps import floor
from benchmarks.contenders import BY_KEY, Contender
from benchmarks.inprocess import ContenderSetupFailed, Settings, make_drivers, measure
from benchmarks.scenarios import SCENARIO_KEYS

TINY = Settings(repeats=2, block_ms=1, warmup_ms=1)


def create_wrong_app():
    """The floor, except that the created item is answered with 200."""
    correct = floor.create_app()

    def app(environ, start_response):
        def start(status, headers):
            return start_response("200 OK" if status.startswith("201") else status, headers)

        return correct(environ, start)

    return app


def create_failing_app():
    raise RuntimeError("no database")


def create_raising_app():
    def app(environ, start_response):
        raise KeyError("GET")

    return app


def create_app_that_breaks_later():
    """The floor, until its 100th request; a 500 from then on."""
    correct = floor.create_app()
    served = 0

    def app(environ, start_response):
        nonlocal served
        served += 1
        if served < 100:
            return correct(environ, start_response)
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"broken"]

    return app


def contender(factory, key="test"):
    return Contender(key, f"app {factory}", __name__, factory, "wsgi", ())


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture
def restkit_is_the_reference(monkeypatch):
    """The reference is flask-smorest, which the test suite does not install."""
    monkeypatch.setattr(inprocess, "REFERENCE", "restkit")


def test_every_scenario_gets_a_checked_driver(loop):
    drivers = make_drivers(BY_KEY["restkit"], loop)

    assert list(drivers) == list(SCENARIO_KEYS)


@pytest.mark.parametrize(
    ("factory", "reason"),
    [
        ("create_wrong_app", "S3: expected status 201, got 200"),
        ("create_failing_app", "failed to build: RuntimeError"),
        ("create_raising_app", "S1: the app raised KeyError"),
    ],
)
def test_an_app_that_answers_wrongly_is_refused(loop, factory, reason):
    with pytest.raises(ContenderSetupFailed, match=reason):
        make_drivers(contender(factory), loop)


@pytest.mark.usefixtures("restkit_is_the_reference")
def test_a_run_reports_ratios_and_refuses_wrong_apps():
    contenders = [
        BY_KEY["restkit"],
        contender("create_wrong_app", key="wrong"),
        contender("create_app_that_breaks_later", key="late"),
        BY_KEY["floor"],
    ]

    results = measure(contenders, TINY, lambda message: None)

    assert list(results) == ["restkit", "wrong", "late", "floor"]
    assert results["wrong"]["error"].startswith("S3: expected status 201")
    assert "scenarios" not in results["wrong"]
    assert "expected status 200, got 500" in results["late"]["error"]
    for key in SCENARIO_KEYS:
        restkit, floor_figure = (
            results["restkit"]["scenarios"][key],
            results["floor"]["scenarios"][key],
        )
        assert len(restkit["samples"]) == TINY.repeats
        assert restkit["vs_reference"] == 1
        assert restkit["vs_floor"] == restkit["us"] / floor_figure["us"]
        assert floor_figure["vs_floor"] == 1


@pytest.mark.usefixtures("restkit_is_the_reference")
def test_a_wrong_floor_stops_the_run():
    contenders = [BY_KEY["restkit"], contender("create_wrong_app", key="floor")]

    with pytest.raises(ContenderSetupFailed, match="S3"):
        measure(contenders, TINY, lambda message: None)
