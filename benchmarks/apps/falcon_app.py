"""The benchmark API in Falcon, loading and dumping with marshmallow by hand."""

from __future__ import annotations

import falcon
from marshmallow import ValidationError

from .catalog import ITEM_LIST, ITEMS, NEXT_ID, page_of
from .schemas import ItemSchema, NewItemSchema, PageQuerySchema


class HelloResource:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"message": "hello"}


class ItemsResource:
    def __init__(self) -> None:
        self.items_schema = ItemSchema(many=True)
        self.new_item_schema = NewItemSchema()
        self.page_query_schema = PageQuerySchema()

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        try:
            query = self.page_query_schema.load(req.params)
        except ValidationError as exc:
            unprocessable(resp, exc)
            return
        resp.media = self.items_schema.dump(page_of(ITEM_LIST, query["page"], query["page_size"]))

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        try:
            new_item = self.new_item_schema.load(req.get_media())
        except ValidationError as exc:
            unprocessable(resp, exc)
            return
        resp.status = falcon.HTTP_201
        resp.media = self.new_item_schema.dump({"id": NEXT_ID, **new_item})


class ItemResource:
    def __init__(self) -> None:
        self.item_schema = ItemSchema()

    def on_get(self, req: falcon.Request, resp: falcon.Response, item_id: int) -> None:
        item = ITEMS.get(item_id)
        if item is None:
            raise falcon.HTTPNotFound()
        resp.media = self.item_schema.dump(item)


def unprocessable(resp: falcon.Response, exc: ValidationError) -> None:
    """Answer 422 with marshmallow's field errors."""
    resp.status = falcon.HTTP_422
    resp.media = {"title": "Unprocessable Entity", "errors": exc.messages}


def create_app() -> falcon.App[falcon.Request, falcon.Response]:
    """Build the app."""
    app = falcon.App()
    app.add_route("/hello", HelloResource())
    app.add_route("/items", ItemsResource())
    app.add_route("/items/{item_id:int}", ItemResource())
    return app
