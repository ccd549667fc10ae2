"""The benchmark API in plain Flask, loading and dumping with marshmallow by hand."""

from __future__ import annotations

import typing as t

from flask import Flask, abort, request
from marshmallow import ValidationError

from .catalog import ITEM_LIST, ITEMS, NEXT_ID, page_of
from .schemas import ItemSchema, NewItemSchema, PageQuerySchema

Reply = dict[str, t.Any] | list[t.Any] | tuple[dict[str, t.Any], int]


def create_app() -> Flask:
    """Build the app."""
    app = Flask(__name__)
    item_schema = ItemSchema()
    items_schema = ItemSchema(many=True)
    new_item_schema = NewItemSchema()
    page_query_schema = PageQuerySchema()

    @app.get("/hello")
    def hello() -> dict[str, str]:
        return {"message": "hello"}

    @app.get("/items/<int:item_id>")
    def get_item(item_id: int) -> Reply:
        item = ITEMS.get(item_id)
        if item is None:
            abort(404)
        return item_schema.dump(item)

    @app.post("/items")
    def create_item() -> Reply:
        try:
            new_item = new_item_schema.load(request.get_json())
        except ValidationError as exc:
            return {"errors": exc.messages}, 422
        return new_item_schema.dump({"id": NEXT_ID, **new_item}), 201

    @app.get("/items")
    def list_items() -> Reply:
        try:
            query = page_query_schema.load(request.args)
        except ValidationError as exc:
            return {"errors": exc.messages}, 422
        return items_schema.dump(page_of(ITEM_LIST, query["page"], query["page_size"]))

    return app
