"""The OpenAPI part of a blueprint's lifecycle: deprecated operations, their fields, the 410."""

from __future__ import annotations

from marshmallow import Schema, fields

from restkit import Blueprint, MethodView
from restkit.spec import ResponseChecker

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


class Pet(Schema):
    name = fields.Str(required=True)


def pets_blueprint(name: str, **lifecycle) -> Blueprint:
    blp = Blueprint(name, __name__, url_prefix=f"/{name}", **lifecycle)

    @blp.route("/pets")
    class Pets(MethodView):
        @blp.response(200, Pet(many=True))
        @blp.alt_response(404, "NOT_FOUND")
        def get(self):
            return [{"name": "Rex"}]

        @blp.arguments(Pet)
        @blp.response(201, Pet)
        def post(self, pet):
            return pet

    return blp


def test_a_deprecated_blueprint_s_operations_are_deprecated_with_their_fields(api, spec):
    api.register_blueprint(
        pets_blueprint(
            "v1", deprecated="2025-01-01", sunset="2999-01-01", deprecation_link="https://e.com/v2"
        )
    )
    document = spec()

    for method, status in (("get", "200"), ("post", "201")):
        operation = document["paths"]["/v1/pets"][method]
        assert operation["deprecated"] is True
        headers = operation["responses"][status]["headers"]
        assert {name: header["example"] for name, header in headers.items()} == {
            "Deprecation": "@1735689600",
            "Sunset": "Tue, 01 Jan 2999 00:00:00 GMT",
            "Link": '<https://e.com/v2>; rel="deprecation"',
        }
        assert "410" not in operation["responses"]
    responses = document["paths"]["/v1/pets"]["get"]["responses"]
    assert responses["404"] == {"$ref": "#/components/responses/NOT_FOUND"}


def test_sunset_gone_documents_the_410(api, spec):
    api.register_blueprint(
        pets_blueprint("v0", deprecated="2020-01-01", sunset="2021-01-01", sunset_gone=True)
    )

    responses = spec()["paths"]["/v0/pets"]["get"]["responses"]

    assert list(responses) == ["200", "404", "410", "default"]
    assert responses["410"]["description"] == (
        "Gone: this version of the API was retired on Fri, 01 Jan 2021 00:00:00 GMT."
    )
    assert responses["410"]["content"] == PROBLEM
    assert set(responses["410"]["headers"]) == {"Deprecation", "Sunset"}


def test_a_sunset_alone_is_documented_without_deprecating(api, spec):
    api.register_blueprint(pets_blueprint("v1", sunset="2999-01-01"))

    operation = spec()["paths"]["/v1/pets"]["get"]

    assert "deprecated" not in operation
    assert set(operation["responses"]["200"]["headers"]) == {"Sunset"}


def test_nested_blueprints_are_documented_with_the_lifecycle_that_applies(api, spec):
    parent = Blueprint("v1", __name__, url_prefix="/v1", deprecated="2024-01-01")
    parent.register_blueprint(pets_blueprint("inherits"))
    parent.register_blueprint(pets_blueprint("own", sunset="2999-01-01"))
    api.register_blueprint(parent)
    api.register_blueprint(pets_blueprint("current"))
    paths = spec()["paths"]

    assert paths["/v1/inherits/pets"]["get"]["deprecated"] is True
    assert "deprecated" not in paths["/v1/own/pets"]["get"]
    assert "deprecated" not in paths["/current/pets"]["get"]
    assert "headers" not in paths["/current/pets"]["get"]["responses"]["200"]


def test_the_answers_match_the_document(app, api):
    app.config["API_VALIDATE_RESPONSES"] = False
    api.register_blueprint(pets_blueprint("v1", deprecated="2025-01-01", sunset="2999-01-01"))
    api.register_blueprint(
        pets_blueprint("v0", deprecated="2020-01-01", sunset="2021-01-01", sunset_gone=True)
    )
    client = app.test_client()
    checker = ResponseChecker(api.spec, checks_unrouted=True)

    for endpoint, url, status in (("v1.Pets", "/v1/pets", 200), ("v0.Pets", "/v0/pets", 410)):
        answer = client.get(url)
        assert answer.status_code == status
        checker.check(endpoint, "GET", answer)
        documented = api.spec_dict()["paths"][url]["get"]["responses"][str(status)]
        assert set(documented["headers"]) <= set(answer.headers.keys())
