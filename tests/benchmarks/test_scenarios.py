"""The scenarios' checks: they accept correct answers and refuse wrong ones."""

import json

import pytest

from benchmarks.apps import floor, werkzeug_app
from benchmarks.drivers import WSGIDriver
from benchmarks.scenarios import (
    INVALID_FIELDS,
    NEW_ITEM,
    SCENARIOS,
    Answer,
    WrongAnswer,
    normalized,
)

BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}
JSON = {"content-type": "application/json"}


def json_answer(status, document, headers=JSON):
    return Answer(status, dict(headers), json.dumps(document).encode())


def correct_answer(key):
    """The floor's answer, which the checks accept (tested below)."""
    return WSGIDriver(floor.create_app(), BY_KEY[key]).answer()


@pytest.mark.parametrize("app_module", [floor, werkzeug_app], ids=["floor", "werkzeug"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.key)
def test_correct_answers_pass(app_module, scenario):
    scenario.check(WSGIDriver(app_module.create_app(), scenario).answer())


def test_date_times_compare_as_instants():
    assert normalized({"available_from": "2024-05-01T09:30:00Z"}) == normalized(
        {"available_from": "2024-05-01T09:30:00+00:00"}
    )
    assert normalized({"available_from": "2024-05-01T09:30:00Z"}) != normalized(
        {"available_from": "2024-05-01T10:30:00+00:00"}
    )


def without_one_item(key):
    document = json.loads(correct_answer(key).body)
    return json_answer(200, document[:-1])


def with_field(key, name, value):
    answer = correct_answer(key)
    return json_answer(answer.status, {**json.loads(answer.body), name: value})


WRONG = {
    "hello with another message": ("S1", json_answer(200, {"message": "hi"}), "expected"),
    "hello as text": (
        "S1",
        Answer(200, {"content-type": "text/plain"}, b'{"message": "hello"}'),
        "Content-Type",
    ),
    "hello as a 500": ("S1", json_answer(500, {"message": "hello"}), "status 200"),
    "item with a wrong price": ("S2", with_field("S2", "price", 0.0), "expected"),
    "item with an extra field": ("S2", with_field("S2", "secret", "x"), "expected"),
    "created item without its id": (
        "S3",
        json_answer(201, NEW_ITEM),
        "expected",
    ),
    "created item as a 200": ("S3", json_answer(200, {"id": 101, **NEW_ITEM}), "status 201"),
    "invalid body accepted": ("S4", json_answer(201, {"id": 101}), "status 422"),
    "422 naming one field": (
        "S4",
        json_answer(422, {"errors": {"name": ["Too short."]}}),
        "does not name",
    ),
    "422 as HTML": (
        "S4",
        Answer(422, {"content-type": "text/html"}, " ".join(INVALID_FIELDS).encode()),
        "Content-Type",
    ),
    "unknown URL as a 200": ("S5", json_answer(200, {}), "status 404"),
    "page of 19 items": ("S6", without_one_item("S6"), "expected"),
    "first page instead of the second": (
        "S6",
        json_answer(200, json.loads(correct_answer("S2").body)),
        "expected",
    ),
}


@pytest.mark.parametrize(("key", "answer", "reason"), WRONG.values(), ids=WRONG.keys())
def test_wrong_answers_are_refused(key, answer, reason):
    with pytest.raises(WrongAnswer, match=reason):
        BY_KEY[key].check(answer)


def test_a_body_that_is_not_json_is_refused():
    with pytest.raises(WrongAnswer, match="not JSON"):
        BY_KEY["S1"].check(Answer(200, dict(JSON), b"hello"))
