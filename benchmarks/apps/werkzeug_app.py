"""The benchmark API on werkzeug alone: a URL map, Request and Response, marshmallow by hand."""

from __future__ import annotations

import json
import typing as t

from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .catalog import ITEM_LIST, ITEMS, NEXT_ID, page_of
from .schemas import ItemSchema, NewItemSchema, PageQuerySchema

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from _typeshed.wsgi import StartResponse, WSGIEnvironment


def json_response(data: t.Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


class ItemsApp:
    """The WSGI app: match the URL, call the endpoint method, answer."""

    def __init__(self) -> None:
        self.url_map = Map(
            [
                Rule("/hello", endpoint="hello", methods=["GET"]),
                Rule("/items", endpoint="list_items", methods=["GET"]),
                Rule("/items", endpoint="create_item", methods=["POST"]),
                Rule("/items/<int:item_id>", endpoint="get_item", methods=["GET"]),
            ]
        )
        self.item_schema = ItemSchema()
        self.items_schema = ItemSchema(many=True)
        self.new_item_schema = NewItemSchema()
        self.page_query_schema = PageQuerySchema()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        adapter = self.url_map.bind_to_environ(environ)
        try:
            endpoint, values = adapter.match()
            response = getattr(self, endpoint)(request, **values)
        except HTTPException as exc:
            response = exc.get_response(environ)
        return response(environ, start_response)

    def hello(self, request: Request) -> Response:
        return json_response({"message": "hello"})

    def get_item(self, request: Request, item_id: int) -> Response:
        item = ITEMS.get(item_id)
        if item is None:
            raise NotFound()
        return json_response(self.item_schema.dump(item))

    def create_item(self, request: Request) -> Response:
        try:
            new_item = self.new_item_schema.load(request.get_json())
        except ValidationError as exc:
            return json_response({"errors": exc.messages}, 422)
        return json_response(self.new_item_schema.dump({"id": NEXT_ID, **new_item}), 201)

    def list_items(self, request: Request) -> Response:
        try:
            query = self.page_query_schema.load(request.args)
        except ValidationError as exc:
            return json_response({"errors": exc.messages}, 422)
        page = page_of(ITEM_LIST, query["page"], query["page_size"])
        return json_response(self.items_schema.dump(page))


def create_app() -> ItemsApp:
    """Build the app."""
    return ItemsApp()
