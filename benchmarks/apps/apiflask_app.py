"""The benchmark API in APIFlask: route decorators with input and output schemas."""

from __future__ import annotations

import typing as t

from apiflask import APIFlask, abort

from .catalog import ITEM_LIST, ITEMS, NEXT_ID, page_of
from .schemas import ItemSchema, NewItemSchema, PageQuerySchema


def create_app() -> APIFlask:
    """Build the app."""
    app = APIFlask(__name__, title="Benchmark", version="1.0.0")

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"message": "hello"}

    @app.get("/items/<int:item_id>")
    @app.output(ItemSchema)
    def get_item(item_id: int) -> dict[str, t.Any]:
        item = ITEMS.get(item_id)
        if item is None:
            abort(404)
        return item

    @app.post("/items")
    @app.input(NewItemSchema)
    @app.output(NewItemSchema, status_code=201)
    def create_item(json_data: dict[str, t.Any]) -> dict[str, t.Any]:
        return {"id": NEXT_ID, **json_data}

    @app.get("/items")
    @app.input(PageQuerySchema, location="query")
    @app.output(ItemSchema(many=True))
    def list_items(query_data: dict[str, int]) -> list[dict[str, t.Any]]:
        return page_of(ITEM_LIST, query_data["page"], query_data["page_size"])

    return app
