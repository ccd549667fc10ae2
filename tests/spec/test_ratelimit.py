"""The OpenAPI part of rate limits: the fields on a limited operation's responses, and its 429."""

from __future__ import annotations

import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, MethodView
from restkit.rest.auth import HTTPTokenAuth
from restkit.spec import ResponseChecker

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


class Pet(Schema):
    name = fields.Str(required=True)


@pytest.fixture
def blp() -> Blueprint:
    return Blueprint("pets", __name__, url_prefix="/pets")


def operation(document, path: str, method: str = "get"):
    return document["paths"][path][method]


def test_a_limited_operation_documents_the_fields_and_its_429(api, blp, spec):
    @blp.route("")
    class Pets(MethodView):
        @blp.rate_limit("10/second;1000/day", policy="pets")
        @blp.arguments(Pet)
        @blp.response(201, Pet)
        def post(self, pet):
            return pet

    api.register_blueprint(blp)
    responses = operation(spec(), "/pets", "post")["responses"]

    assert list(responses) == ["201", "422", "429", "default"]
    headers = responses["201"]["headers"]
    assert headers["RateLimit-Policy"]["example"] == (
        '"pets-1s";q=10;w=1, "pets-86400s";q=1000;w=86400'
    )
    assert headers["RateLimit"]["example"] == '"pets-1s";r=9;t=1, "pets-86400s";r=999;t=86400'
    assert headers["RateLimit"]["required"] is True
    too_many = responses["429"]
    assert set(too_many["headers"]) == {"Retry-After", "RateLimit-Policy", "RateLimit"}
    assert too_many["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
    assert too_many["content"] == PROBLEM
    assert responses["422"] == {"$ref": "#/components/responses/ValidationError"}


def test_the_api_default_is_documented_where_it_applies(app, api, blp, spec):
    app.config["API_RATE_LIMIT"] = "100/minute"

    @blp.route("/limited")
    @blp.response(200)
    def limited():
        return {}

    @blp.route("/exempt")
    @blp.rate_limit(None)
    @blp.response(200)
    def exempt():
        return {}

    app.add_url_rule("/plain", "plain", lambda: {})
    api.register_blueprint(blp)
    document = spec()

    limited_responses = operation(document, "/pets/limited")["responses"]
    assert limited_responses["200"]["headers"]["RateLimit-Policy"]["example"] == (
        '"default";q=100;w=60'
    )
    assert "429" in limited_responses
    for path in ("/pets/exempt", "/plain"):
        responses = operation(document, path)["responses"]
        assert "429" not in responses
        assert "headers" not in responses["200"]


def test_responses_given_by_name_and_a_429_of_the_view_s_own_are_kept(api, blp, spec):
    @blp.route("/<int:pet_id>")
    @blp.rate_limit("5/minute")
    @blp.response(200, Pet)
    @blp.alt_response(404, "NOT_FOUND")
    @blp.alt_response(429, description="Slow down.")
    def pet(pet_id):
        return {}

    api.register_blueprint(blp)
    responses = operation(spec(), "/pets/{pet_id}")["responses"]

    assert responses["404"] == {"$ref": "#/components/responses/NOT_FOUND"}
    assert responses["429"]["description"] == "Slow down."
    assert set(responses["429"]["headers"]) == {"RateLimit-Policy", "RateLimit"}


def test_the_yaml_document_repeats_no_header_object_by_alias(api, blp):
    @blp.route("")
    @blp.rate_limit("5/minute")
    @blp.response(200)
    def pets():
        return []

    api.register_blueprint(blp)

    assert "&id" not in api.spec.to_yaml()


def test_a_limited_operation_s_answers_match_its_document(app, api, blp):
    app.config.update(API_STORE_URL="memory://", API_VALIDATE_RESPONSES=False)

    @blp.route("")
    @blp.rate_limit("1/minute")
    @blp.response(200, Pet(many=True))
    def pets():
        return [{"name": "Rex"}]

    api.register_blueprint(blp)
    client = app.test_client()
    checker = ResponseChecker(api.spec, checks_unrouted=True)
    answers = [client.get("/pets"), client.get("/pets")]

    assert [answer.status_code for answer in answers] == [200, 429]
    for answer in answers:
        checker.check("pets.pets", "GET", answer)
        documented = api.spec_dict()["paths"]["/pets"]["get"]["responses"][str(answer.status_code)]
        assert set(documented["headers"]) <= set(answer.headers.keys())


def test_refusals_of_authentication_carry_no_fields_in_the_document_or_the_answer(
    app, api, blp, spec
):
    auth = HTTPTokenAuth()
    auth.verify_callback = {"ann-token": "ann"}.get
    app.config["API_STORE_URL"] = "memory://"

    @blp.route("/mine")
    @blp.auth_required(auth)
    @blp.rate_limit("10/minute")
    @blp.response(200)
    def mine():
        return {}

    api.register_blueprint(blp)
    responses = operation(spec(), "/pets/mine")["responses"]
    refused = app.test_client().get("/pets/mine")
    served = app.test_client().get("/pets/mine", headers={"Authorization": "Bearer ann-token"})

    assert "RateLimit" not in responses["401"].get("headers", {})
    assert "RateLimit" in responses["200"]["headers"]
    assert refused.status_code == 401
    assert "RateLimit" not in refused.headers
    assert served.status_code == 200
    assert "RateLimit" in served.headers


def test_a_404_documents_the_fields_as_optional_since_the_url_map_may_answer_it(
    app, api, blp, spec
):
    app.config["API_STORE_URL"] = "memory://"

    @blp.route("/<int:pet_id>")
    @blp.rate_limit("10/minute")
    @blp.response(200)
    @blp.alt_response(404, description="No such pet.")
    def get_pet(pet_id):
        return {}

    api.register_blueprint(blp)
    responses = operation(spec(), "/pets/{pet_id}")["responses"]
    unmatched = app.test_client().get("/pets/9223372036854775808")

    assert responses["404"]["headers"]["RateLimit"]["required"] is False
    assert responses["200"]["headers"]["RateLimit"]["required"] is True
    assert unmatched.status_code == 404
    assert "RateLimit" not in unmatched.headers
