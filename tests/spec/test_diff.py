import copy

import pytest

from restkit.spec.diff import Change, breaking_changes, has_errors
from restkit.spec.diff_rules import ERROR, RULES, WARNING


def base_document():
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "security": [{"token": []}],
        "paths": {
            "/pets/{pet_id}": {
                "parameters": [
                    {
                        "name": "pet_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0},
                    }
                ],
                "get": {
                    "operationId": "getPet",
                    "parameters": [
                        {"name": "fields", "in": "query", "schema": {"type": "string"}},
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "default": 10, "maximum": 100},
                        },
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "headers": {
                                "ETag": {"required": True, "schema": {"type": "string"}},
                                "X-Hint": {"schema": {"type": "string"}},
                            },
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                            },
                        },
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                },
                "put": {
                    "operationId": "replacePet",
                    "security": [{"token": ["write"]}, {}],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/PetInput"}
                            }
                        }
                    },
                    "responses": {"200": {"description": "OK"}},
                },
                "delete": {
                    "deprecated": True,
                    "responses": {"204": {"description": "No Content"}},
                },
            },
            "/stores": {"get": {"responses": {"200": {"description": "OK"}}}},
            "/legacy": {"get": {"deprecated": True, "responses": {"200": {"description": "OK"}}}},
        },
        "webhooks": {
            "petAdopted": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        }
                    },
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "properties": {
                        "id": {
                            "type": "integer",
                            "format": "int32",
                            "readOnly": True,
                            "maximum": 1000,
                        },
                        "name": {"type": "string", "maxLength": 100, "minLength": 1},
                        "kind": {"type": "string", "enum": ["cat", "dog"]},
                        "owner": {
                            "anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]
                        },
                        "badge": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                        "extra": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                        "score": {"type": "number", "minimum": 0},
                        "secret": {"type": "string", "writeOnly": True},
                    },
                    "required": ["id", "name"],
                },
                "Owner": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "friend": {"$ref": "#/components/schemas/Owner"},
                    },
                },
                "Address": {"type": "object", "properties": {"city": {"type": "string"}}},
                "PetInput": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer", "readOnly": True},
                        "name": {"type": "string", "maxLength": 100, "pattern": "^.+$"},
                        "kind": {"type": "string", "enum": ["cat", "dog"]},
                        "weight": {"type": "number"},
                        "age": {"type": "integer", "minimum": 0, "maximum": 50},
                        "nickname": {"type": ["string", "null"], "default": None},
                        "legacy": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
                        "home": {
                            "anyOf": [{"$ref": "#/components/schemas/Address"}, {"type": "null"}]
                        },
                        "coat": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                        "shape": {
                            "oneOf": [
                                {"type": "string"},
                                {"type": "array", "items": {"type": "string"}},
                            ]
                        },
                    },
                    "required": ["name"],
                    "additionalProperties": False,
                },
            },
            "responses": {"NotFound": {"description": "Not found"}},
        },
    }


def changed(edit):
    new = base_document()
    edit(new)
    return [f"{change.rule} | {change.where}: {change.what}" for change in diff(new)]


def diff(new):
    return breaking_changes(base_document(), new)


def schemas(document):
    return document["components"]["schemas"]


def pet(document):
    return document["paths"]["/pets/{pet_id}"]


def query(document, name):
    return next(p for p in pet(document)["get"]["parameters"] if p["name"] == name)


def test_same_document_has_no_breaking_change():
    assert breaking_changes(base_document(), base_document()) == []


