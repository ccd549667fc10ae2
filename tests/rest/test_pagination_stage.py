import json
import sqlite3
import types
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, CursorPage, MethodView, Page, Response
from restkit.core.errors import RestkitError, SetupError
from restkit.rest import STAGES
from restkit.rest.pagination import INT64_MAX, Pagination
from restkit.rest.pagination_stage import paginate
from restkit.rest.stages import load_arguments, respond

from .problems import INVALID, problem

PETS = [{"id": number, "name": f"pet{number}"} for number in range(1, 26)]
MAX_PAGE = Pagination().max_page


def between(low, high):
    """marshmallow's message for a number outside ``low..high``."""
    return f"Must be greater than or equal to {low} and less than or equal to {high}."


PAGE_RANGE = {"page": [between(1, MAX_PAGE)]}
SIZE_RANGE = {"page_size": [between(1, 100)]}


class Pet(Schema):
    id = fields.Int()
    name = fields.Str()


@pytest.fixture(params=["function", "MethodView"])
def route(request, blp):
    """Register a view, written as a function, as a function view or a ``MethodView`` method.

    The decorators are applied to what is registered, top one first, as written.
    """

    def register(view, *decorators, rule="/pets", name="pets"):
        if request.param == "MethodView":
            function = view

            def get(self, *args, **kwargs):
                return function(*args, **kwargs)

            view = get

        for decorator in reversed(decorators):
            view = decorator(view)
        if request.param == "function":
            blp.route(rule, endpoint=name)(view)
        else:
            blp.route(rule, endpoint=name)(type(name.title(), (MethodView,), {"get": view}))

    return register


def pages_of(response):
    """Return the X-Pagination metadata and the Link header's URLs by relation."""
    links = {}
    for link in filter(None, response.headers.get("Link", "").split(", ")):
        target, relation = link.split("; ")
        links[relation.removeprefix('rel="').removesuffix('"')] = target.strip("<>")
    return json.loads(response.headers["X-Pagination"]), links


def ids(response):
    return [item["id"] for item in response.json]


def test_pagination_runs_inside_respond_and_outside_the_loaders():
    assert STAGES.index(respond) < STAGES.index(paginate) < STAGES.index(load_arguments)


# -- page numbers -----------------------------------------------------------------------------


def test_a_list_is_paged_with_its_metadata_and_links(blp, route, serve):
    seen = []

    def list_pets(pagination_parameters):
        seen.append(pagination_parameters)
        return PETS

    route(list_pets, blp.response(200, Pet(many=True)), blp.paginate())
    client = serve()

    response = client.get("/pets?page=2")

    assert ids(response) == list(range(11, 21))
    metadata, links = pages_of(response)
    assert metadata == {
        "total": 25,
        "total_pages": 3,
        "page": 2,
        "page_size": 10,
        "first_page": 1,
        "last_page": 3,
        "previous_page": 1,
        "next_page": 3,
    }
    assert links == {
        "first": "/pets?page=1&page_size=10",
        "prev": "/pets?page=1&page_size=10",
        "next": "/pets?page=3&page_size=10",
        "last": "/pets?page=3&page_size=10",
    }
    assert (seen[0].page, seen[0].page_size, seen[0].first_item) == (2, 10, 10)


@pytest.mark.parametrize(
    ("query", "expected_ids", "metadata", "relations"),
    [
        pytest.param(
            "",
            list(range(1, 11)),
            {"page": 1, "first_page": 1, "last_page": 3, "next_page": 2},
            {"first", "next", "last"},
            id="first-by-default",
        ),
        pytest.param(
            "page=3",
            list(range(21, 26)),
            {"page": 3, "first_page": 1, "last_page": 3, "previous_page": 2},
            {"first", "prev", "last"},
            id="short-last-page",
        ),
        pytest.param(
            "page=9",
            [],
            {"first_page": 1, "last_page": 3},
            {"first", "last"},
            id="past-the-last-page",
        ),
        pytest.param(
            f"page={MAX_PAGE}",
            [],
            {"first_page": 1, "last_page": 3},
            {"first", "last"},
            id="largest-page",
        ),
    ],
)
def test_the_metadata_leaves_out_what_does_not_apply(
    blp, serve, query, expected_ids, metadata, relations
):
    blp.route("/pets")(blp.response(200, Pet(many=True))(blp.paginate()(lambda **kwargs: PETS)))
    client = serve()

    response = client.get(f"/pets?{query}")

    assert ids(response) == expected_ids
    found, links = pages_of(response)
    assert found == {"total": 25, "total_pages": 3, "page_size": 10, **metadata}
    assert set(links) == relations


