import io
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.wrappers import Response as WerkzeugResponse

from restkit.core import Blueprint, Request, Response, request
from restkit.core.wrappers import count_form_fields

# -- routing attributes -----------------------------------------------------------------


def test_routing_attributes_without_a_match(app):
    with app.test_request_context("/missing"):
        assert request.endpoint is None
        assert request.blueprint is None
        assert request.blueprints == []


def test_routing_attributes_of_an_app_endpoint(app):
    app.add_url_rule("/", "index")

    with app.test_request_context("/"):
        assert request.endpoint == "index"
        assert request.blueprint is None
        assert request.blueprints == []


def test_routing_attributes_of_a_nested_blueprint_endpoint(app):
    outer, inner = Blueprint("outer", __name__), Blueprint("inner", __name__)
    inner.add_url_rule("/page", "page")
    outer.register_blueprint(inner)
    app.register_blueprint(outer)

    with app.test_request_context("/page"):
        assert request.endpoint == "outer.inner.page"
        assert request.blueprint == "outer.inner"
        assert request.blueprints == ["outer.inner", "outer"]


# -- JSON bodies ------------------------------------------------------------------------


@pytest.fixture
def json_app(app):
    @app.post("/")
    def echo():
        return {"got": request.get_json()}

    return app


def test_get_json_reads_a_json_body(json_app, client):
    response = client.post("/", json={"name": "ada"})

    assert response.json == {"got": {"name": "ada"}}


def test_get_json_accepts_json_suffix_types(json_app, client):
    response = client.post("/", data=b"[1]", content_type="application/merge-patch+json")

    assert response.json == {"got": [1]}


