import json

import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, CursorPage, MethodView, Page
from restkit.rest.pagination import INT64_MAX
from restkit.spec import ResponseChecker, ResponseCheckError

PETS = [{"id": number, "name": f"pet{number}"} for number in range(1, 43)]
METADATA_HEADER = {
    "description": "The pagination metadata, as JSON.",
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/PaginationMetadata"}}
    },
}
PETS_ARRAY = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}


class Pet(Schema):
    id = fields.Int()
    name = fields.Str()


@pytest.fixture
def blp():
    return Blueprint("pets", __name__)


@pytest.fixture
def paginated(app, api, blp):
    """An API with a page-number list (a function), a cursor feed and an envelope (MethodViews)."""
    app.config["SECRET_KEY"] = "a key for the feed's cursors"

    @blp.route("/pets")
    @blp.response(200, Pet(many=True))
    @blp.paginate(page_size=20, max_page_size=50)
    def list_pets(pagination_parameters):
        return PETS

    @blp.route("/feed")
    class Feed(MethodView):
        @blp.response(200, Pet(many=True))
        @blp.paginate(CursorPage(key="id"), page_size=5, max_page_size=10)
        def get(self, pagination_parameters):
            return PETS

    @blp.route("/envelope")
    class Envelope(MethodView):
        @blp.response(200, Pet(many=True))
        @blp.paginate(Page, envelope=True)
        def get(self):
            return PETS

    api.register_blueprint(blp)
    return app.test_client()


def parameters_of(operation):
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def test_page_numbers_are_documented_with_their_bounds_and_headers(paginated, spec):
    operation = spec()["paths"]["/pets"]["get"]

    parameters = parameters_of(operation)
    assert parameters["page"]["in"] == "query"
    assert parameters["page"]["required"] is False
    assert parameters["page"]["schema"] == {
        "type": "integer",
        "default": 1,
        "minimum": 1,
        "maximum": INT64_MAX // 50 + 1,
    }
    assert parameters["page_size"]["schema"] == {
        "type": "integer",
        "default": 20,
        "minimum": 1,
        "maximum": 50,
    }
    success = operation["responses"]["200"]
    assert success["content"]["application/json"]["schema"] == PETS_ARRAY
    assert success["headers"]["X-Pagination"] == METADATA_HEADER
    assert success["headers"]["Link"]["schema"] == {"type": "string"}
    assert operation["responses"]["422"] == {"$ref": "#/components/responses/ValidationError"}
    assert "400" not in operation["responses"]


def test_the_metadata_schema_says_which_members_are_always_there(paginated, spec):
    schema = spec()["components"]["schemas"]["PaginationMetadata"]

    assert set(schema["properties"]) == {
        "total",
        "total_pages",
        "page",
        "page_size",
        "first_page",
        "last_page",
        "previous_page",
        "next_page",
    }
    assert sorted(schema["required"]) == ["page_size", "total", "total_pages"]


def test_a_feed_documents_its_cursor_its_400_and_its_metadata(paginated, spec):
    document = spec()
    operation = document["paths"]["/feed"]["get"]

    parameters = parameters_of(operation)
    assert parameters["cursor"]["schema"]["type"] == "string"
    assert parameters["cursor"]["schema"]["minLength"] == 1
    assert "page" not in parameters
    assert parameters["page_size"]["schema"]["maximum"] == 10
    assert operation["responses"]["400"]["description"].startswith("The cursor is not one")
    headers = operation["responses"]["200"]["headers"]
    assert headers["X-Pagination"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CursorPaginationMetadata"
    }
    metadata = document["components"]["schemas"]["CursorPaginationMetadata"]
    assert set(metadata["properties"]) == {"page_size", "next_cursor"}
    assert metadata["required"] == ["page_size"]


def test_an_envelope_is_documented_as_the_body_and_sends_no_headers(paginated, spec):
    success = spec()["paths"]["/envelope"]["get"]["responses"]["200"]

    assert "headers" not in success
    schema = success["content"]["application/json"]["schema"]
    assert schema["properties"] == {
        "items": PETS_ARRAY,
        "pagination": {"$ref": "#/components/schemas/PaginationMetadata"},
    }
    assert sorted(schema["required"]) == ["items", "pagination"]


