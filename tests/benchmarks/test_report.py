"""The tables of a run, rendered from its JSON results."""

import pytest

from benchmarks.report import render, table
from benchmarks.scenarios import SCENARIO_KEYS

META = {
    "date": "2025-01-01 00:00 UTC",
    "commit": "abc1234",
    "command": "python -m benchmarks",
    "cpu": "AMD EPYC, 2 CPUs",
    "uname": "Linux vm",
    "python": "3.11.7",
    "orjson": False,
    "wrk": "wrk 4.1.0",
    "versions": {"restkit": "0.1.0", "flask": "3.1.3"},
}


def figure(us, reference_us, floor_us=0.5):
    return {
        "us": us,
        "q1": us * 0.9,
        "q3": us * 1.1,
        "vs_reference": us / reference_us,
        "vs_floor": us / floor_us,
    }


@pytest.fixture
def results():
    return {
        "meta": META,
        "inprocess": {
            "settings": {"repeats": 21, "block_ms": 40, "warmup_ms": 100},
            "contenders": {
                "restkit": {
                    "label": "restkit",
                    "scenarios": {key: figure(30.0, 60.0) for key in SCENARIO_KEYS},
                },
                "smorest": {
                    "label": "Flask + flask-smorest (schema instances)",
                    "scenarios": {key: figure(60.0, 60.0) for key in SCENARIO_KEYS},
                },
                "apiflask": {"label": "APIFlask", "error": "S4: expected status 422, got 400"},
            },
        },
    }


def test_a_table_aligns_its_columns():
    assert table(["app", "S1"], [["restkit", "1.0"], ["floor", "10.25"]]) == (
        "| app     |    S1 |\n| ------- | ----: |\n| restkit |   1.0 |\n| floor   | 10.25 |"
    )


def test_the_machine_and_versions_come_first(results):
    text = render(results)

    assert text.startswith("Run of 2025-01-01 00:00 UTC, restkit commit abc1234")
    assert "- CPU: AMD EPYC, 2 CPUs" in text
    assert "- Packages: restkit 0.1.0, flask 3.1.3" in text
    assert "orjson is not installed" in text


def test_in_process_figures_are_shown_as_microseconds_and_ratios(results):
    text = render(results)

    assert "| restkit                                  | 30.0 ±10% |" in text
    assert "| restkit                                  | 0.50 | 0.50 |" in text
    assert "| restkit                                  |  60 |  60 |" in text


def test_a_refused_app_has_no_figures_and_the_reason_is_given(results):
    text = render(results)

    assert "| APIFlask (refused)                       |         - |" in text
    assert "- APIFlask: S4: expected status 422, got 400" in text


def test_an_installed_orjson_is_pointed_out(results):
    results["meta"]["orjson"] = True

    assert "orjson IS installed: restkit encodes JSON with it" in render(results)
