import pytest
from werkzeug.datastructures import Headers

from restkit.core import Response
from restkit.core.return_values import (
    complete_response,
    split_return_value,
    status_code,
    without_body,
)


@pytest.mark.parametrize(
    ("rv", "expected"),
    [
        pytest.param("body", ("body", None, None), id="body"),
        pytest.param(("body", 201), ("body", 201, None), id="status"),
        pytest.param(("body", "201 CREATED"), ("body", "201 CREATED", None), id="status-line"),
        pytest.param(("body", {"X-A": "1"}), ("body", None, {"X-A": "1"}), id="dict"),
        pytest.param(("body", [("X-A", "1")]), ("body", None, [("X-A", "1")]), id="pairs"),
        pytest.param(("body", (("X-A", "1"),)), ("body", None, (("X-A", "1"),)), id="tuple"),
        pytest.param(("body", 202, {"X-A": "1"}), ("body", 202, {"X-A": "1"}), id="all-three"),
    ],
)
def test_split_return_value(rv, expected):
    assert split_return_value(rv) == expected


def test_headers_objects_are_headers():
    headers = Headers([("X-A", "1")])

    assert split_return_value(({"a": 1}, headers)) == ({"a": 1}, None, headers)


@pytest.mark.parametrize("rv", [(), ("a",), ("a", 1, {}, "extra")], ids=["empty", "one", "four"])
def test_tuples_of_other_sizes_are_refused(rv):
    with pytest.raises(TypeError, match="tuple of the wrong size"):
        split_return_value(rv)


@pytest.mark.parametrize(
    ("status", "code"), [(201, 201), ("201 CREATED", 201), ("418", 418), (" 404 Gone", 404)]
)
def test_status_code_reads_ints_and_status_lines(status, code):
    assert status_code(status) == code


@pytest.mark.parametrize("status", ["CREATED", ""])
def test_a_status_without_a_code_is_refused(status):
    with pytest.raises(ValueError, match="is not an HTTP status"):
        status_code(status)


def test_complete_response_applies_status_and_replaces_headers_as_flask_does():
    response = Response("x", headers={"X-Own": "kept", "X-A": "old"})

    complete_response(response, "299 Fine", [("X-A", "1"), ("X-B", "2")])

    assert response.status == "299 Fine"
    assert response.headers.getlist("X-A") == ["1"]
    assert (response.headers["X-B"], response.headers["X-Own"]) == ("2", "kept")


@pytest.mark.parametrize("status", [204, 304])
def test_bodiless_statuses_lose_their_content_type(status):
    response = complete_response(Response("x", mimetype="text/plain"), status, None)

    assert "Content-Type" not in response.headers
    assert without_body(Response()).headers.get("Content-Type") is None
