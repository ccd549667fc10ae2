"""Each input rule of DESIGN §4, location by location, with its status and problem body."""

import io
import sys

import pytest
from marshmallow import INCLUDE, Schema, fields, validate
from werkzeug.datastructures import MultiDict
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from restkit.fields import Upload
from restkit.rest.loaders import MISSING, REPEATED, flatten, multi_keys

from .problems import invalid, problem

REQUIRED = "Missing data for required field."
UNKNOWN = "Unknown field."
NOT_AN_INTEGER = "Not a valid integer."
INT64 = "Must be between -9223372036854775808 and 9223372036854775807."
NUL = "Text may not contain NUL characters."
SURROGATE = "Text may not contain unpaired surrogate characters."
BODY_REQUIRED = "A request body is required."
NOT_JSON = "The request body must be JSON, sent with 'Content-Type: application/json'."
NOT_A_FORM = (
    "The request body must be a form, sent as 'application/x-www-form-urlencoded' "
    "or 'multipart/form-data'."
)
TOO_LARGE = "The data value transmitted exceeds the capacity limit."
URLENCODED = "application/x-www-form-urlencoded"


class Pet(Schema):
    name = fields.Str(required=True)
    age = fields.Int()
    weight = fields.Int(validate=validate.Range(min=0))
    tags = fields.List(fields.Str())


class PetQuery(Schema):
    name = fields.Str()
    limit = fields.Int()
    tag = fields.List(fields.Str())


def post_json(blp, serve, schema=Pet, **options):
    """Serve ``POST /pets`` loading *schema* from the JSON body; return a client."""

    @blp.route("/pets", methods=["POST"])
    @blp.arguments(schema, **options)
    def create(body):
        return {"loaded": body}

    return serve()


def raw_json(client, data, content_type="application/json"):
    return client.post("/pets", data=data, content_type=content_type)


# -- JSON bodies: the parser's 400s -----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        pytest.param(
            "{",
            "Expecting property name enclosed in double quotes at line 1, column 2.",
            id="malformed",
        ),
        pytest.param(
            '{"name": "Rex",}',
            "Expecting property name enclosed in double quotes at line 1, column 16.",
            id="trailing-comma",
        ),
        pytest.param('{"name": "Rex"} {}', "Extra data at line 1, column 17.", id="extra-data"),
        pytest.param(
            b'{"name": "R\xe9x"}',
            "The JSON document is not valid UTF-8 (bad byte at position 11).",
            id="bad-utf8",
        ),
        pytest.param('{"age": NaN}', "NaN is not valid JSON: numbers must be finite.", id="nan"),
        pytest.param(
            '{"age": Infinity}',
            "Infinity is not valid JSON: numbers must be finite.",
            id="infinity",
        ),
        pytest.param(
            '{"age": -Infinity}',
            "-Infinity is not valid JSON: numbers must be finite.",
            id="minus-infinity",
        ),
        pytest.param('{"age": 1e400}', "The number 1e400 is too large.", id="float-overflow"),
        pytest.param(
            '{"name": "a", "name": "b"}', "Duplicate key 'name' in JSON object.", id="duplicate-key"
        ),
        pytest.param(
            '{"tags": [' * 33 + "]}" * 33,
            "JSON nesting exceeds the maximum depth of 64.",
            id="depth-65",
        ),
        pytest.param(
            '{"age": ' + "9" * (sys.get_int_max_str_digits() + 1) + "}",
            f"An integer in the JSON document has more than {sys.get_int_max_str_digits()} digits.",
            id="giant-integer",
        ),
    ],
)
def test_json_the_parser_refuses_is_a_400(blp, serve, data, detail):
    client = post_json(blp, serve)

    response = raw_json(client, data)

    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.json == problem(400, f"The request body is not valid JSON: {detail}")


def test_nesting_up_to_64_levels_is_accepted(blp, serve):
    client = post_json(blp, serve, {})
    document = "[" * 64 + "]" * 64

    response = raw_json(client, document)

    assert response.status_code == 200
    assert response.data == b'{"loaded":' + document.encode() + b"}"


