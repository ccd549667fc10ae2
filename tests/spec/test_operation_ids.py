import pytest

from restkit.core import ConfigurationError, SetupError
from restkit.spec.operation_ids import (
    OperationRoute,
    assign_operation_ids,
    endpoint_operation_id,
    plural,
    readable_operation_id,
    singular,
)


def resource(endpoint, method, path="/pets"):
    return OperationRoute(endpoint, method, path, resource=True)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        pytest.param(resource("pets.Pets", "GET"), "listPets", id="list"),
        pytest.param(resource("pets.Pets", "POST"), "createPet", id="create"),
        pytest.param(resource("pets.Pets", "DELETE"), "deletePets", id="delete-all"),
        pytest.param(resource("pets.PetById", "GET", "/pets/{id}"), "getPet", id="get"),
        pytest.param(resource("pets.PetById", "PUT", "/pets/{id}"), "replacePet", id="replace"),
        pytest.param(resource("pets.PetById", "PATCH", "/pets/{id}"), "updatePet", id="update"),
        pytest.param(resource("pets.PetById", "DELETE", "/pets/{id}"), "deletePet", id="delete"),
        pytest.param(resource("shop.Categories", "GET"), "listCategories", id="ies"),
        pytest.param(resource("shop.Categories", "POST"), "createCategory", id="ies-singular"),
        pytest.param(resource("shop.Box", "GET"), "listBoxes", id="es-plural"),
        pytest.param(resource("shop.Boxes", "POST"), "createBox", id="es-singular"),
        pytest.param(
            resource("v1.PetPhotos", "GET", "/pets/{id}/photos"), "listPetPhotos", id="nested"
        ),
        pytest.param(resource("v2.PetV2", "GET", "/pets/{id}"), "getPetV2", id="digits"),
        pytest.param(resource("v1.PetPhotoList", "GET"), "listPetPhotos", id="list-word"),
        pytest.param(resource("v1.NoteResource", "GET"), "listNotes", id="noise-word"),
        pytest.param(resource("v1.HTTPStatus", "GET"), "listHttpStatuses", id="acronym"),
        pytest.param(
            OperationRoute("v1.notes.list_notes", "GET", "/n", False),
            "v1ListNotes",
            id="nested-blueprint",
        ),
        pytest.param(
            OperationRoute("notes", "POST", "/n", False, frozenset({"GET", "POST"})),
            "notesPost",
            id="function-with-methods",
        ),
        pytest.param(OperationRoute("health", "GET", "/health", False), "health", id="function"),
    ],
)
def test_readable_operation_id(route, expected):
    assert readable_operation_id(route) == expected


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (resource("pets.PetById", "GET"), "pets_pet_by_id_get"),
        (OperationRoute("v1.notes.list_notes", "POST", "/n", False), "v1_notes_list_notes_post"),
        (OperationRoute("health", "GET", "/health", False), "health_get"),
    ],
)
def test_endpoint_operation_id(route, expected):
    assert endpoint_operation_id(route) == expected


@pytest.mark.parametrize(
    ("word", "one", "many"),
    [
        ("pets", "pet", "pets"),
        ("categories", "category", "categories"),
        ("boxes", "box", "boxes"),
        ("classes", "class", "classes"),
        ("statuses", "status", "statuses"),
        ("status", "status", "statuses"),
        ("analysis", "analysis", "analysis"),
        ("days", "day", "days"),
    ],
)
def test_singular_and_plural(word, one, many):
    assert singular(word) == one
    assert plural(one) == many


def route(endpoint, method="GET", path="/x", methods=()):
    return OperationRoute(endpoint, method, path, False, frozenset(methods))


def assigned(entries, function=readable_operation_id):
    operations = [dict(operation) for _route, operation in entries]
    assign_operation_ids([(r, o) for (r, _), o in zip(entries, operations, strict=True)], function)
    return [operation["operationId"] for operation in operations]


def test_given_ids_win_and_generated_ones_step_aside():
    entries = [(route("a.notes"), {"operationId": "notes"}), (route("b.notes"), {})]
    assert assigned(entries) == ["notes", "bNotes"]


def test_a_clash_left_gets_a_number():
    entries = [(route("notes"), {}), (route("notes", path="/y"), {})]
    assert assigned(entries) == ["notes", "notes2"]


def test_a_function_naming_every_method_alike_is_told_apart_by_method():
    entries = [(route("x.things", "GET"), {}), (route("x.things", "POST"), {})]
    assert assigned(entries, lambda r: r.endpoint) == ["xThingsGet", "xThingsPost"]


def test_two_given_ids_that_clash_are_an_error():
    entries = [(route("a"), {"operationId": "same"}), (route("b"), {"operationId": "same"})]
    with pytest.raises(SetupError, match="Two operations have operationId 'same'"):
        assigned(entries)


@pytest.mark.parametrize("bad", ["", None, 3])
def test_the_function_must_name_the_operation(bad):
    with pytest.raises(ConfigurationError, match="must return a non-empty string"):
        assigned([(route("a"), {})], lambda r: bad)
