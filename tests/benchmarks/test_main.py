"""The benchmark command."""

import json

import pytest

from benchmarks.__main__ import main, refusals
from benchmarks.report import render


def test_a_past_run_is_printed_again_from_its_json(tmp_path, capsys):
    results = {
        "meta": {
            "date": "2025-01-01 00:00 UTC",
            "commit": "abc1234",
            "command": "python -m benchmarks --spec",
            "cpu": "AMD EPYC, 2 CPUs",
            "uname": "Linux vm",
            "python": "3.11.7",
            "orjson": False,
            "wrk": "",
            "versions": {"restkit": "0.1.0"},
        },
        "spec": {
            "endpoints": 500,
            "runs": 5,
            "frameworks": {
                "restkit": {
                    "label": "restkit",
                    "paths": 500,
                    "operations": 1250,
                    "build_ms": 400.0,
                    "document_ms": 300.0,
                    "total_ms": 700.0,
                    "total_vs_reference": 0.5,
                }
            },
        },
    }
    path = tmp_path / "run.json"
    path.write_text(json.dumps(results))

    assert main(["--report", str(path)]) == 0

    printed = capsys.readouterr().out
    assert printed == render(results)
    assert "| restkit   |   500 |       1250 |          400 |         300 |      700 |  0.50 |" in (
        printed
    )


@pytest.mark.parametrize(
    ("results", "count"),
    [
        ({"meta": {}}, 0),
        ({"inprocess": {"contenders": {"a": {"error": "S1"}, "b": {"scenarios": {}}}}}, 1),
        ({"loopback": {"modes": {"sync": {"contenders": {"a": {"error": "S1"}}}}}}, 1),
    ],
)
def test_refusals_are_counted_over_every_suite(results, count):
    assert refusals(results) == count