def test_the_depth_limit_follows_max_json_depth(app, blp, serve):
    app.config["MAX_JSON_DEPTH"] = 3
    client = post_json(blp, serve, {})

    assert client.post("/pets", json={"a": {"b": {}}}).status_code == 200
    assert client.post("/pets", json={"a": {"b": {"c": {}}}}).json == problem(
        400, "The request body is not valid JSON: JSON nesting exceeds the maximum depth of 3."
    )


# -- JSON bodies: media type ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "application/jsonx"],
    ids=["none", "text", "form", "jsonx"],
)
def test_json_sent_with_another_or_no_content_type_is_a_415(blp, serve, content_type):
    client = post_json(blp, serve)

    response = raw_json(client, '{"name": "Rex"}', content_type)

    assert response.status_code == 415
    assert response.json == problem(415, NOT_JSON)


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "application/merge-patch+json", "APPLICATION/JSON"],
    ids=["charset", "plus-json", "uppercase"],
)
def test_json_media_types_are_accepted(blp, serve, content_type):
    client = post_json(blp, serve)

    assert raw_json(client, '{"name": "Rex"}', content_type).json == {"loaded": {"name": "Rex"}}


# -- bodies: size -----------------------------------------------------------------------------


def body_of_size(size):
    """Return a JSON object of exactly *size* bytes."""
    prefix, suffix = b'{"name": "', b'"}'
    return prefix + b"x" * (size - len(prefix) - len(suffix)) + suffix


def test_a_body_over_max_content_length_is_a_413(app, blp, serve):
    app.config["MAX_CONTENT_LENGTH"] = 100
    client = post_json(blp, serve)

    assert raw_json(client, body_of_size(100)).status_code == 200
    response = raw_json(client, body_of_size(101))

    assert response.status_code == 413
    assert response.json == problem(413, TOO_LARGE)


