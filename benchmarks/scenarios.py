"""The six scenarios: the request each sends, and how a correct answer is recognised."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass, field
from datetime import datetime

from .apps.catalog import ITEM_ID, ITEM_LIST, ITEMS, NEXT_ID, page_of

#: The valid POST body: eight fields, the last one optional.
NEW_ITEM: dict[str, t.Any] = {
    "name": "Desk lamp",
    "quantity": 12,
    "contact": "buyer@example.com",
    "dimensions": {"width": 20.5, "height": 45.0},
    "tags": ["lighting", "office"],
    "available_from": "2024-05-01T09:30:00+00:00",
    "active": True,
    "note": "fragile",
}
#: The same body with several fields wrong, each of which a correct app names in its 422.
INVALID_ITEM: dict[str, t.Any] = {
    "name": "",
    "quantity": 5000,
    "contact": "not-an-email",
    "dimensions": {"width": 20.5},
    "tags": "lighting",
    "available_from": "someday",
    "active": True,
}
INVALID_FIELDS = ("name", "quantity", "contact", "dimensions", "tags", "available_from")
#: Fields holding a date-time: peers write the same instant differently ("Z" or "+00:00").
DATETIME_FIELDS = frozenset({"created_at", "available_from"})
PAGE, PAGE_SIZE = 2, 20


class WrongAnswer(Exception):
    """An app answered a scenario wrongly: its figures must not be reported."""


@dataclass(frozen=True)
class Answer:
    """What an app sent back: status, headers (lower-case names) and the whole body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> t.Any:
        """Return the body decoded as JSON, after checking the media type says JSON."""
        media_type = self.headers.get("content-type", "")
        if "json" not in media_type:
            raise WrongAnswer(f"expected a JSON body, got Content-Type {media_type!r}")
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise WrongAnswer(f"the body is not JSON: {self.body[:200]!r}") from exc


@dataclass(frozen=True)
class Scenario:
    """One request of the benchmark, sent identically to every app."""

    key: str
    title: str
    method: str
    path: str
    check: t.Callable[[Answer], None]
    query: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def target(self) -> str:
        """The request target: path and query string."""
        return f"{self.path}?{self.query}" if self.query else self.path


def expect_status(answer: Answer, status: int) -> None:
    """Refuse *answer* unless it has *status*."""
    if answer.status != status:
        raise WrongAnswer(f"expected status {status}, got {answer.status}: {answer.body[:300]!r}")


def normalized(value: t.Any) -> t.Any:
    """Return *value* with its date-time fields parsed, so equal instants compare equal."""
    if isinstance(value, list):
        return [normalized(item) for item in value]
    if isinstance(value, dict):
        return {
            key: parse_datetime(item) if key in DATETIME_FIELDS else normalized(item)
            for key, item in value.items()
        }
    return value


def parse_datetime(value: t.Any) -> t.Any:
    """Return *value* as a datetime when it is an ISO 8601 string, else unchanged."""
    if not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return value


def dumped_item(item: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return the JSON form a correct app sends for stored *item*."""
    return {**item, "created_at": item["created_at"].isoformat()}


def expect_json(answer: Answer, expected: t.Any) -> None:
    """Refuse *answer* unless its JSON body equals *expected* (date-times compared as instants)."""
    body = answer.json()
    if normalized(body) != normalized(expected):
        raise WrongAnswer(f"expected {expected!r}, got {body!r}")


def strings_in(value: t.Any) -> set[str]:
    """Return every key and string value anywhere in a decoded JSON document."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set(value).union(*(strings_in(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(strings_in(item) for item in value))
    return set()


def check_hello(answer: Answer) -> None:
    expect_status(answer, 200)
    expect_json(answer, {"message": "hello"})


def check_get_item(answer: Answer) -> None:
    expect_status(answer, 200)
    expect_json(answer, dumped_item(ITEMS[ITEM_ID]))


def check_created(answer: Answer) -> None:
    expect_status(answer, 201)
    expect_json(answer, {"id": NEXT_ID, **NEW_ITEM})


def check_invalid(answer: Answer) -> None:
    expect_status(answer, 422)
    named = strings_in(answer.json())
    unnamed = [name for name in INVALID_FIELDS if name not in named]
    if unnamed:
        raise WrongAnswer(f"the 422 does not name the invalid fields {unnamed}: {answer.body!r}")


def check_not_found(answer: Answer) -> None:
    expect_status(answer, 404)


def check_page(answer: Answer) -> None:
    expect_status(answer, 200)
    expect_json(answer, [dumped_item(item) for item in page_of(ITEM_LIST, PAGE, PAGE_SIZE)])


JSON_HEADERS = {"Content-Type": "application/json"}

SCENARIOS = (
    Scenario("S1", "GET /hello, JSON", "GET", "/hello", check_hello),
    Scenario("S2", "GET /items/42, 6-field dump", "GET", f"/items/{ITEM_ID}", check_get_item),
    Scenario(
        "S3",
        "POST /items, 8-field body, 201",
        "POST",
        "/items",
        check_created,
        body=json.dumps(NEW_ITEM).encode(),
        headers=JSON_HEADERS,
    ),
    Scenario(
        "S4",
        "POST /items, invalid body, 422",
        "POST",
        "/items",
        check_invalid,
        body=json.dumps(INVALID_ITEM).encode(),
        headers=JSON_HEADERS,
    ),
    Scenario("S5", "GET unknown URL, 404", "GET", "/no/such/thing", check_not_found),
    Scenario(
        "S6",
        "GET /items?page=2&page_size=20",
        "GET",
        "/items",
        check_page,
        query=f"page={PAGE}&page_size={PAGE_SIZE}",
    ),
)
SCENARIO_KEYS = tuple(scenario.key for scenario in SCENARIOS)
