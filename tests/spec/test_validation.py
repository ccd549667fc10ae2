import pytest

from restkit.spec.validation import Problem, document_problems


def minimal(version):
    return {"openapi": version, "info": {"title": "T", "version": "1"}, "paths": {}}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0", "3.1.1", "3.2.0"])
def test_a_valid_document_has_no_problem(version):
    assert document_problems(minimal(version)) == []


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0", "3.2.0"])
def test_every_problem_has_its_pointer(version):
    document = minimal(version)
    document["info"]["title"] = 1
    document["paths"]["/a"] = {
        "get": {"responses": {"200": {"$ref": "#/components/responses/Gone"}}}
    }
    problems = document_problems(document)
    assert problems[0] == Problem(
        "/paths/~1a/get/responses/200/$ref",
        "$ref '#/components/responses/Gone' points to nothing in the document",
    )
    assert Problem("/info/title", '1 is not of type "string"') in problems


def test_an_unknown_version_is_one_problem():
    problems = document_problems({"swagger": "2.0"})
    assert [str(problem) for problem in problems] == [
        "/openapi: OpenAPI version '' is not one of 3.0.x, 3.1.x, 3.2.x"
    ]


def test_the_root_is_shown_as_a_slash():
    assert str(Problem("", "missing openapi")) == "/: missing openapi"


def test_a_3_2_feature_is_valid_only_in_3_2():
    document = minimal("3.2.0")
    document["paths"]["/a"] = {
        "query": {"responses": {"200": {"description": "OK"}}},
    }
    assert document_problems(document) == []
    document["openapi"] = "3.1.0"
    assert document_problems(document) != []