def post_chunked(client, body):
    """Send *body* as a chunked request: a terminated input stream, no ``Content-Length``."""
    builder = EnvironBuilder(
        "/pets",
        method="POST",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    environ = builder.get_environ()
    del environ["CONTENT_LENGTH"]
    return client.open(Request(environ))


@pytest.mark.parametrize(("size", "status"), [(100, 200), (101, 413), (10_000, 413)])
def test_a_chunked_body_is_limited_too(app, blp, serve, size, status):
    app.config["MAX_CONTENT_LENGTH"] = 100
    client = post_json(blp, serve)

    response = post_chunked(client, body_of_size(size))

    assert "CONTENT_LENGTH" not in response.request.environ
    assert response.status_code == status
    if status == 200:
        assert response.json == {"loaded": {"name": "x" * (size - 12)}}
    else:
        assert response.json == problem(413, TOO_LARGE)


def test_the_default_limit_is_16_mib(blp, serve):
    client = post_json(blp, serve, {})

    assert raw_json(client, b'"' + b"x" * (16 * 1024 * 1024 - 2) + b'"').status_code == 200
    assert raw_json(client, b'"' + b"x" * (16 * 1024 * 1024 - 1) + b'"').status_code == 413


def test_max_form_parts_caps_multipart_and_urlencoded_forms(app, blp, serve):
    app.config["MAX_FORM_PARTS"] = 2

    @blp.route("/form", methods=["POST"])
    @blp.arguments({"a": fields.Str(), "b": fields.Str(), "c": fields.Str()}, location="form")
    def form(data):
        return data

    client = serve()
    sent = {"a": "1", "b": "2", "c": "3"}

    response = client.post("/form", data=sent, content_type="multipart/form-data")

    assert response.status_code == 413
    assert response.json == problem(413, TOO_LARGE)
    response = client.post("/form", data=sent)
    assert response.json == problem(413, "The form has more than 2 fields.")
    assert client.post("/form", data={"a": "1", "b": "2"}).json == {"a": "1", "b": "2"}
    response = client.post("/form", data="&&a=1&&&b=2&", content_type=URLENCODED)
    assert response.json == {"a": "1", "b": "2"}


# -- bodies: required or not ------------------------------------------------------------------


def test_an_absent_required_body_is_a_422(blp, serve):
    client = post_json(blp, serve)

    response = client.post("/pets")

    assert response.status_code == 422
    assert response.json == invalid(json={"_schema": [BODY_REQUIRED]})


def test_an_empty_body_with_a_json_content_type_counts_as_absent(blp, serve):
    client = post_json(blp, serve)

    assert raw_json(client, b"").json == invalid(json={"_schema": [BODY_REQUIRED]})


def test_an_absent_optional_body_gives_the_view_none(blp, serve):
    client = post_json(blp, serve, required=False)

    assert client.post("/pets").json == {"loaded": None}
    assert client.post("/pets", json={"name": "Rex"}).json == {"loaded": {"name": "Rex"}}
    assert client.post("/pets", json={}).json == invalid(json={"name": [REQUIRED]})


def test_a_json_body_of_the_wrong_type_is_a_422(blp, serve):
    client = post_json(blp, serve)

    assert client.post("/pets", json=["Rex"]).json == invalid(
        json={"_schema": ["Invalid input type."]}
    )


# -- bodies: validation -----------------------------------------------------------------------


def test_every_field_error_is_reported(blp, serve):
    client = post_json(blp, serve)

    response = client.post("/pets", json={"age": "old", "weight": -1, "tags": "x"})

    assert response.status_code == 422
    assert response.json == invalid(
        json={
            "name": [REQUIRED],
            "age": [NOT_AN_INTEGER],
            "weight": ["Must be greater than or equal to 0."],
            "tags": ["Not a valid list."],
        }
    )


def test_unknown_body_fields_are_a_422(blp, serve):
    client = post_json(blp, serve)

    response = client.post("/pets", json={"name": "Rex", "is_admin": True, "id": 7})

    assert response.json == invalid(json={"is_admin": [UNKNOWN], "id": [UNKNOWN]})


def test_a_body_schema_keeps_its_own_unknown_policy(blp, serve):
    class Open(Schema):
        class Meta:
            unknown = INCLUDE

        name = fields.Str()

    client = post_json(blp, serve, Open)

    assert client.post("/pets", json={"name": "Rex", "extra": 1}).json == {
        "loaded": {"name": "Rex", "extra": 1}
    }


# -- strict integers, floats and booleans ----------------------------------------------------


@pytest.mark.parametrize(
    "age",
    [12.5, 12.0, True, False, "12", "twelve", None, [12]],
    ids=["float", "integral-float", "true", "false", "numeric-string", "text", "null", "list"],
)
def test_integers_are_strict_in_json(blp, serve, age):
    client = post_json(blp, serve)

    response = client.post("/pets", json={"name": "Rex", "age": age})

    expected = "Field may not be null." if age is None else NOT_AN_INTEGER
    assert response.json == invalid(json={"age": [expected]})


def test_integers_are_strict_inside_lists_and_nested_objects(blp, serve):
    class Litter(Schema):
        sizes = fields.List(fields.Int())
        mother = fields.Nested(Pet)

    client = post_json(blp, serve, Litter)

    response = client.post(
        "/pets", json={"sizes": [1, "2", 3.5], "mother": {"name": "Ma", "age": "4"}}
    )

    assert response.json == invalid(
        json={
            "sizes": {"1": [NOT_AN_INTEGER], "2": [NOT_AN_INTEGER]},
            "mother": {"age": [NOT_AN_INTEGER]},
        }
    )


@pytest.mark.parametrize(
    ("age", "errors"),
    [
        (2**63 - 1, None),
        (-(2**63), None),
        (2**63, [INT64]),
        (-(2**63) - 1, [INT64]),
        (10**30, [INT64]),
    ],
    ids=["max", "min", "max+1", "min-1", "huge"],
)
def test_integers_are_bounded_to_int64(blp, serve, age, errors):
    client = post_json(blp, serve)

    response = client.post("/pets", json={"name": "Rex", "age": age})

    if errors is None:
        assert response.json == {"loaded": {"name": "Rex", "age": age}}
    else:
        assert response.json == invalid(json={"age": errors})


def test_int64_holds_on_each_side_a_range_of_the_schemas_own_leaves_open(blp, serve):
    class Star(Schema):
        mass = fields.Int(validate=validate.Range(min=0))
        rank = fields.Int(validate=validate.Range(max=10))
        charge = fields.Int(validate=validate.Range(min=-(2**80), max=2**80))

    client = post_json(blp, serve, Star)

    assert client.post("/pets", json={"charge": -(2**80)}).json == {"loaded": {"charge": -(2**80)}}
    assert client.post("/pets", json={"mass": -1, "rank": 11}).json == invalid(
        json={
            "mass": ["Must be greater than or equal to 0."],
            "rank": ["Must be less than or equal to 10."],
        }
    )
    assert client.post("/pets", json={"mass": 2**63, "rank": -(2**63) - 1}).json == invalid(
        json={
            "mass": [f"Must be less than or equal to {2**63 - 1}."],
            "rank": [f"Must be greater than or equal to {-(2**63)}."],
        }
    )


@pytest.mark.parametrize("location", ["query", "form"])
def test_a_huge_integer_through_a_minimum_only_range_is_a_422(blp, serve, location):
    @blp.route("/pages", methods=["POST"])
    @blp.arguments({"page": fields.Int(validate=validate.Range(min=1))}, location=location)
    def pages(args):
        return args

    client = serve()
    huge = str(10**30)

    if location == "query":
        response = client.post(f"/pages?page={huge}")
    else:
        response = client.post("/pages", data={"page": huge})

    assert response.json == invalid(
        **{location: {"page": [f"Must be less than or equal to {2**63 - 1}."]}}
    )


class Measured(Schema):
    weight = fields.Float()
    vaccinated = fields.Bool()
    price = fields.Decimal(as_string=True)


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        pytest.param({"weight": "4.5"}, {"weight": ["Not a valid number."]}, id="float-as-text"),
        pytest.param({"weight": True}, {"weight": ["Not a valid number."]}, id="float-as-bool"),
        pytest.param({"vaccinated": "yes"}, {"vaccinated": ["Not a valid boolean."]}, id="yes"),
        pytest.param({"vaccinated": 1}, {"vaccinated": ["Not a valid boolean."]}, id="one"),
        pytest.param({"vaccinated": "true"}, {"vaccinated": ["Not a valid boolean."]}, id="text"),
    ],
)
def test_floats_and_booleans_are_strict_in_json(blp, serve, body, errors):
    response = post_json(blp, serve, Measured).post("/pets", json=body)

    assert response.json == invalid(json=errors)