def test_an_empty_collection_has_no_pages_and_no_links(blp, route, serve):
    route(lambda pagination_parameters: [], blp.response(200, Pet(many=True)), blp.paginate())
    client = serve()

    response = client.get("/pets?page=2")

    assert response.json == []
    assert json.loads(response.headers["X-Pagination"]) == {
        "total": 0,
        "total_pages": 0,
        "page_size": 10,
    }
    assert "Link" not in response.headers


def test_the_declared_defaults_apply(blp, route, serve):
    route(
        lambda pagination_parameters: PETS,
        blp.response(200, Pet(many=True)),
        blp.paginate(page=2, page_size=4, max_page_size=5),
    )
    client = serve()

    assert ids(client.get("/pets")) == [5, 6, 7, 8]
    assert ids(client.get("/pets?page_size=5")) == [6, 7, 8, 9, 10]
    assert client.get("/pets?page_size=6").status_code == 422


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        pytest.param("page=0", PAGE_RANGE, id="page-0"),
        pytest.param("page=-1", PAGE_RANGE, id="negative"),
        pytest.param(f"page={MAX_PAGE + 1}", PAGE_RANGE, id="offset-past-int64"),
        pytest.param(f"page={INT64_MAX + 1}", PAGE_RANGE, id="page-past-int64"),
        pytest.param(f"page={'9' * 5000}", {"page": ["Not a valid integer."]}, id="huge"),
        pytest.param("page=two", {"page": ["Not a valid integer."]}, id="text"),
        pytest.param("page=1.5", {"page": ["Not a valid integer."]}, id="fraction"),
        pytest.param("page_size=0", SIZE_RANGE, id="size-0"),
        pytest.param("page_size=101", SIZE_RANGE, id="size-past-max"),
        pytest.param("page=0&page_size=0", {**PAGE_RANGE, **SIZE_RANGE}, id="both"),
        pytest.param(
            "page=1&page=2",
            {"page": ["Repeated parameter: send one value, or declare a List field."]},
            id="repeated",
        ),
    ],
)
def test_pages_outside_the_bounds_are_a_422(blp, route, serve, query, errors):
    called = []
    route(lambda **kwargs: called.append(1), blp.response(200, Pet(many=True)), blp.paginate())
    client = serve()

    response = client.get(f"/pets?{query}")

    assert (response.status_code, response.json) == (422, problem(422, INVALID, {"query": errors}))
    assert not called


def test_the_view_may_select_the_page_itself_with_sql(blp, route, serve):
    database = sqlite3.connect(":memory:", check_same_thread=False)
    database.execute("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT)")
    database.executemany("INSERT INTO pets VALUES (:id, :name)", PETS)

    def list_pets(pagination_parameters):
        (count,) = database.execute("SELECT count(*) FROM pets").fetchone()
        pagination_parameters.item_count = count
        rows = database.execute(
            "SELECT id, name FROM pets ORDER BY id LIMIT ? OFFSET ?",
            (pagination_parameters.page_size, pagination_parameters.first_item),
        )
        return [{"id": row[0], "name": row[1]} for row in rows]

    route(list_pets, blp.response(200, Pet(many=True)), blp.paginate(max_page_size=100))
    client = serve()

    response = client.get("/pets?page=2&page_size=20")
    assert ids(response) == list(range(21, 26))
    assert pages_of(response)[0]["total"] == 25
    # The largest page's OFFSET still fits SQLite's 64-bit integer: an empty page, no error.
    largest = client.get(f"/pets?page={MAX_PAGE}&page_size=100")
    assert (largest.status_code, largest.json) == (200, [])


def test_a_page_class_pages_what_the_view_returns(blp, route, serve):
    route(lambda: PETS, blp.response(200, Pet(many=True)), blp.paginate(Page, page_size=5))
    client = serve()

    response = client.get("/pets?page=5")

    assert ids(response) == [21, 22, 23, 24, 25]
    assert pages_of(response)[0]["last_page"] == 5


