import dataclasses

import pytest
from marshmallow import Schema, fields

from restkit.core.errors import SetupError
from restkit.rest.operation import (
    LOCATIONS,
    OPERATION_ATTRIBUTE,
    Argument,
    Operation,
    ResponseDoc,
    operation_of,
    recorded_operation,
)
from restkit.rest.pagination import Pagination


class Pet(Schema):
    name = fields.Str()


def view():
    """A view function with nothing recorded on it."""


# -- Argument ---------------------------------------------------------------------------------


def test_argument_defaults_to_a_required_json_body():
    schema = Pet()

    argument = Argument(schema)

    assert argument == Argument(
        schema,
        "json",
        content_type=None,
        required=True,
        description=None,
        example=None,
        examples=None,
        as_kwargs=False,
    )
    assert argument.is_body


@pytest.mark.parametrize(
    ("location", "is_body"),
    [
        ("json", True),
        ("form", True),
        ("files", True),
        ("json_or_form", True),
        ("query", False),
        ("path", False),
        ("headers", False),
        ("cookies", False),
    ],
)
def test_argument_knows_whether_it_comes_from_the_body(location, is_body):
    assert Argument(Pet(), location).is_body is is_body


def test_every_location_is_accepted():
    assert {Argument(Pet(), location).location for location in LOCATIONS} == set(LOCATIONS)


@pytest.mark.parametrize("location", ["body", "querystring", "JSON", ""], ids=repr)
def test_an_unknown_location_is_refused_with_the_known_ones(location):
    with pytest.raises(SetupError, match=f"Unknown argument location {location!r}") as info:
        Argument(Pet(), location)

    assert "json, query, path, headers, cookies, form, files, json_or_form" in str(info.value)


def test_argument_is_frozen():
    argument = Argument(Pet())

    with pytest.raises(dataclasses.FrozenInstanceError):
        argument.location = "query"  # type: ignore[misc]


# -- ResponseDoc ------------------------------------------------------------------------------


def test_response_doc_defaults_to_an_undocumented_body():
    response = ResponseDoc(404)

    assert (response.status_code, response.schema, response.success) == (404, None, False)
    assert response.headers is None
    assert response.content_type is None


# -- Operation --------------------------------------------------------------------------------


def test_operation_responses_put_the_success_first():
    success = ResponseDoc(201, Pet(), success=True)
    conflict = ResponseDoc(409)
    missing = ResponseDoc(404)

    operation = Operation(success=success, alt_responses=[conflict, missing])

    assert operation.responses == [success, conflict, missing]


def test_operation_without_success_lists_only_the_alternatives():
    missing = ResponseDoc(404)

    assert Operation(alt_responses=[missing]).responses == [missing]
    assert Operation().responses == []
    assert Operation(pagination=Pagination(envelope=True)).responses == []


def test_a_paginated_operation_lists_its_success_response_as_sent():
    success = ResponseDoc(200, Pet(many=True), success=True)
    missing = ResponseDoc(404)

    in_headers = Operation(success=success, alt_responses=[missing], pagination=Pagination())
    enveloped = Operation(
        success=success, alt_responses=[missing], pagination=Pagination(envelope=True)
    )

    assert in_headers.responses == [success, missing]
    envelope, alternative = enveloped.responses
    assert alternative is missing
    assert (envelope.status_code, envelope.success) == (200, True)
    assert set(envelope.schema.fields) == {"items", "pagination"}
    assert enveloped.success is success


@pytest.mark.parametrize(
    ("doc", "hidden"),
    [({}, False), ({"hide": True}, True), ({"hide": False}, False), ({"summary": "x"}, False)],
    ids=["nothing", "hide", "hide-false", "summary"],
)
def test_operation_is_hidden_by_doc_hide(doc, hidden):
    assert Operation(doc=doc).hidden is hidden


def test_operations_do_not_share_their_lists():
    first, second = Operation(), Operation()

    first.arguments.append(Argument(Pet()))
    first.doc["summary"] = "x"

    assert second.arguments == []
    assert second.doc == {}


# -- operation_of / recorded_operation --------------------------------------------------------


def test_operation_of_creates_the_record_once_and_stores_it_on_the_view():
    def get():
        pass

    operation = operation_of(get)

    assert getattr(get, OPERATION_ATTRIBUTE) is operation
    assert operation_of(get) is operation
    assert recorded_operation(get) is operation


def test_recorded_operation_reads_without_storing():
    operation = recorded_operation(view)

    assert operation == Operation()
    assert not hasattr(view, OPERATION_ATTRIBUTE)
    assert recorded_operation(view) is not operation


def test_recorded_operation_ignores_a_foreign_attribute():
    def get():
        pass

    setattr(get, OPERATION_ATTRIBUTE, "not an operation")

    assert recorded_operation(get) == Operation()