def test_typed_json_values_load_and_decimals_take_text(blp, serve):
    client = post_json(blp, serve, Measured)

    response = client.post("/pets", json={"weight": 4, "vaccinated": False, "price": "9.90"})

    assert response.json == {"loaded": {"weight": 4.0, "vaccinated": False, "price": "9.90"}}


def test_floats_and_booleans_in_query_strings_are_parsed_from_text(blp, serve):
    @blp.route("/pets")
    @blp.arguments(Measured, location="query")
    def search(query):
        return query

    client = serve()

    assert client.get("/pets?weight=4.5&vaccinated=yes").json == {
        "weight": 4.5,
        "vaccinated": True,
    }


def test_integers_in_query_strings_are_parsed_from_text(blp, serve):
    @blp.route("/pets")
    @blp.arguments(PetQuery, location="query")
    def search(query):
        return query

    client = serve()

    assert client.get("/pets?limit=12").json == {"limit": 12}
    assert client.get("/pets?limit=12.5").json == invalid(query={"limit": [NOT_AN_INTEGER]})
    assert client.get(f"/pets?limit={2**63}").json == invalid(query={"limit": [INT64]})


def test_integers_in_forms_are_parsed_from_text(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments(Pet, location="form")
    def create(pet):
        return pet

    client = serve()

    assert client.post("/pets", data={"name": "Rex", "age": "12"}).json == {
        "name": "Rex",
        "age": 12,
    }
    assert client.post("/pets", data={"name": "Rex", "age": str(2**63)}).json == invalid(
        form={"age": [INT64]}
    )


def test_the_int_path_converter_is_bounded(blp, serve):
    @blp.route("/pets/<int:pet_id>")
    def get(pet_id):
        return {"id": pet_id}

    client = serve()

    assert client.get(f"/pets/{2**63 - 1}").json == {"id": 2**63 - 1}
    response = client.get(f"/pets/{2**63}")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


# -- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param('{"name": "Rex\\u0000"}', NUL, id="nul"),
        pytest.param('{"name": "\\ud800"}', SURROGATE, id="lone-high-surrogate"),
        pytest.param('{"name": "a\\udfffb"}', SURROGATE, id="lone-low-surrogate"),
    ],
)
def test_strings_with_nul_or_lone_surrogates_are_a_422(blp, serve, data, message):
    client = post_json(blp, serve)

    response = raw_json(client, data)

    assert response.status_code == 422
    assert response.json == invalid(json={"name": [message]})


