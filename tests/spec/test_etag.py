"""The OpenAPI part of ``@etag``: what the document says, and that responses match it."""

from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, MethodView, abort
from restkit.spec import ResponseCheckError
from restkit.spec.etag import ETAG_HEADER, IF_MATCH, IF_NONE_MATCH

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


class Pet(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)


def register_pets(api, *, etag: bool = True) -> dict[int, dict[str, object]]:
    """Register a pet collection and a pet resource, with ``@etag`` on both or neither."""
    blp = Blueprint("pets", __name__, url_prefix="/pets")
    store: dict[int, dict[str, object]] = {1: {"id": 1, "name": "Rex"}}
    tagged = blp.etag if etag else (lambda resource: resource)

    def find(pet_id):
        if pet_id not in store:
            abort(404, "No such pet.")
        return store[pet_id]

    @blp.route("")
    @tagged
    class Pets(MethodView):
        @blp.arguments(Pet)
        @blp.response(201, Pet)
        def post(self, data):
            store[2] = {"id": 2, **data}
            return store[2]

    @blp.route("/<int:pet_id>")
    @tagged
    class PetById(MethodView):
        @blp.response(200, Pet)
        @blp.alt_response(404, description="No such pet")
        def get(self, pet_id):
            return find(pet_id)

        @blp.arguments(Pet)
        @blp.response(200, Pet)
        def put(self, data, pet_id):
            if etag:
                blp.check_etag(find(pet_id), Pet)
            store[pet_id] = {"id": pet_id, **data}
            return store[pet_id]

        @blp.response(204)
        def delete(self, pet_id):
            if etag:
                blp.check_etag(find(pet_id), Pet)
            del store[pet_id]

    api.register_blueprint(blp)
    return store


def test_a_get_documents_if_none_match_the_etag_header_and_304(api, spec):
    register_pets(api)

    get = spec()["paths"]["/pets/{pet_id}"]["get"]

    assert get["parameters"] == [IF_NONE_MATCH]
    assert get["responses"]["200"]["headers"] == {"ETag": ETAG_HEADER}
    assert get["responses"]["304"] == {
        "description": "Not Modified: If-None-Match names the current ETag; no body.",
        "headers": {"ETag": ETAG_HEADER},
    }
    assert "headers" not in get["responses"]["404"]
    assert not {"412", "428"} & get["responses"].keys()


def test_writes_document_a_required_if_match_412_and_428_as_problems(api, spec):
    register_pets(api)

    item = spec()["paths"]["/pets/{pet_id}"]

    for method in ("put", "delete"):
        responses = item[method]["responses"]
        assert item[method]["parameters"] == [IF_MATCH], method
        assert IF_MATCH["required"] is True
        assert responses["412"]["content"] == responses["428"]["content"] == PROBLEM, method
        assert "304" not in responses, method
    assert item["put"]["responses"]["200"]["headers"] == {"ETag": ETAG_HEADER}
    assert "headers" not in item["delete"]["responses"]["204"]


def test_a_post_documents_only_the_etag_header(api, spec):
    register_pets(api)

    post = spec()["paths"]["/pets"]["post"]

    assert post["responses"]["201"]["headers"] == {"ETag": ETAG_HEADER}
    assert "parameters" not in post
    assert not {"304", "412", "428"} & post["responses"].keys()


def test_without_etag_nothing_is_documented(api, spec):
    register_pets(api, etag=False)

    paths = spec()["paths"]

    for operation in (*paths["/pets/{pet_id}"].values(), paths["/pets"]["post"]):
        if not isinstance(operation, dict) or "responses" not in operation:
            continue
        assert "parameters" not in operation
        assert not {"304", "412", "428"} & operation["responses"].keys()
        assert all("headers" not in response for response in operation["responses"].values())


def test_a_204_of_a_write_documents_the_etag_set_etag_may_give(api, spec):
    blp = Blueprint("things", __name__)

    @blp.patch("/things/<int:thing_id>")
    @blp.etag
    @blp.response(204)
    def change_thing(thing_id):
        pass

    api.register_blueprint(blp)

    responses = spec()["paths"]["/things/{thing_id}"]["patch"]["responses"]

    assert responses["204"]["headers"] == {"ETag": ETAG_HEADER}
    assert "required" not in ETAG_HEADER


def test_a_view_documenting_a_412_itself_keeps_its_words(api, spec):
    blp = Blueprint("things", __name__)

    @blp.put("/things/<int:thing_id>")
    @blp.etag
    @blp.alt_response(412, description="Someone else changed the thing.")
    def replace_thing(thing_id):
        pass

    api.register_blueprint(blp)

    responses = spec()["paths"]["/things/{thing_id}"]["put"]["responses"]

    assert responses["412"]["description"] == "Someone else changed the thing."
    assert responses["428"]["content"] == PROBLEM


def test_every_answer_of_an_etag_endpoint_is_as_documented(app, api):
    app.config["API_VALIDATE_RESPONSES"] = True
    store = register_pets(api)
    client = app.test_client()

    etag = client.get("/pets/1").headers["ETag"]
    answers = [
        client.get("/pets/1", headers={"If-None-Match": etag}).status_code,
        client.head("/pets/1", headers={"If-None-Match": etag}).status_code,
        client.get("/pets/9", headers={"If-None-Match": "*"}).status_code,
        client.put("/pets/1", json={"name": "Max"}).status_code,
        client.put("/pets/1", json={"name": "Max"}, headers={"If-Match": '"old"'}).status_code,
        client.put("/pets/1", json={"name": "Max"}, headers={"If-Match": etag}).status_code,
        client.post("/pets", json={"name": "Bo"}).status_code,
        client.delete("/pets/2", headers={"If-Match": "*"}).status_code,
    ]

    assert answers == [304, 304, 404, 428, 412, 200, 201, 204]
    assert store == {1: {"id": 1, "name": "Max"}}


@pytest.mark.parametrize("openapi_version", ["3.1.0"])
def test_an_undocumented_304_would_be_caught(app, api, monkeypatch):
    monkeypatch.setattr("restkit.spec.operations.add_etag_responses", lambda *args: None)
    app.config["API_VALIDATE_RESPONSES"] = True
    register_pets(api)
    client = app.test_client()
    etag = client.get("/pets/1").headers["ETag"]

    with pytest.raises(ResponseCheckError, match="answered 304, a status code the document"):
        client.get("/pets/1", headers={"If-None-Match": etag})
