"""A 422 lists the first field errors of each location and counts the rest in one line."""

from __future__ import annotations

import typing as t

import pytest
from marshmallow import fields

from restkit.rest.field_errors import MAX_LISTED_ERRORS, capped_errors

if t.TYPE_CHECKING:
    from restkit import App, Blueprint

REQUIRED = ["Missing data for required field."]
UNKNOWN = ["Unknown field."]


def field_errors(count: int) -> dict[str, list[str]]:
    return {f"f{number}": UNKNOWN for number in range(count)}


def test_few_errors_are_listed_as_they_are() -> None:
    errors = {"json": field_errors(3), "query": {"limit": REQUIRED}}

    assert capped_errors(errors, limit=3) == errors


def test_past_the_limit_the_rest_are_counted() -> None:
    errors = {"json": field_errors(5), "query": field_errors(2)}

    assert capped_errors(errors, limit=3) == {
        "json": {**field_errors(3), "_schema": ["2 more errors are not listed (the first 3 are)."]},
        "query": field_errors(2),
    }


def test_nested_fields_count_one_by_one() -> None:
    errors = {
        "json": {
            "name": REQUIRED,
            "items": {0: {"id": REQUIRED, "tag": REQUIRED}, 1: {"id": REQUIRED}, 2: REQUIRED},
            "owner": {"name": REQUIRED},
        }
    }

    assert capped_errors(errors, limit=3) == {
        "json": {
            "name": REQUIRED,
            "items": {0: {"id": REQUIRED, "tag": REQUIRED}},
            "_schema": ["3 more errors are not listed (the first 3 are)."],
        }
    }


def test_the_summary_joins_existing_schema_errors() -> None:
    errors = {"json": {"_schema": ["Passwords differ."], **field_errors(3)}}

    assert capped_errors(errors, limit=2)["json"] == {
        "_schema": ["Passwords differ.", "2 more errors are not listed (the first 2 are)."],
        "f0": UNKNOWN,
    }


def test_the_input_is_left_alone() -> None:
    errors = {"json": {"_schema": ["Passwords differ."], **field_errors(3)}}

    capped_errors(errors, limit=1)

    assert errors == {"json": {"_schema": ["Passwords differ."], **field_errors(3)}}


def test_a_location_holding_a_list_is_kept() -> None:
    assert capped_errors({"json": ["Invalid input type."]}) == {"json": ["Invalid input type."]}


# -- through the app ---------------------------------------------------------------------------


@pytest.fixture
def echo(blp: Blueprint) -> Blueprint:
    @blp.route("/items", methods=["POST"])
    @blp.arguments({"name": fields.Str(required=True)}, location="json_or_form")
    def create(item: dict[str, t.Any]) -> dict[str, t.Any]:
        return item

    return blp


@pytest.mark.parametrize("body", ["json", "form"])
def test_fifty_thousand_unknown_fields_get_a_short_422(
    app: App, echo: Blueprint, serve: t.Callable[[], t.Any], body: str
) -> None:
    app.config["MAX_FORM_PARTS"] = None
    unknown = {f"field{number}": "x" for number in range(50_000)}
    client = serve()

    response = (
        client.post("/items", json=unknown)
        if body == "json"
        else client.post("/items", data=unknown)
    )

    errors = response.json["errors"]["json_or_form"]
    summary = errors.pop("_schema")
    assert response.status_code == 422
    assert len(errors) == MAX_LISTED_ERRORS
    assert errors.pop("name") == REQUIRED
    assert all(key in unknown and value == UNKNOWN for key, value in errors.items())
    assert summary == [f"{50_001 - 50} more errors are not listed (the first 50 are)."]
    assert len(response.data) < 5_000