def test_a_surrogate_pair_is_a_character_not_an_error(blp, serve):
    client = post_json(blp, serve)

    assert raw_json(client, '{"name": "\\ud83d\\udc36"}').json == {"loaded": {"name": "\U0001f436"}}


def test_unsafe_text_is_refused_in_lists_and_in_every_location(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments(Pet)
    @blp.arguments(PetQuery, location="query")
    @blp.arguments({"trace": fields.Str(data_key="X-Trace")}, location="headers")
    def create(pet, query, headers):
        return {}

    client = serve()

    response = client.post(
        "/pets?name=a%00b",
        json={"name": "Rex", "tags": ["ok", "\x00"]},
        headers={"X-Trace": "\x00"},
    )

    assert response.json == invalid(
        json={"tags": {"1": [NUL]}},
        query={"name": [NUL]},
        headers={"X-Trace": [NUL]},
    )


# -- query strings ----------------------------------------------------------------------------


@pytest.fixture
def search(blp, serve):
    @blp.route("/pets")
    @blp.arguments(PetQuery, location="query")
    def search_view(query):
        return query

    return serve()


def test_a_repeated_scalar_query_parameter_is_a_422(search):
    response = search.get("/pets?name=Rex&name=Max&limit=1&limit=2")

    assert response.status_code == 422
    assert response.json == invalid(query={"name": [REPEATED], "limit": [REPEATED]})
    assert REPEATED == "Repeated parameter: send one value, or declare a List field."


@pytest.mark.parametrize(
    ("query", "tags"),
    [("tag=a&tag=b", ["a", "b"]), ("tag=a", ["a"]), ("tag=b&name=x&tag=a", ["b", "a"])],
    ids=["two", "one", "interleaved"],
)
def test_a_list_field_takes_repeated_query_parameters(search, query, tags):
    assert search.get(f"/pets?{query}").json["tag"] == tags


def test_unknown_query_parameters_are_ignored(search):
    assert search.get("/pets?limit=3&utm_source=ad&utm_source=mail&_=1").json == {"limit": 3}


def test_repeats_are_reported_with_the_other_errors(search):
    response = search.get("/pets?name=Rex&name=Max&limit=many")

    assert response.json == invalid(query={"name": [REPEATED], "limit": [NOT_AN_INTEGER]})


def test_a_list_field_with_a_data_key_takes_repeats_by_that_key(blp, serve):
    @blp.route("/pets")
    @blp.arguments({"tags": fields.List(fields.Str(), data_key="tag[]")}, location="query")
    def search_view(query):
        return query

    assert serve().get("/pets?tag[]=a&tag[]=b").json == {"tags": ["a", "b"]}


# -- headers and cookies ----------------------------------------------------------------------


@pytest.fixture
def headers_client(blp, serve):
    @blp.route("/me")
    @blp.arguments(
        {
            "request_id": fields.Str(data_key="X-Request-ID", required=True),
            "languages": fields.List(fields.Str(), data_key="Accept-Language"),
            "version": fields.Int(data_key="X-Api-Version"),
        },
        location="headers",
    )
    def me(headers):
        return headers

    return serve()


@pytest.mark.parametrize("name", ["X-Request-ID", "x-request-id", "X-REQUEST-ID"])
def test_headers_are_matched_case_insensitively(headers_client, name):
    assert headers_client.get("/me", headers={name: "r-1"}).json == {"request_id": "r-1"}


def test_header_values_are_loaded_as_text_and_lists(headers_client):
    sent = {"X-Request-ID": "r-1", "Accept-Language": "fr", "X-Api-Version": "2"}

    assert headers_client.get("/me", headers=sent).json == {
        "request_id": "r-1",
        "languages": ["fr"],
        "version": 2,
    }


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param([("Accept-Language", "fr, en"), ("Accept-Language", "de")], id="repeated"),
        pytest.param([("Accept-Language", "fr,en ,de")], id="comma-joined"),
    ],
)
def test_a_list_header_takes_every_value(headers_client, sent):
    response = headers_client.get("/me", headers=[("X-Request-ID", "r-1"), *sent])

    assert response.json == {"request_id": "r-1", "languages": ["fr", "en", "de"]}


