import dataclasses
import types

import pytest
from marshmallow import Schema, ValidationError, fields

from restkit.core.errors import RestkitError, SetupError
from restkit.rest.operation import ResponseDoc
from restkit.rest.pagination import (
    INT64_MAX,
    CursorPage,
    CursorPaginationMetadataSchema,
    CursorParameters,
    Page,
    Pagination,
    PaginationMetadataSchema,
    PaginationParameters,
    ResumableCursorPaginationMetadataSchema,
)
from restkit.rest.schemas import JSONSchema


class Pet(Schema):
    id = fields.Int()
    name = fields.Str()


# -- PaginationParameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "page_size", "first", "last"),
    [
        pytest.param(1, 10, 0, 9, id="first-page"),
        pytest.param(3, 10, 20, 29, id="third-page"),
        pytest.param(2, 1, 1, 1, id="pages-of-one"),
    ],
)
def test_pagination_parameters_give_the_page_s_first_and_last_item(page, page_size, first, last):
    parameters = PaginationParameters(page, page_size)

    assert (parameters.first_item, parameters.last_item) == (first, last)
    assert parameters.item_count is None


def test_pagination_parameters_take_an_item_count_and_show_the_page():
    parameters = PaginationParameters(2, 5)
    parameters.item_count = 12

    assert parameters.item_count == 12
    assert repr(parameters) == "PaginationParameters(page=2, page_size=5)"


# -- Page -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(1, [0, 1, 2, 3], id="first"),
        pytest.param(3, [8, 9], id="short-last"),
        pytest.param(4, [], id="past-the-end"),
        pytest.param(INT64_MAX // 4, [], id="far-past-the-end"),
    ],
)
def test_page_slices_a_list_and_counts_it(page, expected):
    parameters = PaginationParameters(page, 4)

    pager = Page(list(range(10)), parameters)

    assert pager.items == expected
    assert pager.item_count == parameters.item_count == 10


def test_page_takes_a_tuple_and_shows_what_it_pages():
    parameters = PaginationParameters(1, 2)

    pager = Page(("a", "b", "c"), parameters)

    assert pager.items == ["a", "b"]
    assert repr(pager) == (
        "Page(collection=('a', 'b', 'c'), page_params=PaginationParameters(page=1, page_size=2))"
    )


def test_a_page_subclass_pages_another_collection():
    class RangePage(Page):
        @property
        def items(self):
            first = self.page_params.first_item
            return list(self.collection[first : first + self.page_params.page_size])

        @property
        def item_count(self):
            return self.collection.stop

    parameters = PaginationParameters(2, 3)

    assert RangePage(range(7), parameters).items == [3, 4, 5]
    assert parameters.item_count == 7


# -- CursorPage -------------------------------------------------------------------------------

FEED = [{"id": number} for number in (2, 4, 6, 8, 10)]


@pytest.mark.parametrize(
    ("after", "size", "expected", "more"),
    [
        pytest.param(None, 2, [2, 4], True, id="first-page"),
        pytest.param(4, 2, [6, 8], True, id="after-an-item"),
        pytest.param(5, 2, [6, 8], True, id="after-a-gone-item"),
        pytest.param(6, 2, [8, 10], False, id="last-page-exactly"),
        pytest.param(8, 5, [10], False, id="short-last-page"),
        pytest.param(10, 2, [], False, id="after-the-last"),
        pytest.param(0, 10, [2, 4, 6, 8, 10], False, id="everything"),
    ],
)
@pytest.mark.parametrize("kind", ["list", "iterator"])
def test_cursor_page_selects_the_items_after_the_cursor(kind, after, size, expected, more):
    feed = FEED if kind == "list" else iter(FEED)

    items, has_more = CursorPage(key="id").select(feed, CursorParameters(after, size))

    assert [item["id"] for item in items] == expected
    assert has_more is more


def test_cursor_page_reads_keys_of_mappings_and_attributes():
    pager = CursorPage(key="slug")

    assert pager.key_of({"slug": "a"}) == "a"
    assert pager.key_of(types.SimpleNamespace(slug="b")) == "b"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        pytest.param({"name": "x"}, "has no 'id'", id="missing"),
        pytest.param({"id": 1.5}, "a cursor holds an int or a str", id="float"),
        pytest.param({"id": True}, "a cursor holds an int or a str", id="bool"),
        pytest.param({"id": None}, "a cursor holds an int or a str", id="none"),
    ],
)
def test_cursor_page_refuses_keys_a_cursor_cannot_hold(item, message):
    with pytest.raises(RestkitError, match=message):
        CursorPage(key="id").key_of(item)


def test_cursor_parameters_show_where_the_page_starts():
    assert repr(CursorParameters("k", 5)) == "CursorParameters(after='k', page_size=5)"


# -- Pagination -------------------------------------------------------------------------------


