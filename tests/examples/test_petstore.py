"""The petstore example, end to end through the test client."""

import os
import sqlite3

import pytest

from examples.petstore import create_app
from restkit import current_app

PROBLEM = "application/problem+json"
INVALID = "The request did not pass validation."


def problem(status, title, detail, errors=None):
    document = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors is not None:
        document["errors"] = errors
    return document


@pytest.fixture
def database(tmp_path):
    return str(tmp_path / "pets.sqlite3")


@pytest.fixture
def app(database):
    return create_app({"TESTING": True, "PETSTORE_DATABASE": database})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def stocked(client):
    """A client for a store holding Rex the dog, Tom the cat and Max the dog."""
    for pet in (
        {"name": "Rex", "tag": "dog"},
        {"name": "Tom", "tag": "cat"},
        {"name": "Max", "tag": "dog"},
    ):
        assert client.post("/pets", json=pet).status_code == 201
    return client


# -- the happy path ---------------------------------------------------------------------------


def test_a_new_store_is_empty(client):
    response = client.get("/pets")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == []


def test_create_a_pet(client):
    response = client.post("/pets", json={"name": "Rex", "tag": "dog"})

    assert response.status_code == 201
    assert response.json == {"id": 1, "name": "Rex", "tag": "dog"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_list_pets(stocked):
    assert stocked.get("/pets").json == [
        {"id": 1, "name": "Rex", "tag": "dog"},
        {"id": 2, "name": "Tom", "tag": "cat"},
        {"id": 3, "name": "Max", "tag": "dog"},
    ]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("tag=dog", ["Rex", "Max"]),
        ("tag=cat", ["Tom"]),
        ("tag=bird", []),
        ("limit=2", ["Rex", "Tom"]),
        ("tag=dog&limit=1", ["Rex"]),
        ("tag=dog&utm_source=newsletter", ["Rex", "Max"]),
    ],
    ids=["dogs", "cats", "none", "limit", "dogs-limit", "unknown-parameter"],
)
def test_filter_the_list(stocked, query, names):
    assert [pet["name"] for pet in stocked.get(f"/pets?{query}").json] == names


def test_get_a_pet(stocked):
    assert stocked.get("/pets/2").json == {"id": 2, "name": "Tom", "tag": "cat"}


def etag_of(client, pet_id):
    """The ETag a GET of the pet sends, for the If-Match of a PUT or DELETE."""
    return {"If-Match": client.get(f"/pets/{pet_id}").headers["ETag"]}


def test_replace_a_pet(stocked):
    response = stocked.put("/pets/2", json={"name": "Felix"}, headers=etag_of(stocked, 2))

    assert response.status_code == 200
    assert response.json == {"id": 2, "name": "Felix"}
    assert stocked.get("/pets/2").json == {"id": 2, "name": "Felix"}


def test_delete_a_pet(stocked):
    response = stocked.delete("/pets/2", headers=etag_of(stocked, 2))

    assert response.status_code == 204
    assert response.data == b""
    assert [pet["id"] for pet in stocked.get("/pets").json] == [1, 3]
    assert stocked.get("/pets/2").status_code == 404


def test_ids_are_not_reused(stocked):
    stocked.delete("/pets/3", headers=etag_of(stocked, 3))

    assert stocked.post("/pets", json={"name": "Bo"}).json["id"] == 4


def test_each_database_has_its_own_store(stocked, tmp_path):
    other = create_app({"TESTING": True, "PETSTORE_DATABASE": str(tmp_path / "other.sqlite3")})

    assert other.test_client().get("/pets").json == []
    assert len(stocked.get("/pets").json) == 3


def test_apps_on_one_database_share_the_pets_as_workers_do(stocked, database):
    worker = create_app({"TESTING": True, "PETSTORE_DATABASE": database}).test_client()

    assert worker.delete("/pets/2", headers=etag_of(stocked, 2)).status_code == 204
    assert stocked.get("/pets/2").status_code == 404
    assert worker.post("/pets", json={"name": "Bo"}).json["id"] == 4
    assert [pet["id"] for pet in stocked.get("/pets").json] == [1, 3, 4]


# -- the database -----------------------------------------------------------------------------


def test_the_database_defaults_to_the_instance_folder():
    app = create_app()

    assert app.config["PETSTORE_DATABASE"] == os.path.join(app.instance_path, "petstore.sqlite3")


def test_the_database_is_created_on_first_use_in_wal_mode(app, client, database):
    assert not os.path.exists(database)

    assert client.get("/pets").json == []

    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert connection.execute("SELECT count(*) FROM pets").fetchone() == (0,)


def test_a_database_in_a_missing_folder_is_created(tmp_path):
    database = tmp_path / "var" / "pets.sqlite3"
    client = create_app({"TESTING": True, "PETSTORE_DATABASE": str(database)}).test_client()

    assert client.post("/pets", json={"name": "Rex"}).status_code == 201
    assert database.is_file()


def test_each_request_opens_one_connection_and_closes_it(app, client):
    opened = []

    @app.after_request
    def keep(response):
        store = current_app.extensions["petstore"]
        opened.append(store.connection())
        assert store.connection() is opened[-1]
        return response

    client.post("/pets", json={"name": "Rex"})
    client.get("/pets/1")

    assert len(opened) == 2
    assert opened[0] is not opened[1]
    for connection in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            connection.execute("SELECT 1")