def test_a_page_subclass_pages_a_sql_query(blp, route, serve):
    database = sqlite3.connect(":memory:", check_same_thread=False)
    database.execute("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT)")
    database.executemany("INSERT INTO pets VALUES (:id, :name)", PETS)
    database.row_factory = sqlite3.Row

    class Query:
        def __init__(self, where):
            self.where = where

    class QueryPage(Page):
        @property
        def item_count(self):
            sql = f"SELECT count(*) FROM pets WHERE {self.collection.where}"
            return database.execute(sql).fetchone()[0]

        @property
        def items(self):
            sql = f"SELECT * FROM pets WHERE {self.collection.where} ORDER BY id LIMIT ? OFFSET ?"
            params = self.page_params
            return database.execute(sql, (params.page_size, params.first_item)).fetchall()

    route(lambda: Query("id % 2 = 0"), blp.response(200, Pet(many=True)), blp.paginate(QueryPage))
    client = serve()

    response = client.get("/pets?page=2&page_size=4")

    assert ids(response) == [10, 12, 14, 16]
    assert pages_of(response)[0]["total"] == 12


def test_a_view_returning_neither_a_list_nor_a_count_is_a_programming_error(blp, route, serve):
    route(lambda pagination_parameters: iter(PETS), blp.paginate())
    client = serve()

    with pytest.raises(RestkitError, match=r"left pagination_parameters\.item_count unset"):
        client.get("/pets")


@pytest.mark.parametrize("count", [-1, "25", None, 2.5])
def test_a_wrong_item_count_is_a_programming_error(blp, route, serve, count):
    def list_pets(pagination_parameters):
        pagination_parameters.item_count = count
        return {"not": "a list"} if count is None else PETS[:10]

    route(list_pets, blp.paginate())
    client = serve()

    with pytest.raises(RestkitError, match="item_count"):
        client.get("/pets")


@pytest.mark.parametrize(
    ("returned", "status", "headers"),
    [
        pytest.param(lambda items: (items, 200, {"X-A": "1"}), 200, {"X-A": "1"}, id="all-three"),
        pytest.param(lambda items: (items, 206), 206, {}, id="status"),
        pytest.param(lambda items: (items, {"X-A": "1"}), 200, {"X-A": "1"}, id="headers"),
    ],
)
def test_a_list_returned_with_a_status_or_headers_is_paged(
    blp, route, serve, returned, status, headers
):
    route(
        lambda pagination_parameters: returned(PETS),
        blp.response(200, Pet(many=True)),
        blp.paginate(),
    )
    client = serve()

    response = client.get("/pets?page=3")

    assert (response.status_code, ids(response)) == (status, [21, 22, 23, 24, 25])
    assert {name: response.headers[name] for name in headers} == headers
    assert pages_of(response)[0]["page"] == 3


def test_a_response_object_goes_out_as_it_is(blp, route, serve):
    route(
        lambda pagination_parameters: Response("as is", mimetype="text/plain"),
        blp.response(200, Pet(many=True)),
        blp.paginate(),
    )
    client = serve()

    response = client.get("/pets")

    assert response.data == b"as is"
    assert "X-Pagination" not in response.headers


def test_a_body_sent_with_an_error_status_is_not_paged(blp, route, serve):
    route(
        lambda pagination_parameters: (PETS, 404),
        blp.response(200, Pet(many=True)),
        blp.paginate(),
    )
    client = serve()

    response = client.get("/pets")

    assert (response.status_code, response.json) == (404, PETS)
    assert "X-Pagination" not in response.headers


def test_links_keep_the_query_and_change_only_the_page(blp, route, serve):
    route(lambda pagination_parameters: PETS, blp.response(200, Pet(many=True)), blp.paginate())
    client = serve()

    response = client.get(
        "/pets?q=a+b%26c&page=2&tag=x&page_size=5&tag=y&empty=", headers={"Host": "evil.test"}
    )

    links = pages_of(response)[1]
    for relation, page in {"first": 1, "prev": 1, "next": 3, "last": 5}.items():
        target = urlsplit(links[relation])
        assert (target.scheme, target.netloc, target.path) == ("", "", "/pets")
        assert parse_qsl(target.query, keep_blank_values=True) == [
            ("q", "a b&c"),
            ("tag", "x"),
            ("tag", "y"),
            ("empty", ""),
            ("page", str(page)),
            ("page_size", "5"),
        ]


