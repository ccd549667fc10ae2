"""The marshmallow schemas every marshmallow-based benchmark app shares."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class ItemSchema(Schema):
    """A stored item: the six fields S2 and S6 dump."""

    id = fields.Int()
    name = fields.Str()
    price = fields.Float()
    tags = fields.List(fields.Str())
    created_at = fields.DateTime()
    in_stock = fields.Bool()


class DimensionsSchema(Schema):
    """The nested object of a new item."""

    width = fields.Float(required=True)
    height = fields.Float(required=True)


class NewItemSchema(Schema):
    """The POST body (eight fields, one optional) and, with its id, the created item."""

    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    quantity = fields.Int(required=True, validate=validate.Range(min=0, max=1000))
    contact = fields.Email(required=True)
    dimensions = fields.Nested(DimensionsSchema, required=True)
    tags = fields.List(fields.Str(), required=True)
    available_from = fields.DateTime(required=True)
    active = fields.Bool(required=True)
    note = fields.Str()


class PageQuerySchema(Schema):
    """Page-number query arguments, for apps whose framework does not paginate."""

    page = fields.Int(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Int(load_default=10, validate=validate.Range(min=1, max=100))