@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("text/plain", id="text"),
        pytest.param("application/x-www-form-urlencoded", id="form"),
        pytest.param(None, id="missing"),
    ],
)
def test_get_json_with_another_content_type_is_415(json_app, client, content_type):
    response = client.post("/", data=b'{"name": "ada"}', content_type=content_type)

    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(b'{"name": ', "Expecting value", id="truncated"),
        pytest.param(b'{"a": 1, "a": 2}', "Duplicate key", id="duplicate-key"),
        pytest.param(b"NaN", "NaN is not valid JSON", id="nan"),
        pytest.param(b'"\xff"', "not valid UTF-8", id="bad-utf8"),
    ],
)
def test_get_json_with_bad_json_is_400(json_app, client, body, reason):
    response = client.post("/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert b"The request body is not valid JSON: " in response.data
    assert reason.encode() in response.data


def test_get_json_silent_returns_none(app, client):
    app.add_url_rule("/", "index", lambda: repr(request.get_json(silent=True)), methods=["POST"])

    assert client.post("/", data=b"{", content_type="application/json").data == b"None"
    assert client.post("/", data=b"{}", content_type="text/plain").data == b"None"


def test_json_depth_follows_the_config(json_app, client):
    json_app.config["MAX_JSON_DEPTH"] = 2

    assert client.post("/", data=b"[[1]]", content_type="application/json").status_code == 200
    deep = client.post("/", data=b"[[[1]]]", content_type="application/json")
    assert deep.status_code == 400
    assert b"maximum depth of 2" in deep.data


# -- body limits ------------------------------------------------------------------------


@pytest.fixture
def limited_app(app):
    app.config["MAX_CONTENT_LENGTH"] = 10

    @app.post("/")
    def upload():
        return str(len(request.get_data()))

    return app


def test_body_within_max_content_length(limited_app, client):
    assert client.post("/", data=b"x" * 10).data == b"10"


def test_body_over_max_content_length_is_413(limited_app, client):
    assert client.post("/", data=b"x" * 11).status_code == 413


def test_chunked_body_over_max_content_length_is_413(limited_app, client):
    response = client.post(
        "/",
        input_stream=io.BytesIO(b"x" * 11),
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 413


def test_chunked_body_within_max_content_length(limited_app, client):
    response = client.post(
        "/",
        input_stream=io.BytesIO(b"x" * 10),
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.data == b"10"


def test_a_body_shorter_than_its_content_length_is_400(limited_app, client):
    """gunicorn ends the input at the client's EOF: the missing bytes are an error, not a cut."""
    response = client.post(
        "/",
        input_stream=io.BytesIO(b"x" * 4),
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": "9"},
    )

    assert response.status_code == 400
    assert b"The request body ended after 4 of the 9 bytes its Content-Length announced." in (
        response.data
    )


def test_a_body_of_its_content_length_is_read_whole_from_a_terminated_input(limited_app, client):
    response = client.post(
        "/",
        input_stream=io.BytesIO(b"x" * 9 + b"ignored"),
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": "9"},
    )

    assert response.data == b"9"


def test_a_content_length_past_the_limit_is_413_from_a_terminated_input(limited_app, client):
    response = client.post(
        "/",
        input_stream=io.BytesIO(b"x" * 11),
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": "11"},
    )

    assert response.status_code == 413


def test_a_terminated_input_without_a_limit_is_read_to_its_end(app, client):
    app.config["MAX_CONTENT_LENGTH"] = None
    app.add_url_rule("/", "upload", lambda: str(len(request.get_data())), methods=["POST"])

    response = client.post(
        "/",
        input_stream=io.BytesIO(b"x" * 20),
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.data == b"20"


class InvalidChunkSize(Exception):
    """What gunicorn raises, reading a chunked body with a chunk size that is not hex."""


class BrokenChunks(io.BytesIO):
    def readinto(self, buffer):
        raise InvalidChunkSize("zz")

    def read(self, size=-1):
        raise InvalidChunkSize("zz")


def test_a_body_the_server_cannot_unframe_is_400(limited_app, client):
    response = client.post(
        "/",
        input_stream=BrokenChunks(),
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 400
    assert b"its chunked encoding is broken" in response.data


class EndsEarly(io.BytesIO):
    def read(self, size=-1):
        raise OSError("No more data")  # gunicorn's NoMoreData: the last chunk never came

    readinto = read


def test_a_chunked_body_without_its_last_chunk_is_400(limited_app, client):
    response = client.post(
        "/",
        input_stream=EndsEarly(),
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 400
    assert b"The request body ended before its last chunk." in response.data


def test_default_max_content_length_is_16_mib(app):
    with app.test_request_context():
        assert request.max_content_length == 16 * 1024 * 1024


def test_json_over_max_content_length_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 5
    app.add_url_rule("/", "index", lambda: request.get_json(), methods=["POST"])

    assert client.post("/", json={"long": "value"}).status_code == 413


# -- classes ----------------------------------------------------------------------------


def test_request_form_limits_default_to_werkzeug_safe_values():
    assert Request.max_form_memory_size == 500_000
    assert Request.max_form_parts == 1_000


def test_response_defaults_to_html():
    assert Response("x").mimetype == "text/html"


def test_request_class_can_be_swapped(app, client):
    class MyRequest(Request):
        @property
        def client_name(self):
            return self.headers.get("X-Client", "unknown")

    app.request_class = MyRequest
    app.add_url_rule("/", "index", lambda: request.client_name)

    assert client.get("/", headers={"X-Client": "ios"}).data == b"ios"


def test_response_class_is_used_for_text_and_json(app, client):
    class MyResponse(Response):
        default_mimetype = "text/plain"

    app.response_class = MyResponse
    app.add_url_rule("/text", "text", lambda: "x")
    app.add_url_rule("/json", "json", lambda: {"a": 1})

    with app.test_request_context():
        assert type(app.make_response("x")) is MyResponse
        assert type(app.make_response({"a": 1})) is MyResponse
    assert client.get("/text").mimetype == "text/plain"


def test_chunked_form_over_max_content_length_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 10
    app.add_url_rule("/", "index", lambda: dict(request.form), methods=["POST"])

    def post(body):
        return client.post(
            "/",
            input_stream=io.BytesIO(body),
            content_type="application/x-www-form-urlencoded",
            headers={"Transfer-Encoding": "chunked"},
            environ_overrides={"wsgi.input_terminated": True},
        )

    assert post(b"a=12345678").json == {"a": "12345678"}
    assert post(b"a=123456789").status_code == 413


# -- sending: the plain-response shortcut gives what werkzeug gives ------------------------

HEADER_NAMES = st.sampled_from(
    ["X-A", "Content-Type", "Content-Length", "Location", "content-location", "Vary"]
)
BODIES = st.one_of(
    st.binary(max_size=20),
    st.text(max_size=20),
    st.lists(st.binary(max_size=5), max_size=3),
    st.just(None),
)


@settings(max_examples=300, deadline=None)
@given(
    body=BODIES,
    status=st.sampled_from([200, 201, 204, 206, 301, 304, 404, 500, 101]),
    headers=st.lists(st.tuples(HEADER_NAMES, st.sampled_from(["1", "/x", "text/plain"]))),
    method=st.sampled_from(["GET", "HEAD", "POST"]),
    passthrough=st.booleans(),
    set_length=st.booleans(),
)
def test_a_response_is_sent_as_werkzeug_sends_it(
    body, status, headers, method, passthrough, set_length
):
    def build(response_class):
        response = response_class(
            body, status=status, mimetype="text/plain", direct_passthrough=passthrough
        )
        for name, value in headers:
            response.headers.add(name, value)
        if not set_length:
            del response.headers["Content-Length"]
        return response

    environ = {"REQUEST_METHOD": method, "SERVER_NAME": "h", "SERVER_PORT": "80"}
    environ |= {"wsgi.url_scheme": "http", "PATH_INFO": "/a", "SCRIPT_NAME": ""}
    ours, theirs = build(Response), build(WerkzeugResponse)

    our_body, our_status, our_headers = ours.get_wsgi_response(environ)
    their_body, their_status, their_headers = theirs.get_wsgi_response(environ)

    assert (our_status, our_headers) == (their_status, their_headers)
    assert b"".join(our_body) == b"".join(their_body)


def test_a_plain_response_still_runs_its_close_callbacks():
    closed = []
    response = Response(b"body")
    response.call_on_close(lambda: closed.append(True))

    body, status, headers = response.get_wsgi_response({"REQUEST_METHOD": "GET"})
    assert status == "200 OK"
    assert b"".join(body) == b"body"
    body.close()

    assert closed == [True]
    assert ("Content-Length", "4") in headers


# -- form bodies --------------------------------------------------------------------------------

URLENCODED = "application/x-www-form-urlencoded"


@pytest.fixture
def form_app(app):
    app.add_url_rule("/", "index", lambda: request.form.to_dict(flat=False), methods=["POST"])
    return app


@pytest.mark.parametrize(
    ("body", "count"),
    [
        (b"", 0),
        (b"&", 0),
        (b"&&&", 0),
        (b"a", 1),
        (b"a=", 1),
        (b"=", 1),
        (b"a=1&b=2", 2),
        (b"&a=1&&b=2&", 2),
        (b"a=1&&&&&&&&&a=2", 2),
        (b"a=%26&b", 2),
    ],
)
def test_count_form_fields(body, count):
    assert count_form_fields(body) == count


@settings(deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from([b"&", b"&&", b"a", b"=", b"a=1", b"%26", b";", b"\xc3\xa9"]), max_size=30
    ).map(b"".join)
)
def test_count_form_fields_agrees_with_the_standard_parser(body):
    fields = urllib.parse.parse_qsl(body.decode(), keep_blank_values=True)

    assert count_form_fields(body) == len(fields)


def test_max_form_parts_caps_urlencoded_fields(app, form_app, client):
    app.config["MAX_FORM_PARTS"] = 3

    response = client.post("/", data="a=1&&b=2&c=3&", content_type=URLENCODED)
    assert response.json == {"a": ["1"], "b": ["2"], "c": ["3"]}
    response = client.post("/", data="a=1&b=2&c=3&d=4", content_type=URLENCODED)
    assert response.status_code == 413
    assert b"The form has more than 3 fields." in response.data


def test_fifty_thousand_fields_are_refused_with_the_default_cap(form_app, client):
    response = client.post("/", data="&".join(["x=1"] * 50_000), content_type=URLENCODED)

    assert response.status_code == 413
    assert b"more than 1000 fields" in response.data


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("q=%FF", id="escaped-byte"),
        pytest.param("q=%C3", id="cut-sequence"),
        pytest.param("q=%ED%A0%80", id="encoded-surrogate"),
    ],
)
def test_a_query_string_that_is_not_utf8_is_a_400(app, client, query):
    """werkzeug would keep the escape: the view would get the text '%FF'."""
    app.add_url_rule("/", "index", lambda: dict(request.args))

    response = client.get(f"/?{query}")

    assert response.status_code == 400
    assert b"The query string is not valid UTF-8, once its percent-escapes are decoded." in (
        response.data
    )


def test_a_query_string_of_utf8_is_decoded(app, client):
    app.add_url_rule("/", "index", lambda: dict(request.args))

    assert client.get("/?q=caf%C3%A9&r=plain+text").json == {"q": "café", "r": "plain text"}


def test_no_cap_without_max_form_parts(app, form_app, client):
    app.config["MAX_FORM_PARTS"] = None

    response = client.post("/", data="&".join(["x=1"] * 2_000), content_type=URLENCODED)

    assert response.json == {"x": ["1"] * 2_000}


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        pytest.param(b"name=\xff", URLENCODED, b"it is not valid UTF-8", id="bad-utf-8"),
        pytest.param(b"name=%FF", URLENCODED, b"it is not valid UTF-8", id="escaped-bad-utf-8"),
        pytest.param(b"a=1&b=%ED%A0%80", URLENCODED, b"not valid UTF-8", id="escaped-surrogate"),
        pytest.param(b"x", "multipart/form-data", b"Missing boundary", id="no-boundary"),
        pytest.param(
            b"--b\r\nContent-Disposition: form-data\r\n\r\nx",
            "multipart/form-data; boundary=b",
            b"not a valid form: the multipart body ends before its closing boundary.",
            id="broken-multipart",
        ),
    ],
)
def test_a_body_that_is_not_a_form_is_a_400(form_app, client, body, content_type, reason):
    response = client.post("/", data=body, content_type=content_type)

    assert response.status_code == 400
    assert b"The request body is not a valid form: " in response.data
    assert reason in response.data


def test_an_empty_form_is_an_empty_form(form_app, client):
    assert client.post("/", data=b"", content_type=URLENCODED).json == {}


def test_a_plain_response_without_close_work_sends_its_body_list():
    response = Response(b"body")

    body, _, _ = response.get_wsgi_response({"REQUEST_METHOD": "GET"})

    assert body == [b"body"]


def test_a_response_class_overriding_close_is_always_closed():
    closed = []

    class Closing(Response):
        def close(self):
            closed.append(True)
            super().close()

    body, _, _ = Closing(b"body").get_wsgi_response({"REQUEST_METHOD": "GET"})
    body.close()

    assert closed == [True]


def test_uploaded_files_are_closed_with_the_request(app, client):
    seen = []

    @app.post("/upload")
    def upload():
        seen.append(request.files["file"])
        return "ok"

    client.post("/upload", data={"file": (io.BytesIO(b"x" * 1000), "small.bin")})

    assert seen[0].stream.closed


def test_a_request_without_a_form_closes_without_parsing_it(app):
    with app.test_request_context("/", method="POST", data=b"raw") as ctx:
        ctx.request.close()

        assert "files" not in ctx.request.__dict__