def test_additions_and_widenings_are_not_breaking():
    def edit(new):
        new["paths"]["/owners"] = {"get": {"responses": {"200": {"description": "OK"}}}}
        new["paths"]["/stores"]["post"] = {"responses": {"201": {"description": "Created"}}}
        schemas(new)["Pet"]["properties"]["age"] = {"type": "integer"}
        schemas(new)["Pet"]["properties"]["kind"]["enum"].remove("dog")
        schemas(new)["Pet"]["properties"]["name"]["maxLength"] = 50
        schemas(new)["PetInput"]["properties"]["age"] = {"type": "integer"}
        schemas(new)["PetInput"]["properties"]["kind"]["enum"].append("bird")
        schemas(new)["PetInput"]["properties"]["name"]["type"] = ["string", "null"]
        schemas(new)["PetInput"]["properties"]["name"]["maxLength"] = 200
        pet(new)["get"]["responses"]["500"] = {"description": "Oops"}
        pet(new)["get"]["parameters"].append(
            {"name": "lang", "in": "query", "schema": {"type": "string"}}
        )
        pet(new)["get"]["responses"]["200"]["headers"]["X-New"] = {"required": True}
        pet(new)["put"]["security"].append({"key": []})
        query(new, "limit")["schema"]["maximum"] = 1000

    assert changed(edit) == []


def test_renamed_path_parameter_and_header_case_are_not_breaking():
    def edit(new):
        item = new["paths"].pop("/pets/{pet_id}")
        item["parameters"][0]["name"] = "id"
        next(p for p in item["get"]["parameters"] if p["in"] == "header")["name"] = "x-trace"
        new["paths"]["/pets/{id}"] = item

    assert changed(edit) == []


def test_read_only_request_fields_and_write_only_response_fields_are_ignored():
    def edit(new):
        schemas(new)["PetInput"]["properties"].pop("id")
        schemas(new)["Pet"]["properties"].pop("secret")

    assert changed(edit) == []


def narrowed_bound(keyword, value, field="age"):
    return lambda new: schemas(new)["PetInput"]["properties"][field].update({keyword: value})


PUT = "PUT /pets/{pet_id}"
GET = "GET /pets/{pet_id}"
BODY = "application/json request body"