def test_links_quote_the_path_and_keep_the_mount_point(app, blp, serve):
    blp.route("/pets/<name>/kids")(
        blp.response(200, Pet(many=True))(blp.paginate()(lambda name, **kwargs: PETS))
    )
    client = serve()

    response = client.get("/pets/a%20b%3E%25/kids", environ_overrides={"SCRIPT_NAME": "/api v1"})

    assert pages_of(response)[1]["next"] == "/api%20v1/pets/a%20b%3E%25/kids?page=2&page_size=10"


def test_head_gets_the_headers_without_the_body(blp, route, serve):
    route(lambda pagination_parameters: PETS, blp.response(200, Pet(many=True)), blp.paginate())
    client = serve()

    response = client.head("/pets?page=3")

    assert response.data == b""
    assert pages_of(response)[0]["page"] == 3


def test_the_envelope_holds_the_items_and_the_metadata(blp, route, serve):
    route(
        lambda pagination_parameters: [{**pet, "secret": 1} for pet in PETS],
        blp.response(200, Pet(many=True)),
        blp.paginate(page_size=20, envelope=True),
    )
    client = serve()

    response = client.get("/pets?page=2")

    assert response.json == {
        "items": PETS[20:],
        "pagination": {
            "total": 25,
            "total_pages": 2,
            "page": 2,
            "page_size": 20,
            "first_page": 1,
            "last_page": 2,
            "previous_page": 1,
        },
    }
    assert "X-Pagination" not in response.headers
    assert "Link" not in response.headers


def test_a_view_without_a_response_schema_is_paged_too(blp, route, serve):
    route(lambda pagination_parameters: list(range(30)), blp.paginate(page_size=7))
    client = serve()

    response = client.get("/pets?page=5")

    assert response.json == [28, 29]
    assert pages_of(response)[0]["total_pages"] == 5


def test_paginate_works_with_arguments_of_the_view(blp, route, serve):
    class Query(Schema):
        name = fields.Str()

    def list_pets(query, pagination_parameters):
        return [pet for pet in PETS if query.get("name") in (None, pet["name"])]

    route(
        list_pets,
        blp.arguments(Query, location="query"),
        blp.response(200, Pet(many=True)),
        blp.paginate(),
    )
    client = serve()

    response = client.get("/pets?name=pet7")
    assert ids(response) == [7]
    assert pages_of(response)[1] == {
        "first": "/pets?name=pet7&page=1&page_size=10",
        "last": "/pets?name=pet7&page=1&page_size=10",
    }


def test_a_response_that_is_not_a_list_is_refused_when_the_app_starts(blp, route, serve):
    route(lambda pagination_parameters: PETS, blp.response(200, Pet), blp.paginate())
    client = serve()

    with pytest.raises(SetupError, match=r"pets \(GET\) is paginated.*many=True"):
        client.get("/pets")


@pytest.fixture(scope="module")
def numbers_client():
    """Return a client of an app listing ``range(total)``, ``total`` given in the query."""
    app = App("hypothesis_pages")
    app.config.update(TESTING=True, API_TITLE="T", API_VERSION="1")
    api = Api(app)
    blp = Blueprint("numbers", __name__)

    class Total(Schema):
        total = fields.Int(required=True)

    @blp.route("/numbers")
    @blp.arguments(Total, location="query")
    @blp.paginate(max_page_size=50)
    def numbers(query, pagination_parameters):
        return list(range(query["total"]))

    api.register_blueprint(blp)
    return app.test_client()


def reference_pages(total, page, size):
    """The page, its metadata and links, computed the plain way."""
    pages = 0
    while pages * size < total:
        pages += 1
    items = [number for number in range(total) if (page - 1) * size <= number < page * size]
    metadata = {"total": total, "total_pages": pages, "page_size": size}
    relations = {}
    if pages:
        metadata["first_page"], metadata["last_page"] = 1, pages
        relations["first"], relations["last"] = 1, pages
        if page <= pages:
            metadata["page"] = page
            if page > 1:
                metadata["previous_page"] = relations["prev"] = page - 1
            if page < pages:
                metadata["next_page"] = relations["next"] = page + 1
    links = {
        relation: f"/numbers?total={total}&page={number}&page_size={size}"
        for relation, number in relations.items()
    }
    return items, metadata, links


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    total=st.integers(min_value=0, max_value=400),
    page=st.integers(min_value=1, max_value=60),
    size=st.integers(min_value=1, max_value=50),
)
def test_pages_and_headers_agree_with_a_plain_computation(numbers_client, total, page, size):
    response = numbers_client.get(f"/numbers?total={total}&page={page}&page_size={size}")

    items, metadata, links = reference_pages(total, page, size)
    assert response.json == items
    assert pages_of(response) == (metadata, links)


