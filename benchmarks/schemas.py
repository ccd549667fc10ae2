"""Micro-benchmark: marshmallow's load/dump against restkit's compiled schemas.

Run with ``python benchmarks/schemas.py``. Each scenario is timed in alternating
rounds (marshmallow, compiled, marshmallow, ...) and the best round of each is
kept, so both sides see the same machine load. Loads go through the strict copy
restkit uses for JSON bodies, exactly as a request does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import timeit
import typing as t

from marshmallow import Schema, ValidationError, fields, validate

from restkit.rest.compiled import compile_dumper, compile_loader
from restkit.rest.strict import strict_copy


class ItemSchema(Schema):
    """Six fields, as a GET dumps them."""

    id = fields.Int()
    name = fields.Str()
    price = fields.Float()
    tags = fields.List(fields.Str())
    created_at = fields.DateTime()
    in_stock = fields.Bool()


class DimensionsSchema(Schema):
    width = fields.Float(required=True)
    height = fields.Float(required=True)


class NewItemSchema(Schema):
    """Eight fields, as a POST loads them (the last one optional)."""

    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    quantity = fields.Int(required=True, validate=validate.Range(min=0, max=1000))
    contact = fields.Email(required=True)
    dimensions = fields.Nested(DimensionsSchema, required=True)
    tags = fields.List(fields.Str(), required=True)
    available_from = fields.DateTime(required=True)
    active = fields.Bool(required=True)
    note = fields.Str()


ITEM = {
    "id": 42,
    "name": "Item 42",
    "price": 52.5,
    "tags": ["tag2", "bench"],
    "created_at": dt.datetime(2024, 1, 2, 18, 0, tzinfo=dt.UTC),
    "in_stock": True,
}
VALID = {
    "name": "Widget",
    "quantity": 3,
    "contact": "buyer@example.com",
    "dimensions": {"width": 1.5, "height": 2.0},
    "tags": ["new", "blue"],
    "available_from": "2024-03-01T09:00:00+00:00",
    "active": True,
}
INVALID = {
    "name": "",
    "quantity": 5000,
    "contact": "not an email",
    "dimensions": {"width": "wide"},
    "tags": ["ok", 7],
    "available_from": "yesterday",
    "active": "maybe",
    "colour": "red",
}


def refused(load: t.Callable[[t.Any], t.Any]) -> t.Callable[[t.Any], t.Any]:
    """Return *load* returning the error messages instead of raising them."""

    def load_invalid(data: t.Any) -> t.Any:
        try:
            return load(data)
        except ValidationError as exc:
            return exc.messages

    return load_invalid


def scenarios() -> list[tuple[str, t.Callable[[t.Any], t.Any], t.Callable[[t.Any], t.Any], t.Any]]:
    """Return (name, marshmallow function, compiled function, input) for each scenario."""
    item, items = ItemSchema(), ItemSchema(many=True)
    body = strict_copy(NewItemSchema(), strict_types=True)
    load = compile_loader(body).function
    return [
        ("dump, 6 fields", item.dump, compile_dumper(item).function, ITEM),
        ("dump, list of 20", items.dump, compile_dumper(items).function, [ITEM] * 20),
        ("load, 8 fields, valid", body.load, load, VALID),
        ("load, 8 fields, invalid", refused(body.load), refused(load), INVALID),
    ]


def best_of(function: t.Callable[[t.Any], t.Any], data: t.Any, number: int) -> float:
    """Return the CPU time of one call in µs, from one round of *number* calls.

    CPU time of this thread, not wall time: time spent waiting for a core on a
    busy machine does not count.
    """
    timer = timeit.Timer(lambda: function(data), timer=time.thread_time)
    return timer.timeit(number=number) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="alternating rounds per scenario")
    arguments = parser.parse_args()
    print(f"{'scenario':<26}{'marshmallow µs':>16}{'compiled µs':>14}{'ratio':>8}{'speed-up':>10}")
    for name, reference, compiled, data in scenarios():
        assert reference(data) == compiled(data), name
        number = max(1, int(0.02 / (best_of(reference, data, 10) / 1e6)))
        slow, fast = float("inf"), float("inf")
        for _ in range(arguments.rounds):
            slow = min(slow, best_of(reference, data, number))
            fast = min(fast, best_of(compiled, data, number))
        print(f"{name:<26}{slow:>16.2f}{fast:>14.2f}{fast / slow:>8.2f}{slow / fast:>9.1f}x")


if __name__ == "__main__":
    main()