def test_a_paginated_view_without_a_response_gets_the_headers_on_its_200(app, api, blp, spec):
    @blp.route("/numbers")
    @blp.paginate()
    def numbers(pagination_parameters):
        return list(range(30))

    api.register_blueprint(blp)

    success = spec()["paths"]["/numbers"]["get"]["responses"]["200"]
    assert set(success["headers"]) == {"X-Pagination", "Link"}


def test_a_success_response_given_by_component_name_is_left_as_named(app, api, blp, spec):
    api.spec.components.response("PetPage", {"description": "A page of pets."})

    @blp.route("/named")
    @blp.alt_response(200, "PetPage", success=True)
    @blp.paginate()
    def named(pagination_parameters):
        return PETS

    api.register_blueprint(blp)

    document = spec()
    assert document["paths"]["/named"]["get"]["responses"]["200"] == {
        "$ref": "#/components/responses/PetPage"
    }
    assert document["components"]["responses"]["PetPage"] == {"description": "A page of pets."}


@pytest.mark.parametrize(
    "url",
    ["/pets", "/pets?page=3", "/pets?page=99", "/feed", "/envelope", "/envelope?page=5"],
)
def test_paginated_responses_pass_the_response_checker(app, api, paginated, url):
    checker = ResponseChecker(api.spec, checks_unrouted=True)
    endpoint = {"/pets": "pets.list_pets", "/feed": "pets.Feed", "/envelope": "pets.Envelope"}

    # TESTING is on, so the Api checks each response too; check again, explicitly.
    response = paginated.get(url)

    assert response.status_code == 200
    checker.check(endpoint[url.split("?")[0]], "GET", response)


def test_the_checker_would_refuse_an_envelope_the_document_does_not_describe(app, api, paginated):
    checker = ResponseChecker(api.spec, checks_unrouted=True)
    envelope = paginated.get("/envelope")
    envelope.set_data(json.dumps({"items": PETS[:2]}))

    with pytest.raises(ResponseCheckError, match="'pagination' is a required property"):
        checker.check("pets.Envelope", "GET", envelope)


def test_the_feed_s_pages_pass_the_checker_all_the_way(paginated):
    url, seen = "/feed", []
    while url:
        response = paginated.get(url)  # checked by the Api, since TESTING is on
        seen.extend(pet["id"] for pet in response.json)
        next_cursor = json.loads(response.headers["X-Pagination"]).get("next_cursor")
        url = next_cursor and f"/feed?cursor={next_cursor}"

    assert seen == [pet["id"] for pet in PETS]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        pytest.param("/pets", "page", id="page"),
        pytest.param("/pets", "page_size", id="page-size"),
        pytest.param("/feed", "page_size", id="feed-page-size"),
    ],
)
def test_the_documented_bounds_are_the_enforced_ones(paginated, spec, path, name):
    schema = parameters_of(spec()["paths"][path]["get"])[name]["schema"]

    for value in (schema["minimum"], schema["maximum"]):
        assert paginated.get(f"{path}?{name}={value}").status_code == 200, value
    for value in (schema["minimum"] - 1, schema["maximum"] + 1):
        response = paginated.get(f"{path}?{name}={value}")
        assert response.status_code == 422, value
        assert name in response.json["errors"]["query"]


def test_a_resumable_feed_documents_a_cursor_on_every_page(app, api, blp, spec):
    app.config["SECRET_KEY"] = "a key for the feed's cursors"

    @blp.route("/changes")
    @blp.response(200, Pet(many=True))
    @blp.paginate(CursorPage(key="id", resumable=True), envelope=True)
    def changes(pagination_parameters):
        return PETS

    api.register_blueprint(blp)
    client = app.test_client()
    document = spec()

    metadata = document["components"]["schemas"]["ResumableCursorPaginationMetadata"]
    assert set(metadata["properties"]) == {"page_size", "next_cursor", "has_more"}
    assert sorted(metadata["required"]) == ["has_more", "next_cursor", "page_size"]
    checker = ResponseChecker(api.spec, checks_unrouted=True)
    url = "/changes"
    while url:
        response = client.get(url)
        checker.check("pets.changes", "GET", response)
        pagination = response.json["pagination"]
        url = pagination["has_more"] and f"/changes?cursor={pagination['next_cursor']}"
    assert response.json["items"][-1] == PETS[-1]
