"""The benchmark API in restkit: MethodView resources on a REST blueprint."""

from __future__ import annotations

import typing as t

from restkit import Api, App, Blueprint, MethodView, abort
from restkit.rest import PaginationParameters

from .catalog import ITEM_LIST, ITEMS, NEXT_ID
from .schemas import ItemSchema, NewItemSchema


def create_app() -> App:
    """Build the app."""
    app = App(__name__)
    app.config.update(API_TITLE="Benchmark", API_VERSION="1.0.0")
    api = Api(app)
    api.register_blueprint(items_blueprint())
    return app


def items_blueprint() -> Blueprint:
    """Return the blueprint of the benchmark's resources."""
    blp = Blueprint("items", __name__, description="Items")

    @blp.route("/hello")
    class Hello(MethodView):
        def get(self) -> dict[str, str]:
            return {"message": "hello"}

    @blp.route("/items")
    class Items(MethodView):
        @blp.response(200, ItemSchema(many=True))
        @blp.paginate()
        def get(self, pagination_parameters: PaginationParameters) -> list[dict[str, t.Any]]:
            return ITEM_LIST  # restkit slices the page and counts the items

        @blp.arguments(NewItemSchema)
        @blp.response(201, NewItemSchema)
        def post(self, new_item: dict[str, t.Any]) -> dict[str, t.Any]:
            return {"id": NEXT_ID, **new_item}

    @blp.route("/items/<int:item_id>")
    class ItemById(MethodView):
        @blp.response(200, ItemSchema)
        def get(self, item_id: int) -> dict[str, t.Any]:
            item = ITEMS.get(item_id)
            if item is None:
                abort(404)
            return item

    return blp