def test_pagination_defaults_to_flask_smorests_page_numbers():
    pagination = Pagination()

    assert (pagination.page, pagination.page_size, pagination.max_page_size) == (1, 10, 100)
    assert not pagination.is_cursor
    assert not pagination.envelope
    assert pagination.metadata_schema is PaginationMetadataSchema
    assert pagination.query_schema.load({}) == {"page": 1, "page_size": 10}


def test_the_largest_page_keeps_the_sql_offset_within_64_bits():
    pagination = Pagination(max_page_size=100)

    largest = PaginationParameters(pagination.max_page, pagination.max_page_size)
    beyond = PaginationParameters(pagination.max_page + 1, pagination.max_page_size)
    assert largest.first_item <= INT64_MAX < beyond.first_item
    assert pagination.query_schema.load({"page": str(pagination.max_page)})["page"] == (
        pagination.max_page
    )
    with pytest.raises(ValidationError):
        pagination.query_schema.load({"page": str(pagination.max_page + 1)})


def test_a_cursor_pagination_loads_a_cursor_and_a_page_size():
    pagination = Pagination(CursorPage(key="id"), page_size=20)

    assert pagination.is_cursor
    assert pagination.metadata_schema is CursorPaginationMetadataSchema
    assert pagination.query_schema.load({}) == {"page_size": 20}
    assert pagination.query_schema.load({"cursor": "abc"}) == {"cursor": "abc", "page_size": 20}
    with pytest.raises(ValidationError, match="cursor"):
        pagination.query_schema.load({"cursor": ""})


def test_a_resumable_feed_always_sends_a_cursor_and_whether_more_follow():
    pagination = Pagination(CursorPage(key="seq", resumable=True))
    metadata = pagination.metadata_schema()

    assert pagination.metadata_schema is ResumableCursorPaginationMetadataSchema
    assert sorted(name for name, field in metadata.fields.items() if field.required) == [
        "has_more",
        "next_cursor",
        "page_size",
    ]
    assert repr(pagination.pager) == "CursorPage(key='seq', resumable=True)"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param({"pager": list}, "pass a Page class", id="not-a-pager"),
        pytest.param({"pager": Page(["x"], PaginationParameters(1, 1))}, "Page class", id="page"),
        pytest.param({"page_size": 0}, "between 1 and max_page_size", id="page-size-zero"),
        pytest.param({"page_size": 50, "max_page_size": 20}, "max_page_size", id="over-max"),
        pytest.param({"page": 0}, "between 1 and", id="page-zero"),
        pytest.param({"page": 2**63}, "between 1 and", id="page-past-the-largest"),
        pytest.param({"pager": CursorPage(key="id"), "page": 2}, "no page numbers", id="feed"),
    ],
)
def test_pagination_refuses_options_that_cannot_work(options, message):
    with pytest.raises(SetupError, match=message):
        Pagination(**options)


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param(None, id="no-schema"),
        pytest.param(Pet(many=True), id="many"),
    ],
)
def test_a_paginated_response_may_be_a_list_of_a_schema_or_undocumented(schema):
    Pagination().check_response(ResponseDoc(200, schema), "pets")
    Pagination().check_response(None, "pets")


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param(Pet(), id="one-item"),
        pytest.param(JSONSchema({"type": "array"}), id="json-schema"),
    ],
)
def test_a_paginated_response_must_be_a_list_of_a_marshmallow_schema(schema):
    with pytest.raises(SetupError, match=r"pets is paginated.*many=True"):
        Pagination().check_response(ResponseDoc(200, schema), "pets")


def test_without_an_envelope_the_success_response_is_unchanged():
    success = ResponseDoc(200, Pet(many=True), success=True)

    assert Pagination().enveloped(success) is success


@pytest.mark.parametrize(
    ("pager", "metadata"),
    [
        pytest.param(None, {"total": 1, "total_pages": 1, "page_size": 10}, id="pages"),
        pytest.param(CursorPage(key="id"), {"page_size": 10}, id="cursor"),
    ],
)
def test_the_envelope_wraps_the_items_and_the_metadata(pager, metadata):
    success = ResponseDoc(200, Pet(many=True), description="Pets", success=True)

    enveloped = Pagination(pager, envelope=True).enveloped(success)

    assert dataclasses.replace(enveloped, schema=success.schema) == success
    dumped = enveloped.schema.dump(
        {"items": [{"id": 1, "name": "Rex", "secret": "x"}], "pagination": metadata}
    )
    assert dumped == {"items": [{"id": 1, "name": "Rex"}], "pagination": metadata}


def test_an_envelope_without_a_schema_holds_the_items_as_they_are():
    enveloped = Pagination(envelope=True).enveloped(ResponseDoc(200, None, success=True))

    metadata = {"total": 1, "total_pages": 1, "page_size": 10}
    dumped = enveloped.schema.dump({"items": [{"any": "thing"}], "pagination": metadata})
    assert dumped == {"items": [{"any": "thing"}], "pagination": metadata}
