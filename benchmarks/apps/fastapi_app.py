"""The benchmark API in FastAPI: pydantic models, async path operations."""

from __future__ import annotations

import typing as t
from datetime import datetime

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from .catalog import ITEM_LIST, ITEMS, NEXT_ID, page_of


class Item(BaseModel):
    """A stored item: the six fields S2 and S6 dump."""

    id: int
    name: str
    price: float
    tags: list[str]
    created_at: datetime
    in_stock: bool


class Dimensions(BaseModel):
    """The nested object of a new item."""

    # Unknown fields are errors, as with marshmallow's default in the other apps.
    model_config = ConfigDict(extra="forbid")

    width: float
    height: float


class NewItem(BaseModel):
    """The POST body: eight fields, one optional."""

    model_config = ConfigDict(extra="forbid")

    name: t.Annotated[str, Field(min_length=1, max_length=100)]
    quantity: t.Annotated[int, Field(ge=0, le=1000)]
    contact: EmailStr
    dimensions: Dimensions
    tags: list[str]
    available_from: datetime
    active: bool
    note: str | None = None


class CreatedItem(NewItem):
    """The created item: the body and its id."""

    id: int


def create_app() -> FastAPI:
    """Build the app."""
    app = FastAPI(title="Benchmark", version="1.0.0")

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"message": "hello"}

    @app.get("/items/{item_id}", response_model=Item)
    async def get_item(item_id: int) -> t.Any:
        item = ITEMS.get(item_id)
        if item is None:
            raise HTTPException(status_code=404)
        return item

    @app.post("/items", status_code=201, response_model=CreatedItem)
    async def create_item(new_item: NewItem) -> t.Any:
        return {"id": NEXT_ID, **new_item.model_dump()}

    @app.get("/items", response_model=list[Item])
    async def list_items(
        page: t.Annotated[int, Query(ge=1)] = 1,
        page_size: t.Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> t.Any:
        return page_of(ITEM_LIST, page, page_size)

    return app
