"""The data every benchmark app serves: 100 stored items, as plain dicts."""

from __future__ import annotations

import typing as t
from datetime import UTC, datetime, timedelta

#: The id the POST scenario's created item gets: items are not stored, so every
#: timed request does the same work.
NEXT_ID = 101
#: The item the GET scenario asks for.
ITEM_ID = 42
ITEM_COUNT = 100


def make_items() -> dict[int, dict[str, t.Any]]:
    """Return the stored items, by id."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return {
        i: {
            "id": i,
            "name": f"Item {i}",
            "price": round(i * 1.25, 2),
            "tags": [f"tag{i % 5}", "bench"],
            "created_at": start + timedelta(hours=i),
            "in_stock": i % 2 == 0,
        }
        for i in range(1, ITEM_COUNT + 1)
    }


ITEMS = make_items()
ITEM_LIST = list(ITEMS.values())


def page_of(items: list[t.Any], page: int, page_size: int) -> list[t.Any]:
    """Return the items of page *page*, numbered from 1."""
    first = (page - 1) * page_size
    return items[first : first + page_size]
