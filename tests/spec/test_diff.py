import copy

import pytest

from restkit.spec.diff import Change, breaking_changes, covers, path_key


def base_document():
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/pets/{pet_id}": {
                "parameters": [
                    {
                        "name": "pet_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "get": {
                    "parameters": [
                        {"name": "fields", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                            },
                        },
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                },
                "put": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/PetInput"}
                            }
                        }
                    },
                    "responses": {"200": {"description": "OK"}},
                },
            },
            "/stores": {"get": {"responses": {"200": {"description": "OK"}}}},
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "kind": {"type": "string", "enum": ["cat", "dog"]},
                        "owner": {"$ref": "#/components/schemas/Owner"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Owner": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "friend": {"$ref": "#/components/schemas/Owner"},
                    },
                },
                "PetInput": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "kind": {"type": "string", "enum": ["cat", "dog"]},
                        "weight": {"type": "number"},
                        "nickname": {"type": ["string", "null"]},
                        "legacy": {"type": "string"},
                    },
                    "required": ["name"],
                    "additionalProperties": False,
                },
            },
            "responses": {"NotFound": {"description": "Not found"}},
        },
    }


def changed(edit):
    new = copy.deepcopy(base_document())
    edit(new)
    return [str(change) for change in breaking_changes(base_document(), new)]


def schemas(document):
    return document["components"]["schemas"]


def test_same_document_has_no_breaking_change():
    assert breaking_changes(base_document(), base_document()) == []


def test_additions_are_not_breaking():
    def edit(new):
        new["paths"]["/owners"] = {"get": {"responses": {"200": {"description": "OK"}}}}
        new["paths"]["/stores"]["post"] = {"responses": {"201": {"description": "Created"}}}
        schemas(new)["Pet"]["properties"]["age"] = {"type": "integer"}
        schemas(new)["PetInput"]["properties"]["age"] = {"type": "integer"}
        schemas(new)["PetInput"]["properties"]["kind"]["enum"].append("bird")
        schemas(new)["PetInput"]["properties"]["name"]["type"] = ["string", "null"]
        new["paths"]["/pets/{pet_id}"]["get"]["responses"]["500"] = {"description": "Oops"}
        new["paths"]["/pets/{pet_id}"]["get"]["parameters"].append(
            {"name": "lang", "in": "query", "schema": {"type": "string"}}
        )

    assert changed(edit) == []


