"""The benchmark API in Flask + flask-smorest, with schema instances or schema classes."""

from __future__ import annotations

import typing as t

from flask import Flask
from flask.views import MethodView
from flask_smorest import Api, Blueprint, abort
from marshmallow import Schema

from .catalog import ITEM_LIST, ITEMS, NEXT_ID
from .schemas import ItemSchema, NewItemSchema

SchemaStyle = t.Callable[[type[Schema]], Schema | type[Schema]]


def create_app_with_instances() -> Flask:
    """Build the app passing schema instances to the decorators (the reference of every ratio)."""
    return create_app(lambda schema_class: schema_class())


def create_app_with_classes() -> Flask:
    """Build the app passing schema classes, as flask-smorest's documentation writes it."""
    return create_app(lambda schema_class: schema_class)


def create_app(schema: SchemaStyle) -> Flask:
    """Build the app; *schema* turns each schema class into what the decorators get."""
    app = Flask(__name__)
    app.config.update(API_TITLE="Benchmark", API_VERSION="1.0.0", OPENAPI_VERSION="3.1.0")
    api = Api(app)
    api.register_blueprint(items_blueprint(schema))
    return app


def items_blueprint(schema: SchemaStyle) -> Blueprint:
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
        def get(self, pagination_parameters: t.Any) -> list[dict[str, t.Any]]:
            pagination_parameters.item_count = len(ITEM_LIST)
            first, last = pagination_parameters.first_item, pagination_parameters.last_item
            return ITEM_LIST[first : last + 1]

        @blp.arguments(schema(NewItemSchema))
        @blp.response(201, schema(NewItemSchema))
        def post(self, new_item: dict[str, t.Any]) -> dict[str, t.Any]:
            return {"id": NEXT_ID, **new_item}

    @blp.route("/items/<int:item_id>")
    class ItemById(MethodView):
        @blp.response(200, schema(ItemSchema))
        def get(self, item_id: int) -> dict[str, t.Any]:
            item = ITEMS.get(item_id)
            if item is None:
                abort(404)
            return item

    return blp