#: (id, edit, expected changes): together they exercise every rule.
CASES = [
    (
        "dangling-ref",
        lambda new: schemas(new)["Pet"]["properties"].update(owner={"$ref": "#/nope"}),
        ["ref-unresolved | new document: #/nope at /components/schemas/Pet/properties/owner/$ref"],
    ),
    (
        "removed-path",
        lambda new: new["paths"].pop("/stores"),
        ["path-removed | /stores: the path was removed"],
    ),
    (
        "removed-deprecated-path",
        lambda new: new["paths"].pop("/legacy"),
        ["deprecated-path-removed | /legacy: the path was removed"],
    ),
    (
        "removed-operation",
        lambda new: pet(new).pop("put"),
        [f"operation-removed | {PUT}: the operation was removed"],
    ),
    (
        "removed-deprecated-operation",
        lambda new: pet(new).pop("delete"),
        ["deprecated-operation-removed | DELETE /pets/{pet_id}: the operation was removed"],
    ),
    (
        "removed-webhook",
        lambda new: new["webhooks"].pop("petAdopted"),
        ["webhook-removed | webhook petAdopted: the webhook was removed"],
    ),
    (
        "renamed-operation-id",
        lambda new: pet(new)["get"].update(operationId="fetchPet"),
        [f"operation-id-changed | {GET}: operationId 'getPet' became 'fetchPet'"],
    ),
    (
        "anonymous-no-more",
        lambda new: pet(new)["put"]["security"].remove({}),
        [f"security-required | {PUT}: the operation now needs credentials"],
    ),
    (
        "more-scopes",
        lambda new: pet(new)["put"]["security"][0]["token"].append("admin"),
        [f"security-requirement-removed | {PUT}: requirement token is no longer accepted"],
    ),
    (
        "new-required-parameter",
        lambda new: pet(new)["get"]["parameters"].append(
            {"name": "lang", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        [f"new-required-parameter | {GET}: new required query parameter 'lang'"],
    ),
    (
        "parameter-now-required",
        lambda new: query(new, "fields").update(required=True),
        [f"parameter-became-required | {GET}: the query parameter 'fields' is now required"],
    ),
    (
        "removed-parameter",
        lambda new: pet(new)["get"]["parameters"].remove(query(new, "fields")),
        [f"parameter-removed | {GET}: the query parameter 'fields' was removed"],
    ),
    (
        "parameter-default",
        lambda new: query(new, "limit")["schema"].update(default=20),
        [f"parameter-default-changed | {GET}: query parameter 'limit': default 10 became 20"],
    ),
    (
        "narrowed-parameter-maximum",
        lambda new: query(new, "limit")["schema"].update(maximum=50),
        [f"request-maximum-narrowed | {GET}: query parameter 'limit': maximum went from 100 to 50"],
    ),
    (
        "narrowed-parameter-type",
        lambda new: pet(new)["parameters"][0]["schema"].update(type="string", format="uuid"),
        [
            f"request-type-narrowed | {GET}: path parameter 'pet_id': type narrowed from integer "
            "to string",
            f"request-type-narrowed | {PUT}: path parameter 'pet_id': type narrowed from integer "
            "to string",
            "request-type-narrowed | DELETE /pets/{pet_id}: path parameter 'pet_id': type narrowed "
            "from integer to string",
        ],
    ),
    (
        "new-required-body",
        lambda new: pet(new)["get"].update(
            requestBody={"required": True, "content": {"application/json": {}}}
        ),
        [f"new-required-request-body | {GET}: a request body is now required"],
    ),
    (
        "body-now-required",
        lambda new: pet(new)["put"]["requestBody"].update(required=True),
        [f"request-body-became-required | {PUT}: the request body is now required"],
    ),
    (
        "removed-request-body",
        lambda new: pet(new)["put"].pop("requestBody"),
        [f"request-body-removed | {PUT}: the request body was removed"],
    ),
    (
        "removed-request-content-type",
        lambda new: pet(new)["put"]["requestBody"].update(content={"application/xml": {}}),
        [f"request-media-type-removed | {PUT}: application/json is no longer accepted"],
    ),
    (
        "new-required-field",
        lambda new: (
            schemas(new)["PetInput"]["properties"].update(color={"type": "string"}),
            schemas(new)["PetInput"]["required"].append("color"),
        ),
        [f"new-required-request-property | {PUT}: {BODY}: field 'color' is new and required"],
    ),
    (
        "field-now-required",
        lambda new: schemas(new)["PetInput"]["required"].append("weight"),
        [f"request-property-became-required | {PUT}: {BODY}: field 'weight' is now required"],
    ),
    (
        "removed-refused-field",
        lambda new: schemas(new)["PetInput"]["properties"].pop("legacy"),
        [
            f"request-property-removed-refused | {PUT}: {BODY}: field 'legacy' was removed "
            "and is now refused"
        ],
    ),
    (
        "removed-field",
        lambda new: (
            schemas(new)["PetInput"]["properties"].pop("legacy"),
            schemas(new)["PetInput"].pop("additionalProperties"),
        ),
        [f"request-property-removed | {PUT}: {BODY}: field 'legacy' was removed"],
    ),
    (
        "field-default",
        lambda new: schemas(new)["PetInput"]["properties"]["nickname"].pop("default"),
        [
            f"request-property-default-changed | {PUT}: {BODY} field 'nickname': "
            "default None became (none)"
        ],
    ),
    (
        "narrowed-field-type",
        lambda new: schemas(new)["PetInput"]["properties"]["weight"].update(type="integer"),
        [
            f"request-type-narrowed | {PUT}: {BODY} field 'weight': type narrowed from number to "
            "integer"
        ],
    ),
    (
        "no-longer-nullable",
        lambda new: schemas(new)["PetInput"]["properties"]["nickname"].update(type="string"),
        [
            f"request-type-narrowed | {PUT}: {BODY} field 'nickname': type narrowed from "
            "null | string to string"
        ],
    ),
    (
        "field-format-added",
        lambda new: schemas(new)["PetInput"]["properties"]["weight"].update(format="float"),
        [f"request-format-narrowed | {PUT}: {BODY} field 'weight': format (none) became float"],
    ),
    (
        "nested-nullable-field-type",
        lambda new: schemas(new)["Address"]["properties"]["city"].update(type="integer"),
        [
            f"request-type-narrowed | {PUT}: {BODY} field 'home' field 'city': type narrowed "
            "from string to integer"
        ],
    ),
    (
        "any-of-branch-removed",
        lambda new: schemas(new)["PetInput"]["properties"]["coat"]["anyOf"].pop(),
        [
            f"request-any-of-removed | {PUT}: {BODY} field 'coat': anyOf branch "
            "{'type': 'integer'} was removed"
        ],
    ),
    (
        "one-of-branch-removed",
        lambda new: schemas(new)["PetInput"]["properties"]["shape"]["oneOf"].pop(),
        [
            f"request-one-of-removed | {PUT}: {BODY} field 'shape': oneOf branch "
            "{'type': 'array', 'items': {'type': 'string'}} was removed"
        ],
    ),
    (
        "enum-added",
        lambda new: schemas(new)["PetInput"]["properties"]["name"].update(enum=["Rex"]),
        [f"request-enum-added | {PUT}: {BODY} field 'name': now limited to ['Rex']"],
    ),
    (
        "enum-value-removed",
        lambda new: schemas(new)["PetInput"]["properties"]["kind"].update(enum=["cat"]),
        [f"request-enum-value-removed | {PUT}: {BODY} field 'kind': values ['dog'] removed"],
    ),
    (
        "pattern-added",
        narrowed_bound("pattern", "^[A-Z]", field="legacy"),
        [f"request-pattern-added | {PUT}: {BODY} field 'legacy': must now match '^[A-Z]'"],
    ),
    (
        "pattern-changed",
        narrowed_bound("pattern", "^[A-Z]", field="name"),
        [f"request-pattern-changed | {PUT}: {BODY} field 'name': pattern '^.+$' became '^[A-Z]'"],
    ),
    (
        "maximum-lowered",
        narrowed_bound("maximum", 40),
        [f"request-maximum-narrowed | {PUT}: {BODY} field 'age': maximum went from 50 to 40"],
    ),
    (
        "exclusive-maximum-set",
        narrowed_bound("exclusiveMaximum", 50),
        [f"request-maximum-narrowed | {PUT}: {BODY} field 'age': exclusiveMaximum set to 50"],
    ),
    (
        "minimum-raised",
        narrowed_bound("minimum", 1),
        [f"request-minimum-narrowed | {PUT}: {BODY} field 'age': minimum went from 0 to 1"],
    ),
    (
        "max-length-lowered",
        narrowed_bound("maxLength", 50, field="name"),
        [
            f"request-max-length-narrowed | {PUT}: {BODY} field 'name': maxLength went from "
            "100 to 50"
        ],
    ),
    (
        "min-length-set",
        narrowed_bound("minLength", 2, field="name"),
        [f"request-min-length-narrowed | {PUT}: {BODY} field 'name': minLength set to 2"],
    ),
    (
        "max-items-lowered",
        narrowed_bound("maxItems", 3, field="tags"),
        [f"request-max-items-narrowed | {PUT}: {BODY} field 'tags': maxItems went from 5 to 3"],
    ),
    (
        "min-items-set",
        narrowed_bound("minItems", 1, field="tags"),
        [f"request-min-items-narrowed | {PUT}: {BODY} field 'tags': minItems set to 1"],
    ),
    (
        "removed-success-status",
        lambda new: pet(new)["get"]["responses"].pop("200"),
        [f"response-success-status-removed | {GET}: response 200 was removed"],
    ),
    (
        "removed-error-status",
        lambda new: pet(new)["get"]["responses"].pop("404"),
        [f"response-error-status-removed | {GET}: response 404 was removed"],
    ),
    (
        "removed-response-content-type",
        lambda new: pet(new)["get"]["responses"]["200"].update(content={"text/plain": {}}),
        [f"response-media-type-removed | {GET}: response 200 no longer sends application/json"],
    ),
    (
        "changed-response-type",
        lambda new: schemas(new)["Pet"]["properties"]["id"].update(type="string"),
        [
            f"response-type-changed | {GET}: response 200 field 'id': type changed from integer "
            "to string"
        ],
    ),
    (
        "nullable-response-items",
        lambda new: schemas(new)["Pet"]["properties"]["tags"]["items"].update(
            type=["string", "null"]
        ),
        [
            f"response-type-changed | {GET}: response 200 field 'tags' items: type changed from "
            "string to null | string"
        ],
    ),
    (
        "response-format-widened",
        lambda new: schemas(new)["Pet"]["properties"]["id"].update(format="int64"),
        [f"response-format-changed | {GET}: response 200 field 'id': format int32 became int64"],
    ),
    (
        "response-one-of-branch-added",
        lambda new: schemas(new)["Pet"]["properties"]["badge"]["oneOf"].append({"type": "boolean"}),
        [
            f"response-one-of-added | {GET}: response 200 field 'badge': oneOf branch "
            "{'type': 'boolean'} was added"
        ],
    ),
    (
        "response-any-of-branch-added",
        lambda new: schemas(new)["Pet"]["properties"]["extra"]["anyOf"].append({"type": "boolean"}),
        [
            f"response-any-of-added | {GET}: response 200 field 'extra': anyOf branch "
            "{'type': 'boolean'} was added"
        ],
    ),
    (
        "removed-required-response-field",
        lambda new: schemas(new)["Pet"]["properties"].pop("name"),
        [f"response-required-property-removed | {GET}: response 200: field 'name' was removed"],
    ),
    (
        "removed-optional-nested-response-field",
        lambda new: schemas(new)["Owner"]["properties"].pop("name"),
        [
            f"response-optional-property-removed | {GET}: response 200 field 'owner': "
            "field 'name' was removed"
        ],
    ),
    (
        "response-field-no-longer-required",
        lambda new: schemas(new)["Pet"]["required"].remove("name"),
        [
            f"response-property-became-optional | {GET}: response 200: field 'name' may now be "
            "missing"
        ],
    ),
    (
        "response-enum-value-added",
        lambda new: schemas(new)["Pet"]["properties"]["kind"]["enum"].append("bird"),
        [f"response-enum-value-added | {GET}: response 200 field 'kind': values ['bird'] added"],
    ),
    (
        "response-maximum-raised",
        lambda new: schemas(new)["Pet"]["properties"]["id"].update(maximum=5000),
        [
            f"response-maximum-widened | {GET}: response 200 field 'id': maximum went from 1000 "
            "to 5000"
        ],
    ),
    (
        "response-minimum-removed",
        lambda new: schemas(new)["Pet"]["properties"]["score"].pop("minimum"),
        [f"response-minimum-widened | {GET}: response 200 field 'score': minimum 0 was removed"],
    ),
    (
        "response-max-length-raised",
        lambda new: schemas(new)["Pet"]["properties"]["name"].update(maxLength=200),
        [
            f"response-max-length-widened | {GET}: response 200 field 'name': maxLength went from "
            "100 to 200"
        ],
    ),
    (
        "response-min-length-lowered",
        lambda new: schemas(new)["Pet"]["properties"]["name"].update(minLength=0),
        [
            f"response-min-length-widened | {GET}: response 200 field 'name': minLength went from "
            "1 to 0"
        ],
    ),
    (
        "response-min-items-removed",
        lambda new: schemas(new)["Pet"]["properties"]["tags"].pop("minItems"),
        [f"response-min-items-widened | {GET}: response 200 field 'tags': minItems 1 was removed"],
    ),
    (
        "removed-required-header",
        lambda new: pet(new)["get"]["responses"]["200"]["headers"].pop("ETag"),
        [f"response-required-header-removed | {GET}: response 200 header 'ETag' was removed"],
    ),
    (
        "removed-optional-header",
        lambda new: pet(new)["get"]["responses"]["200"]["headers"].pop("X-Hint"),
        [f"response-optional-header-removed | {GET}: response 200 header 'X-Hint' was removed"],
    ),
    (
        "header-type-changed",
        lambda new: pet(new)["get"]["responses"]["200"]["headers"]["ETag"]["schema"].update(
            type="integer"
        ),
        [
            f"response-header-type-changed | {GET}: response 200 header 'ETag': type changed "
            "from string to integer"
        ],
    ),
    (
        "header-now-optional",
        lambda new: pet(new)["get"]["responses"]["200"]["headers"]["ETag"].pop("required"),
        [f"response-header-became-optional | {GET}: response 200 header 'ETag' may be missing"],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [pytest.param(e, x, id=i) for i, e, x in CASES])
def test_breaking_changes(edit, expected):
    assert changed(edit) == expected


def test_every_rule_has_a_case():
    reported = {line.partition(" | ")[0] for _id, _edit, expected in CASES for line in expected}
    assert reported == set(RULES)


def test_a_dangling_ref_is_an_error_and_nothing_else():
    new = base_document()
    pet(new)["put"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Missing"
    }
    changes = diff(new)
    assert [(change.rule, change.level) for change in changes] == [("ref-unresolved", ERROR)]
    assert has_errors(changes)


def test_dangling_refs_anywhere_are_errors_never_changes():
    new = base_document()
    get = pet(new)["get"]
    get["responses"]["404"] = {"$ref": "#/components/responses/Missing"}
    get["responses"]["200"]["headers"]["ETag"] = {"$ref": "#/components/headers/Missing"}
    get["parameters"][0] = {"$ref": "#/components/parameters/Missing"}
    schemas(new)["Pet"] = {"allOf": [{"$ref": "#/components/schemas/Missing"}]}
    changes = diff(new)
    assert {change.rule for change in changes} == {"ref-unresolved", "parameter-removed"}
    assert sum(change.rule == "ref-unresolved" for change in changes) == 4


def reported(edit):
    new = base_document()
    edit(new)
    return [(change.rule, change.level, change.where) for change in diff(new)]


@pytest.mark.parametrize("required", [True, False], ids=["required", "optional"])
def test_a_removed_request_body_is_an_error_required_or_not(required):
    old = base_document()
    pet(old)["put"]["requestBody"]["required"] = required
    new = copy.deepcopy(old)
    del pet(new)["put"]["requestBody"]
    changes = breaking_changes(old, new)
    assert [(change.rule, change.level, change.where) for change in changes] == [
        ("request-body-removed", ERROR, PUT)
    ]
    assert breaking_changes(old, copy.deepcopy(old)) == []


def test_a_request_body_behind_a_dangling_ref_is_not_a_removed_one():
    def edit(new):
        pet(new)["put"]["requestBody"] = {"$ref": "#/components/requestBodies/Missing"}

    assert reported(edit) == [("ref-unresolved", ERROR, "new document")]


def test_a_removed_webhook_operation_is_an_error():
    def edit(new):
        hook = new["webhooks"]["petAdopted"]
        hook["put"] = hook.pop("post")

    assert reported(edit) == [("webhook-removed", ERROR, "POST webhook petAdopted")]


def test_new_and_changed_webhooks_are_not_reported():
    def edit(new):
        hook = new["webhooks"]["petAdopted"]["post"]
        hook["requestBody"]["content"]["application/json"]["schema"] = {"type": "string"}
        hook["requestBody"]["required"] = True
        new["webhooks"]["petLost"] = copy.deepcopy(new["webhooks"]["petAdopted"])

    assert reported(edit) == []


def test_levels_and_json_shape():
    change = Change("parameter-removed", "GET /a", "the query parameter 'q' was removed")
    assert change.level == WARNING
    assert not has_errors([change])
    assert str(change) == "warning: GET /a: the query parameter 'q' was removed [parameter-removed]"
    assert change.to_dict() == {
        "rule": "parameter-removed",
        "level": "warning",
        "where": "GET /a",
        "message": "the query parameter 'q' was removed",
    }
    assert {rule.level for rule in RULES.values()} == {ERROR, WARNING}


def test_new_required_body_and_narrowed_items():
    old = {
        "openapi": "3.0.3",
        "paths": {
            "/a": {
                "post": {
                    "parameters": [
                        {
                            "name": "ids",
                            "in": "query",
                            "schema": {"type": "array", "items": {"type": "number"}},
                        }
                    ],
                    "requestBody": {"content": {"application/json": {}}},
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }
    new = copy.deepcopy(old)
    operation = new["paths"]["/a"]["post"]
    operation["parameters"][0]["schema"]["items"]["type"] = "integer"
    operation["requestBody"]["required"] = True
    assert [change.what for change in breaking_changes(old, new)] == [
        "query parameter 'ids' items: type narrowed from number to integer",
        "the request body is now required",
    ]


def test_all_of_is_flattened_and_nullable_counts():
    old = {
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "allOf": [
                                            {"$ref": "#/components/schemas/Base"},
                                            {"properties": {"extra": {"type": "string"}}},
                                        ]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "Base": {
                    "type": "object",
                    "properties": {"id": {"type": "integer", "nullable": True}},
                }
            }
        },
    }
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Base"]["properties"] = {"id": {"type": "integer"}}
    assert breaking_changes(old, new) == []
    schema = new["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    del schema["allOf"][1]["properties"]["extra"]
    assert [change.what for change in breaking_changes(old, new)] == [
        "response 200: field 'extra' was removed"
    ]


def test_cyclic_and_outside_refs_do_not_loop():
    document = {"paths": {"/a": {"$ref": "#/paths/~1a"}, "/b": {"$ref": "http://elsewhere/x"}}}
    assert breaking_changes(document, document) == []


def recursive_document(child_type):
    return {
        "paths": {
            "/trees": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Node"}}
                        }
                    },
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Node"}
                                }
                            }
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Base": {
                    "type": "object",
                    "properties": {"label": {"type": "string"}},
                    "required": ["label"],
                },
                "Node": {
                    "allOf": [{"$ref": "#/components/schemas/Base"}],
                    "properties": {
                        "size": {"type": child_type},
                        "children": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Node"},
                        },
                    },
                },
            }
        },
    }


def test_recursive_schemas_are_compared_once():
    old, new = recursive_document("number"), recursive_document("integer")
    assert breaking_changes(old, old) == []
    assert [change.what for change in breaking_changes(old, new)] == [
        "application/json request body field 'size': type narrowed from number to integer",
    ]
    assert [change.what for change in breaking_changes(new, old)] == [
        "response 200 field 'size': type changed from integer to number",
    ]


def test_boolean_schemas_and_all_of_types():
    old = recursive_document("string")
    new = copy.deepcopy(old)
    node = new["components"]["schemas"]["Node"]
    node["properties"]["size"] = True
    node["allOf"].append({"type": "object", "enum": [{"label": "a"}], "nullable": False})
    assert [(change.rule, change.what) for change in breaking_changes(old, new)] == [
        ("request-enum-added", "application/json request body: now limited to [{'label': 'a'}]"),
        ("response-type-changed", "response 200 field 'size': type changed from string to any"),
    ]