def test_renamed_path_parameter_is_not_breaking():
    def edit(new):
        item = new["paths"].pop("/pets/{pet_id}")
        item["parameters"][0]["name"] = "id"
        new["paths"]["/pets/{id}"] = item

    assert changed(edit) == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(
            lambda new: new["paths"].pop("/stores"),
            ["/stores: the path was removed"],
            id="removed-path",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"].pop("put"),
            ["PUT /pets/{pet_id}: the operation was removed"],
            id="removed-operation",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"]["get"]["responses"].pop("404"),
            ["GET /pets/{pet_id}: response 404 was removed"],
            id="removed-response-code",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"]["get"]["parameters"].append(
                {"name": "lang", "in": "query", "required": True, "schema": {"type": "string"}}
            ),
            ["GET /pets/{pet_id}: new required query parameter 'lang'"],
            id="new-required-parameter",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"]["get"]["parameters"][0].update(
                required=True
            ),
            ["GET /pets/{pet_id}: the query parameter 'fields' is now required"],
            id="parameter-now-required",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"]["parameters"][0]["schema"].update(
                type="string", format="uuid"
            ),
            [
                "GET /pets/{pet_id}: path parameter 'pet_id': type narrowed from integer to string",
                "PUT /pets/{pet_id}: path parameter 'pet_id': type narrowed from integer to string",
            ],
            id="narrowed-parameter-type",
        ),
        pytest.param(
            lambda new: schemas(new)["PetInput"]["properties"]["weight"].update(type="integer"),
            [
                "PUT /pets/{pet_id}: application/json request body field 'weight': "
                "type narrowed from number to integer"
            ],
            id="narrowed-field-type",
        ),
        pytest.param(
            lambda new: schemas(new)["PetInput"]["properties"]["nickname"].update(type="string"),
            [
                "PUT /pets/{pet_id}: application/json request body field 'nickname': "
                "type narrowed from null | string to string"
            ],
            id="no-longer-nullable",
        ),
        pytest.param(
            lambda new: schemas(new)["PetInput"]["properties"]["kind"].update(enum=["cat"]),
            [
                "PUT /pets/{pet_id}: application/json request body field 'kind': "
                "enum values ['dog'] removed"
            ],
            id="narrowed-enum",
        ),
        pytest.param(
            lambda new: schemas(new)["PetInput"]["properties"]["name"].update(enum=["Rex"]),
            [
                "PUT /pets/{pet_id}: application/json request body field 'name': "
                "enum values now restricted"
            ],
            id="new-enum",
        ),
        pytest.param(
            lambda new: schemas(new)["PetInput"]["required"].append("weight"),
            ["PUT /pets/{pet_id}: application/json request body: field 'weight' is now required"],
            id="field-now-required",
        ),
        pytest.param(
            lambda new: (
                schemas(new)["PetInput"]["properties"].update(age={"type": "integer"}),
                schemas(new)["PetInput"]["required"].append("age"),
            ),
            ["PUT /pets/{pet_id}: application/json request body: field 'age' is new and required"],
            id="new-required-field",
        ),
        pytest.param(
            lambda new: schemas(new)["PetInput"]["properties"].pop("legacy"),
            [
                "PUT /pets/{pet_id}: application/json request body: "
                "field 'legacy' was removed and is now refused"
            ],
            id="removed-request-field",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"]["put"]["requestBody"].update(required=True),
            ["PUT /pets/{pet_id}: the request body is now required"],
            id="body-now-required",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"]["put"]["requestBody"].update(
                content={"application/xml": {}}
            ),
            ["PUT /pets/{pet_id}: request content type application/json removed"],
            id="removed-request-content-type",
        ),
        pytest.param(
            lambda new: schemas(new)["Pet"]["properties"].pop("name"),
            ["GET /pets/{pet_id}: response 200: field 'name' was removed"],
            id="removed-response-field",
        ),
        pytest.param(
            lambda new: schemas(new)["Owner"]["properties"].pop("name"),
            ["GET /pets/{pet_id}: response 200 field 'owner': field 'name' was removed"],
            id="removed-nested-response-field",
        ),
        pytest.param(
            lambda new: schemas(new)["Pet"]["properties"]["id"].update(type="string"),
            ["GET /pets/{pet_id}: response 200 field 'id': type changed from integer to string"],
            id="changed-response-type",
        ),
        pytest.param(
            lambda new: schemas(new)["Pet"]["properties"]["tags"]["items"].update(
                type=["string", "null"]
            ),
            [
                "GET /pets/{pet_id}: response 200 field 'tags' items: "
                "type changed from string to null | string"
            ],
            id="widened-response-items",
        ),
        pytest.param(
            lambda new: new["paths"]["/pets/{pet_id}"]["get"]["responses"]["200"].update(
                content={"text/plain": {}}
            ),
            ["GET /pets/{pet_id}: response 200 no longer sends application/json"],
            id="removed-response-content-type",
        ),
    ],
)
def test_breaking_changes(edit, expected):
    assert changed(edit) == expected


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
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }
    new = copy.deepcopy(old)
    operation = new["paths"]["/a"]["post"]
    operation["parameters"][0]["schema"]["items"]["type"] = "integer"
    operation["requestBody"] = {"required": True, "content": {"application/json": {}}}
    assert [str(change) for change in breaking_changes(old, new)] == [
        "POST /a: query parameter 'ids' items: type narrowed from number to integer",
        "POST /a: the request body is now required",
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
    del new["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"][
        "allOf"
    ][1]["properties"]["extra"]
    assert [str(c) for c in breaking_changes(old, new)] == [
        "GET /a: response 200: field 'extra' was removed"
    ]


def test_unresolvable_and_cyclic_refs_do_not_loop():
    document = {
        "paths": {"/a": {"$ref": "#/paths/~1a"}, "/b": {"$ref": "http://elsewhere/x"}},
    }
    assert breaking_changes(document, document) == []


def test_helpers():
    assert path_key("/pets/{id}/toys/{toy}") == "/pets/{}/toys/{}"
    assert covers(frozenset({"number"}), frozenset({"integer"}))
    assert not covers(frozenset({"integer"}), frozenset({"number"}))
    assert not covers(frozenset({"string"}), None)
    assert str(Change("GET /a", "gone")) == "GET /a: gone"


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
    assert [str(change) for change in breaking_changes(old, new)] == [
        "POST /trees: application/json request body field 'size': "
        "type narrowed from number to integer",
    ]
    assert [str(change) for change in breaking_changes(new, old)] == [
        "POST /trees: response 200 field 'size': type changed from integer to number",
    ]


def test_boolean_schemas_and_all_of_types():
    old = recursive_document("string")
    new = copy.deepcopy(old)
    node = new["components"]["schemas"]["Node"]
    node["properties"]["size"] = True
    node["allOf"].append({"type": "object", "enum": [{"label": "a"}], "nullable": False})
    assert [str(change) for change in breaking_changes(old, new)] == [
        "POST /trees: application/json request body: enum values now restricted",
        "POST /trees: response 200 field 'size': type changed from string to any",
    ]