def test_header_errors_are_keyed_by_the_header_name(headers_client):
    response = headers_client.get("/me", headers={"X-Api-Version": "two"})

    assert response.json == invalid(
        headers={"X-Request-ID": [REQUIRED], "X-Api-Version": [NOT_AN_INTEGER]}
    )


def test_unknown_headers_are_ignored(headers_client):
    response = headers_client.get(
        "/me", headers={"X-Request-ID": "r-1", "X-Forwarded-For": "10.0.0.1"}
    )

    assert response.json == {"request_id": "r-1"}


def test_cookies_are_loaded_and_unknown_ones_ignored(blp, serve):
    @blp.route("/me")
    @blp.arguments(
        {"session_id": fields.Str(required=True), "visits": fields.Int()}, location="cookies"
    )
    def me(cookies):
        return cookies

    client = serve()
    assert client.get("/me").json == invalid(cookies={"session_id": [REQUIRED]})

    client.set_cookie("session_id", "s-1")
    client.set_cookie("visits", "3")
    client.set_cookie("_ga", "tracking")

    assert client.get("/me").json == {"session_id": "s-1", "visits": 3}


# -- path -------------------------------------------------------------------------------------


def test_path_parameters_can_be_validated_with_a_schema(blp, serve):
    @blp.route("/pets/<slug>")
    @blp.arguments({"slug": fields.Str(validate=validate.Length(max=5))}, location="path")
    def get(path, slug):
        return {"path": path, "slug": slug}

    client = serve()

    assert client.get("/pets/rex").json == {"path": {"slug": "rex"}, "slug": "rex"}
    assert client.get("/pets/rexrexrex").json == invalid(
        path={"slug": ["Longer than maximum length 5."]}
    )


def test_path_parameters_missing_from_the_schema_are_ignored(blp, serve):
    @blp.route("/owners/<int:owner_id>/pets/<int:pet_id>")
    @blp.arguments({"pet_id": fields.Int()}, location="path")
    def get(path, owner_id, pet_id):
        return path

    assert serve().get("/owners/1/pets/2").json == {"pet_id": 2}


# -- forms and files --------------------------------------------------------------------------