def test_head_and_options(stocked):
    head = stocked.head("/pets/1")
    options = stocked.options("/pets/1")

    assert (head.status_code, head.data) == (200, b"")
    assert set(options.headers["Allow"].split(", ")) == {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}


def test_the_list_url_also_answers_with_a_trailing_slash(client):
    response = client.post("/pets", json={"name": "Rex"})

    assert response.status_code == 201
    assert client.get("/pets").json == client.get("/pets").json == [{"id": 1, "name": "Rex"}]


# -- ETags and conditional requests -----------------------------------------------------------


def test_a_pet_comes_with_an_etag_and_an_unchanged_one_is_a_304(stocked):
    etag = stocked.get("/pets/2").headers["ETag"]

    response = stocked.get("/pets/2", headers={"If-None-Match": etag})

    assert (response.status_code, response.data, response.headers["ETag"]) == (304, b"", etag)


@pytest.mark.parametrize(("method", "body"), [("put", {"name": "Felix"}), ("delete", None)])
def test_a_change_needs_the_current_etag(stocked, method, body):
    stale = etag_of(stocked, 2)
    stocked.put("/pets/2", json={"name": "Tom", "tag": "tabby"}, headers=stale)

    missing = getattr(stocked, method)("/pets/2", json=body)
    refused = getattr(stocked, method)("/pets/2", json=body, headers=stale)

    assert (missing.status_code, missing.mimetype) == (428, PROBLEM)
    assert (refused.status_code, refused.mimetype) == (412, PROBLEM)
    assert stocked.get("/pets/2").json == {"id": 2, "name": "Tom", "tag": "tabby"}


# -- the 404 path -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "body"), [("get", None), ("put", {"name": "Rex"}), ("delete", None)]
)
def test_a_missing_pet_is_a_404_problem(stocked, method, body):
    response = getattr(stocked, method)("/pets/99", json=body, headers={"If-Match": "*"})

    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert response.json == problem(404, "Not Found", "There is no pet with id 99.")


def test_an_id_past_int64_is_a_404(client):
    response = client.get(f"/pets/{2**63}")

    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_an_unknown_method_is_a_405_with_allow(stocked):
    response = stocked.patch("/pets/1", json={"name": "Rex"})

    assert response.status_code == 405
    assert response.mimetype == PROBLEM
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}


# -- validation errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        pytest.param({}, {"name": ["Missing data for required field."]}, id="missing-name"),
        pytest.param(
            {"name": ""}, {"name": ["Length must be between 1 and 100."]}, id="empty-name"
        ),
        pytest.param(
            {"name": "Rex", "tag": "x" * 51},
            {"tag": ["Longer than maximum length 50."]},
            id="long-tag",
        ),
        pytest.param({"name": 5}, {"name": ["Not a valid string."]}, id="name-not-text"),
        pytest.param(
            {"name": "Rex", "id": 7, "owner": "me"},
            {"id": ["Unknown field."], "owner": ["Unknown field."]},
            id="unknown-fields",
        ),
        pytest.param(
            {"name": "Rex\u0000"}, {"name": ["Text may not contain NUL characters."]}, id="nul"
        ),
    ],
)
def test_an_invalid_pet_is_a_422_problem(client, body, errors):
    response = client.post("/pets", json=body)

    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.json == problem(422, "Unprocessable Entity", INVALID, {"json": errors})
    assert client.get("/pets").json == []


def test_replace_is_validated_too(stocked):
    response = stocked.put("/pets/1", json={"tag": "dog"}, headers=etag_of(stocked, 1))

    assert response.json == problem(
        422,
        "Unprocessable Entity",
        INVALID,
        {"json": {"name": ["Missing data for required field."]}},
    )
    assert stocked.get("/pets/1").json["name"] == "Rex"


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        (
            "limit=0",
            {"limit": ["Must be greater than or equal to 1 and less than or equal to 100."]},
        ),
        ("limit=many", {"limit": ["Not a valid integer."]}),
        (
            "tag=dog&tag=cat",
            {"tag": ["Repeated parameter: send one value, or declare a List field."]},
        ),
    ],
    ids=["limit-zero", "limit-text", "repeated-tag"],
)
def test_an_invalid_query_is_a_422_problem(stocked, query, errors):
    response = stocked.get(f"/pets?{query}")

    assert response.json == problem(422, "Unprocessable Entity", INVALID, {"query": errors})


@pytest.mark.parametrize(
    ("data", "content_type", "status", "title", "detail"),
    [
        (
            '{"name": "Rex"',
            "application/json",
            400,
            "Bad Request",
            "The request body is not valid JSON: Expecting ',' delimiter at line 1, column 15.",
        ),
        (
            '{"name": "Rex", "name": "Max"}',
            "application/json",
            400,
            "Bad Request",
            "The request body is not valid JSON: Duplicate key 'name' in JSON object.",
        ),
        (
            '{"name": "Rex"}',
            "text/plain",
            415,
            "Unsupported Media Type",
            "The request body must be JSON, sent with 'Content-Type: application/json'.",
        ),
    ],
    ids=["malformed", "duplicate-key", "not-json"],
)
def test_a_body_that_is_not_acceptable_json_is_refused(
    client, data, content_type, status, title, detail
):
    response = client.post("/pets", data=data, content_type=content_type)

    assert response.status_code == status
    assert response.json == problem(status, title, detail)


def test_a_body_over_the_limit_is_a_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 64

    response = client.post("/pets", json={"name": "R" * 100})

    assert response.status_code == 413
    assert response.mimetype == PROBLEM