# -- cursors ----------------------------------------------------------------------------------


@pytest.fixture
def secret(app):
    app.config["SECRET_KEY"] = "a secret key only the tests know"


def follow_feed(client, url):
    """Follow the feed's next links from *url*; return each page's ids and metadata."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json
        metadata, links = pages_of(response)
        pages.append((ids(response), metadata))
        url = links.get("next")
        assert ("next_cursor" in metadata) is (url is not None)
    return pages


@pytest.mark.usefixtures("secret")
def test_a_feed_is_walked_by_its_next_links(blp, route, serve):
    seen = []

    def feed(pagination_parameters):
        seen.append((pagination_parameters.after, pagination_parameters.page_size))
        return PETS

    route(feed, blp.response(200, Pet(many=True)), blp.paginate(CursorPage(key="id")))
    client = serve()

    pages = follow_feed(client, "/pets")

    assert [page_ids for page_ids, _ in pages] == [
        list(range(1, 11)),
        list(range(11, 21)),
        list(range(21, 26)),
    ]
    assert seen == [(None, 10), (10, 10), (20, 10)]
    assert pages[-1][1] == {"page_size": 10}
    assert set(pages[0][1]) == {"page_size", "next_cursor"}


@pytest.mark.usefixtures("secret")
def test_the_next_link_keeps_the_query_and_the_page_size(blp, route, serve):
    route(
        lambda pagination_parameters: PETS,
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="id")),
    )
    client = serve()

    response = client.get("/pets?page_size=4&q=x", headers={"Host": "evil.test"})

    metadata, links = pages_of(response)
    assert set(links) == {"next"}
    assert links["next"] == f"/pets?q=x&cursor={metadata['next_cursor']}&page_size=4"
    assert ids(client.get(links["next"])) == [5, 6, 7, 8]


@pytest.mark.usefixtures("secret")
def test_a_view_may_fetch_one_more_than_the_page_with_sql(blp, route, serve):
    database = sqlite3.connect(":memory:", check_same_thread=False)
    database.execute("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT)")
    database.executemany("INSERT INTO pets VALUES (:id, :name)", PETS)
    database.row_factory = sqlite3.Row
    fetched = []

    def feed(pagination_parameters):
        rows = database.execute(
            "SELECT id, name FROM pets WHERE id > ? ORDER BY id LIMIT ?",
            (pagination_parameters.after or 0, pagination_parameters.page_size + 1),
        ).fetchall()
        fetched.append(len(rows))
        return rows

    route(feed, blp.response(200, Pet(many=True)), blp.paginate(CursorPage(key="id"), page_size=8))
    client = serve()

    pages = follow_feed(client, "/pets")

    assert [page_ids for page_ids, _ in pages] == [
        list(range(1, 9)),
        list(range(9, 17)),
        list(range(17, 25)),
        [25],
    ]
    assert fetched == [9, 9, 9, 1]


@pytest.mark.usefixtures("secret")
@pytest.mark.parametrize(
    "make_feed",
    [
        pytest.param(lambda items: (item for item in items), id="generator"),
        pytest.param(lambda items: [types.SimpleNamespace(**item) for item in items], id="objects"),
    ],
)
def test_a_feed_may_be_any_iterable_of_mappings_or_objects(blp, route, serve, make_feed):
    route(
        lambda pagination_parameters: make_feed(PETS),
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="id"), page_size=12),
    )
    client = serve()

    assert [len(page_ids) for page_ids, _ in follow_feed(client, "/pets")] == [12, 12, 1]


@pytest.mark.usefixtures("secret")
def test_a_feed_sorted_by_a_string_key(blp, route, serve):
    names = sorted(PETS, key=lambda pet: pet["name"])
    route(
        lambda pagination_parameters: names,
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="name"), page_size=10),
    )
    client = serve()

    pages = follow_feed(client, "/pets")

    assert [pet_id for page_ids, _ in pages for pet_id in page_ids] == [pet["id"] for pet in names]


@pytest.mark.usefixtures("secret")
@pytest.mark.parametrize(
    ("query", "errors"),
    [
        pytest.param("page_size=0", SIZE_RANGE, id="size-0"),
        pytest.param("page_size=101", SIZE_RANGE, id="size-past-max"),
        pytest.param("cursor=", {"cursor": ["Shorter than minimum length 1."]}, id="empty"),
        pytest.param(
            "cursor=a&cursor=b",
            {"cursor": ["Repeated parameter: send one value, or declare a List field."]},
            id="repeated",
        ),
    ],
)
def test_feed_parameters_outside_their_bounds_are_a_422(blp, route, serve, query, errors):
    route(
        lambda pagination_parameters: PETS,
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="id")),
    )
    client = serve()

    response = client.get(f"/pets?{query}")

    assert (response.status_code, response.json) == (422, problem(422, INVALID, {"query": errors}))


@pytest.mark.usefixtures("secret")
def test_the_feed_envelope_holds_the_items_and_the_next_cursor(blp, route, serve):
    route(
        lambda pagination_parameters: PETS,
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="id"), page_size=20, envelope=True),
    )
    client = serve()

    first = client.get("/pets").json
    cursor = first["pagination"]["next_cursor"]
    second = client.get(f"/pets?cursor={cursor}")

    assert first["items"] == PETS[:20]
    assert second.json == {"items": PETS[20:], "pagination": {"page_size": 20}}
    assert "X-Pagination" not in second.headers


@pytest.mark.usefixtures("secret")
def test_a_feed_view_s_response_object_goes_out_as_it_is(blp, route, serve):
    route(
        lambda pagination_parameters: Response("as is", mimetype="text/plain"),
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="id")),
    )
    client = serve()

    response = client.get("/pets")

    assert response.data == b"as is"
    assert "X-Pagination" not in response.headers


@pytest.mark.usefixtures("secret")
def test_an_item_without_a_usable_key_is_a_programming_error(blp, route, serve):
    route(
        lambda pagination_parameters: [{"id": 1.5}, {"id": 2.5}],
        blp.paginate(CursorPage(key="id"), page_size=1),
    )
    client = serve()

    with pytest.raises(RestkitError, match="a cursor holds an int or a str"):
        client.get("/pets")


@pytest.mark.usefixtures("secret")
def test_a_resumable_feed_gives_a_cursor_on_its_last_page_to_resume_from(blp, route, serve):
    feed = list(PETS[:12])
    route(
        lambda pagination_parameters: feed,
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="id", resumable=True), page_size=10),
    )
    client = serve()

    first = client.get("/pets")
    first_metadata, first_links = pages_of(first)
    last = client.get(first_links["next"])
    last_metadata, last_links = pages_of(last)
    feed.extend(PETS[12:15])  # the feed grows after the client reached its end
    resumed = client.get(f"/pets?cursor={last_metadata['next_cursor']}")

    assert first_metadata["has_more"] is True
    assert (ids(last), last_metadata["has_more"], last_links) == ([11, 12], False, {})
    assert ids(resumed) == [13, 14, 15]
    assert pages_of(resumed)[0]["has_more"] is False


@pytest.mark.usefixtures("secret")
def test_an_empty_page_of_a_resumable_feed_gives_back_where_it_started(blp, route, serve):
    feed = []
    route(
        lambda pagination_parameters: feed,
        blp.response(200, Pet(many=True)),
        blp.paginate(CursorPage(key="id", resumable=True), envelope=True),
    )
    client = serve()

    start = client.get("/pets").json
    feed.extend(PETS[:2])
    from_start = client.get(f"/pets?cursor={start['pagination']['next_cursor']}").json
    cursor = from_start["pagination"]["next_cursor"]
    nothing_new = client.get(f"/pets?cursor={cursor}").json

    assert start["items"] == []
    assert start["pagination"]["has_more"] is False
    assert [pet["id"] for pet in from_start["items"]] == [1, 2]
    assert nothing_new["items"] == []
    feed.append(PETS[2])
    again = client.get(f"/pets?cursor={nothing_new['pagination']['next_cursor']}").json
    assert [pet["id"] for pet in again["items"]] == [3]