@pytest.fixture
def upload(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments(
        {"name": fields.Str(required=True), "tags": fields.List(fields.Str())}, location="form"
    )
    @blp.arguments(
        {"photo": Upload(required=True), "extra": fields.List(Upload())}, location="files"
    )
    def create(form, files):
        return {
            "form": form,
            "photo": [files["photo"].filename, files["photo"].read().decode()],
            "extra": [f.filename for f in files.get("extra", [])],
        }

    return serve()


def test_form_fields_and_files_are_loaded(upload):
    sent = {
        "name": "Rex",
        "tags": ["a", "b"],
        "photo": (io.BytesIO(b"PNG"), "rex.png"),
        "extra": [(io.BytesIO(b"1"), "1.txt"), (io.BytesIO(b"2"), "2.txt")],
    }

    response = upload.post("/pets", data=sent)

    assert response.json == {
        "form": {"name": "Rex", "tags": ["a", "b"]},
        "photo": ["rex.png", "PNG"],
        "extra": ["1.txt", "2.txt"],
    }


def test_form_and_file_errors_are_reported_together(upload):
    sent = {"name": ["Rex", "Max"], "owner": "Ann", "extra": (io.BytesIO(b"1"), "1.txt")}

    response = upload.post("/pets", data=sent)

    assert response.json == invalid(
        form={"name": [REPEATED], "owner": [UNKNOWN]},
        files={"photo": [REQUIRED]},
    )


def test_an_absent_form_is_a_422_and_json_for_a_form_is_a_415(upload):
    assert upload.post("/pets").json == invalid(
        form={"_schema": [BODY_REQUIRED]}, files={"_schema": [BODY_REQUIRED]}
    )
    response = upload.post("/pets", json={"name": "Rex"})
    assert response.status_code == 415
    assert response.json == problem(415, NOT_A_FORM)


def test_an_absent_optional_form_gives_the_view_none(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments({"name": fields.Str()}, location="form", required=False)
    def create(form):
        return {"form": form}

    client = serve()

    assert client.post("/pets").json == {"form": None}


@pytest.mark.parametrize("content_type", [URLENCODED, "multipart/form-data"])
@pytest.mark.parametrize("location", ["form", "json_or_form"])
def test_an_empty_form_is_an_empty_object(blp, serve, content_type, location):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments({"name": fields.Str(), "tag": fields.Str()}, location=location)
    def create(form):
        return {"form": form}

    @blp.route("/owners", methods=["POST"])
    @blp.arguments({"name": fields.Str(required=True)}, location=location)
    def create_owner(form):
        return {"form": form}

    client = serve()

    assert client.post("/pets", data={}, content_type=content_type).json == {"form": {}}
    response = client.post("/owners", data={}, content_type=content_type)
    assert response.json == invalid(**{location: {"name": [REQUIRED]}})


def test_an_empty_upload_is_an_empty_object(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments({"photo": Upload()}, location="files")
    def create(files):
        return {"files": sorted(files)}

    client = serve()

    assert client.post("/pets", data={}, content_type="multipart/form-data").json == {"files": []}


def test_json_or_form_takes_either(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments(Pet, location="json_or_form")
    def create(pet):
        return pet

    client = serve()

    assert client.post("/pets", json={"name": "Rex", "age": 3}).json == {"name": "Rex", "age": 3}
    assert client.post("/pets", data={"name": "Rex", "age": "3"}).json == {"name": "Rex", "age": 3}
    assert client.post("/pets", json={"name": "Rex", "age": "3"}).json == invalid(
        json_or_form={"age": [NOT_AN_INTEGER]}
    )
    assert client.post("/pets", data={"name": ["a", "b"]}).json == invalid(
        json_or_form={"name": [REPEATED]}
    )
    assert client.post("/pets", data={}, content_type="multipart/form-data").json == invalid(
        json_or_form={"name": [REQUIRED]}
    )
    assert client.post("/pets").json == invalid(json_or_form={"_schema": [BODY_REQUIRED]})
    assert raw_json(client, '{"name": "Rex"}', "text/plain").status_code == 415


# -- JSON Schema arguments --------------------------------------------------------------------

PET_JSON_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "age": {"type": "integer", "maximum": 30},
        "tags": {"type": "array", "items": {"type": "string"}},
        "owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "anything": True,
    },
    "required": ["name"],
    "additionalProperties": False,
}


def test_a_json_schema_argument_reports_errors_in_the_same_shape(blp, serve):
    client = post_json(blp, serve, PET_JSON_SCHEMA)

    response = client.post(
        "/pets", json={"age": 31, "tags": ["a", 2], "owner": {"name": 5}, "x": 1}
    )

    assert response.status_code == 422
    assert response.json == invalid(
        json={
            "name": ["Missing data for required field."],
            "x": ["Unknown field."],
            "age": ["31 is greater than the maximum of 30"],
            "tags": {"1": ["2 is not of type 'string'"]},
            "owner": {"name": ["5 is not of type 'string'"]},
        }
    )


def test_json_schema_object_errors_land_on_the_property_they_concern(blp, serve):
    schema = {
        "type": "object",
        "properties": {
            "owner": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "patternProperties": {"^x-": {}},
                "required": ["name"],
                "additionalProperties": False,
            }
        },
        "minProperties": 2,
    }
    client = post_json(blp, serve, schema)

    response = client.post("/pets", json={"owner": {"x-trace": 1, "nick": "R"}})

    assert response.json == invalid(
        json={
            "_schema": ["{'owner': {'x-trace': 1, 'nick': 'R'}} does not have enough properties"],
            "owner": {"name": ["Missing data for required field."], "nick": ["Unknown field."]},
        }
    )


def test_a_json_schema_argument_passes_valid_data_as_is(blp, serve):
    client = post_json(blp, serve, PET_JSON_SCHEMA)
    pet = {"name": "Rex", "tags": ["a"], "owner": {"name": "Ann"}, "anything": [None]}

    assert client.post("/pets", json=pet).json == {"loaded": pet}


def test_a_json_schema_argument_refuses_unsafe_text_anywhere(blp, serve):
    client = post_json(blp, serve, PET_JSON_SCHEMA)

    response = raw_json(
        client, '{"name": "\\u0000", "owner": {"name": "\\ud800"}, "tags": ["\\udc00"]}'
    )

    assert response.json == invalid(
        json={"name": [NUL], "owner": {"name": [SURROGATE]}, "tags": {"0": [SURROGATE]}}
    )


def test_a_json_schema_argument_refuses_unsafe_keys(blp, serve):
    client = post_json(blp, serve, {"type": "object"})

    assert raw_json(client, '{"a\\u0000": 1}').json == invalid(json={"_schema": [NUL]})


def test_a_json_schema_query_argument_takes_lists_and_refuses_repeats(blp, serve):
    @blp.route("/pets")
    @blp.arguments(PET_JSON_SCHEMA | {"required": []}, location="query")
    def search_view(query):
        return query

    client = serve()

    assert client.get("/pets?tags=a&tags=b&name=Rex").json == {"tags": ["a", "b"], "name": "Rex"}
    assert client.get("/pets?name=a&name=b").json == invalid(query={"name": [REPEATED]})


# -- the helpers ------------------------------------------------------------------------------


def test_multi_keys_splits_list_fields_from_single_ones():
    class Query(Schema):
        tag = fields.List(fields.Str(), data_key="tag[]")
        point = fields.Tuple((fields.Int(), fields.Int()))
        name = fields.Str()
        id = fields.Int(dump_only=True)

    assert multi_keys(Query()) == (frozenset({"tag[]", "point"}), frozenset({"name"}))


def test_flatten_keeps_lists_for_list_keys_and_reports_repeats_of_single_ones():
    source = MultiDict([("tag", "a"), ("tag", "b"), ("name", "x"), ("other", "1"), ("other", "2")])

    assert flatten(source, frozenset({"tag"}), frozenset({"name"})) == (
        {"tag": ["a", "b"], "name": "x", "other": "1"},
        {},
    )
    assert flatten(source, frozenset(), frozenset({"tag", "name"})) == (
        {"name": "x", "other": "1"},
        {"tag": [REPEATED]},
    )


def test_missing_says_what_it_is():
    assert repr(MISSING) == "<missing>"
