"""ETags and conditional requests: ``@etag``, ``check_etag``, ``set_etag`` and their stages."""

from __future__ import annotations

import functools
import hashlib
import logging
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, MethodView, Response, abort
from restkit.core.errors import RestkitError
from restkit.rest import operation_of
from restkit.rest.etag import (
    check_etag,
    conditional_requests,
    current_conditions_var,
    etag_from_schema,
    set_etag,
)
from restkit.rest.operation import Etag
from restkit.rest.pipeline import StageSetup

from .problems import problem

if t.TYPE_CHECKING:
    from restkit.core.testing import TestClient

PROBLEM = "application/problem+json"
STALE = (
    "The resource has changed since the ETag in If-Match was read: get it again, and repeat "
    "the request with its new ETag."
)
WEAK = (
    "If-Match names the current ETag as a weak one (W/): If-Match uses the strong comparison, "
    "so send the ETag exactly as it was received."
)
NO_TAG = (
    "If-Match holds no entity tag: send the ETag header of the resource as it was received, "
    'double quotes included ("...").'
)


def required(method: str) -> str:
    return (
        f"A {method} of this resource must be conditional: send If-Match with the ETag the "
        "resource was last read with."
    )


def etag_of(data: bytes) -> str:
    """The ETag restkit sends for *data*: werkzeug's SHA-1 hex, quoted."""
    return f'"{hashlib.sha1(data).hexdigest()}"'


class Pet(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)


class PetPatch(Schema):
    name = fields.Str()


Store = dict[int, dict[str, t.Any]]


def find(store: Store, pet_id: int) -> dict[str, t.Any]:
    if pet_id not in store:
        abort(404, f"There is no pet {pet_id}.")
    return store[pet_id]


def replace(store: Store, data: dict[str, t.Any], pet_id: int) -> dict[str, t.Any]:
    check_etag(find(store, pet_id), Pet)
    store[pet_id] = {"id": pet_id, **data}
    return store[pet_id]


def change(store: Store, data: dict[str, t.Any], pet_id: int) -> dict[str, t.Any]:
    pet = find(store, pet_id)
    check_etag(pet, Pet)
    pet.update(data)
    return pet


def remove(store: Store, pet_id: int) -> None:
    check_etag(find(store, pet_id), Pet)
    del store[pet_id]


def add(store: Store, data: dict[str, t.Any]) -> dict[str, t.Any]:
    pet_id = max(store, default=0) + 1
    store[pet_id] = {"id": pet_id, **data}
    return store[pet_id]


def register_functions(blp: Blueprint, store: Store) -> None:
    """Pets as one view function per method, each decorated with ``@etag``."""

    @blp.post("/pets")
    @blp.etag
    @blp.arguments(Pet)
    @blp.response(201, Pet)
    def add_pet(data):
        return add(store, data)

    @blp.get("/pets/<int:pet_id>")
    @blp.etag
    @blp.response(200, Pet)
    def get_pet(pet_id):
        return find(store, pet_id)

    @blp.put("/pets/<int:pet_id>")
    @blp.etag
    @blp.arguments(Pet)
    @blp.response(200, Pet)
    def replace_pet(data, pet_id):
        return replace(store, data, pet_id)

    @blp.patch("/pets/<int:pet_id>")
    @blp.etag
    @blp.arguments(PetPatch)
    @blp.response(200, Pet)
    def change_pet(data, pet_id):
        return change(store, data, pet_id)

    @blp.delete("/pets/<int:pet_id>")
    @blp.etag
    @blp.response(204)
    def delete_pet(pet_id):
        remove(store, pet_id)


def register_resources(blp: Blueprint, store: Store) -> None:
    """Pets as ``MethodView`` classes decorated, as a whole, with ``@etag``."""

    @blp.route("/pets")
    @blp.etag
    class Pets(MethodView):
        @blp.arguments(Pet)
        @blp.response(201, Pet)
        def post(self, data):
            return add(store, data)

    @blp.route("/pets/<int:pet_id>")
    @blp.etag
    class PetById(MethodView):
        @blp.response(200, Pet)
        def get(self, pet_id):
            return find(store, pet_id)

        @blp.arguments(Pet)
        @blp.response(200, Pet)
        def put(self, data, pet_id):
            return replace(store, data, pet_id)

        @blp.arguments(PetPatch)
        @blp.response(200, Pet)
        def patch(self, data, pet_id):
            return change(store, data, pet_id)

        @blp.response(204)
        def delete(self, pet_id):
            remove(store, pet_id)


@pytest.fixture
def store() -> Store:
    return {1: {"id": 1, "name": "Rex"}}


@pytest.fixture(params=["function", "method-view"])
def client(request, blp, serve, store) -> TestClient:
    register = register_functions if request.param == "function" else register_resources
    register(blp, store)
    return serve()


def current_etag(client: TestClient) -> str:
    return t.cast(str, client.get("/pets/1").headers["ETag"])


# -- GET and HEAD: the ETag header, 304 ----------------------------------------------------------


def test_a_get_sends_the_etag_of_its_body(client):
    response = client.get("/pets/1")

    assert response.status_code == 200
    assert response.json == {"id": 1, "name": "Rex"}
    assert response.headers["ETag"] == etag_of(response.data)


def test_the_etag_is_stable_and_follows_the_representation(client, store):
    first, again = current_etag(client), current_etag(client)
    store[1]["name"] = "Max"

    assert first == again
    assert current_etag(client) != first


@pytest.mark.parametrize(
    "if_none_match",
    [
        "{etag}",
        "W/{etag}",
        '"other", {etag}',
        '  "other" ,W/{etag}  ',
        "*",
        " * ",
    ],
    ids=["same", "weak", "in-a-list", "list-with-spaces", "star", "star-with-spaces"],
)
def test_a_matching_if_none_match_is_a_304_without_body(client, if_none_match):
    etag = current_etag(client)

    response = client.get("/pets/1", headers={"If-None-Match": if_none_match.format(etag=etag)})

    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert "Content-Type" not in response.headers
    assert "X-Content-Type-Options" not in response.headers


@pytest.mark.parametrize(
    "if_none_match", ['"other"', '"other", W/"more"', "", "nonsense ,", '"unterminated']
)
def test_another_if_none_match_gets_the_representation(client, if_none_match):
    response = client.get("/pets/1", headers={"If-None-Match": if_none_match})

    assert response.status_code == 200
    assert response.json == {"id": 1, "name": "Rex"}
    assert response.headers["ETag"] == etag_of(response.data)


def test_head_sends_the_etag_of_get_and_answers_304_too(client):
    etag = current_etag(client)

    head = client.head("/pets/1")
    matched = client.head("/pets/1", headers={"If-None-Match": etag})

    assert (head.status_code, head.data, head.headers["ETag"]) == (200, b"", etag)
    assert (matched.status_code, matched.data, matched.headers["ETag"]) == (304, b"", etag)


def test_an_error_gets_no_etag_and_no_304(client):
    response = client.get("/pets/7", headers={"If-None-Match": "*"})

    assert response.status_code == 404
    assert response.json == problem(404, "There is no pet 7.")
    assert "ETag" not in response.headers


# -- writes: 428, 412, the new ETag -----------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "body"), [("put", {"name": "Max"}), ("patch", {"name": "Max"}), ("delete", None)]
)
def test_a_write_without_if_match_is_a_428_problem(client, store, method, body):
    response = getattr(client, method)("/pets/1", json=body)

    assert response.status_code == 428
    assert response.mimetype == PROBLEM
    assert response.json == problem(428, required(method.upper()))
    assert "ETag" not in response.headers
    assert store[1] == {"id": 1, "name": "Rex"}


@pytest.mark.parametrize(
    ("method", "body"), [("put", {"name": "Max"}), ("patch", {"name": "Max"}), ("delete", None)]
)
@pytest.mark.parametrize(
    ("if_match", "detail"),
    [
        ('"stale"', STALE),
        ('"stale", W/"older"', STALE),
        ("W/{etag}", WEAK),
        ('"unterminated', NO_TAG),
        (",", NO_TAG),
        ("", NO_TAG),
        (" \t", NO_TAG),
    ],
    ids=["stale", "stale-list", "weak", "garbage", "no-tag", "empty", "blank"],
)
def test_a_write_with_a_stale_if_match_is_a_412_problem(
    client, store, method, body, if_match, detail
):
    etag = current_etag(client)

    response = getattr(client, method)(
        "/pets/1", json=body, headers={"If-Match": if_match.format(etag=etag)}
    )

    assert response.status_code == 412
    assert response.mimetype == PROBLEM
    assert response.json == problem(412, detail)
    assert "ETag" not in response.headers
    assert store[1] == {"id": 1, "name": "Rex"}


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("if_match", ["{etag}", '"stale", {etag}', " {etag} ", "*"])
def test_a_write_with_the_current_etag_goes_through_and_sends_the_new_one(
    client, store, method, if_match
):
    etag = current_etag(client)

    response = getattr(client, method)(
        "/pets/1", json={"name": "Max"}, headers={"If-Match": if_match.format(etag=etag)}
    )

    assert response.status_code == 200
    assert response.json == store[1] == {"id": 1, "name": "Max"}
    assert response.headers["ETag"] == etag_of(response.data) == current_etag(client) != etag


def test_a_delete_with_the_current_etag_goes_through_without_etag(client, store):
    response = client.delete("/pets/1", headers={"If-Match": current_etag(client)})

    assert response.status_code == 204
    assert response.data == b""
    assert "ETag" not in response.headers
    assert store == {}


def test_a_write_on_a_missing_resource_is_a_404(client):
    response = client.put("/pets/7", json={"name": "Max"}, headers={"If-Match": "*"})

    assert response.status_code == 404
    assert "ETag" not in response.headers


def test_a_lost_update_is_refused(client, store):
    etag = current_etag(client)
    first = client.put("/pets/1", json={"name": "Max"}, headers={"If-Match": etag})

    second = client.put("/pets/1", json={"name": "Bo"}, headers={"If-Match": etag})

    assert (first.status_code, second.status_code) == (200, 412)
    assert store[1]["name"] == "Max"


def test_a_post_sends_an_etag_and_needs_no_if_match(client):
    response = client.post("/pets", json={"name": "Bo"})

    assert response.status_code == 201
    assert (
        response.headers["ETag"] == etag_of(response.data) == client.get("/pets/2").headers["ETag"]
    )


def test_if_match_is_checked_before_the_arguments_are_loaded(client):
    response = client.put("/pets/1", json={"bogus": 1})

    assert response.status_code == 428


# -- what the view controls: check_etag, set_etag, the ETag schema -----------------------------


def test_a_write_whose_view_does_not_check_the_etag_goes_through_and_is_logged(blp, serve, caplog):
    @blp.put("/things/<int:thing_id>")
    @blp.etag
    @blp.response(200)
    def replace_thing(thing_id):
        return {"id": thing_id}

    client = serve()

    with caplog.at_level(logging.WARNING):
        response = client.put("/things/1", headers={"If-Match": '"anything"'})

    assert response.status_code == 200
    assert [record.getMessage() for record in caplog.records] == [
        "PUT test.replace_thing: the view did not call check_etag(), so If-Match was required "
        "but not compared with the resource. Call blueprint.check_etag(obj) before changing it."
    ]


def test_set_etag_gives_the_etag_and_a_match_ends_the_view_with_304(blp, serve):
    reached: list[str] = []

    @blp.route("/counter")
    class Counter(MethodView):
        @blp.etag
        @blp.response(200)
        def get(self):
            blp.set_etag({"version": 3})
            reached.append("after set_etag")
            return {"count": 42}

    client = serve()
    expected = etag_of(b'{"version":3}')

    sent = client.get("/counter")
    matched = client.get("/counter", headers={"If-None-Match": expected})

    assert (sent.status_code, sent.json, sent.headers["ETag"]) == (200, {"count": 42}, expected)
    assert (matched.status_code, matched.data, matched.headers["ETag"]) == (304, b"", expected)
    assert reached == ["after set_etag"]


def test_set_etag_with_a_schema_hashes_its_dump(blp, serve):
    @blp.put("/pets/<int:pet_id>")
    @blp.etag
    @blp.response(200, Pet)
    def replace_pet(pet_id):
        pet = {"id": pet_id, "name": "Rex", "owner": "me"}
        blp.check_etag({"any": "thing"})
        blp.set_etag(pet, Pet)
        return pet

    response = serve().put("/pets/1", headers={"If-Match": "*"})

    assert response.headers["ETag"] == etag_of(b'{"id":1,"name":"Rex"}')


def test_set_etag_in_a_write_does_not_answer_304(blp, serve):
    @blp.post("/things")
    @blp.etag
    @blp.response(201)
    def add_thing():
        blp.set_etag("v1")
        return {"id": 1}

    response = serve().post("/things", headers={"If-None-Match": "*"})

    assert (response.status_code, response.headers["ETag"]) == (201, etag_of(b'"v1"'))


class PetVersion(Schema):
    id = fields.Int()
    version = fields.Int()


@pytest.mark.parametrize(
    "etag_schema",
    [PetVersion, PetVersion(), {"id": fields.Int(), "version": fields.Int()}],
    ids=["class", "instance", "dict"],
)
def test_an_etag_schema_computes_the_etag_from_its_dump(blp, serve, store, etag_schema):
    store[1]["version"] = 1

    @blp.route("/pets/<int:pet_id>")
    @blp.etag(etag_schema)
    class PetById(MethodView):
        @blp.response(200, Pet)
        def get(self, pet_id):
            return find(store, pet_id)

        @blp.arguments(Pet)
        @blp.response(200, Pet)
        def put(self, data, pet_id):
            pet = find(store, pet_id)
            blp.check_etag(pet)  # with the ETag schema
            store[pet_id] = {**pet, **data, "version": pet["version"] + 1}
            return store[pet_id]

    client = serve()
    etag = current_etag(client)
    store[1]["name"] = "Renamed"  # not in the ETag schema: the ETag stays

    assert etag == etag_of(b'{"id":1,"version":1}') == current_etag(client)
    replaced = client.put("/pets/1", json={"name": "Max"}, headers={"If-Match": etag})
    assert replaced.headers["ETag"] == etag_of(b'{"id":1,"version":2}')
    assert client.put("/pets/1", json={"name": "Bo"}, headers={"If-Match": etag}).status_code == 412


def test_an_etag_schema_leaves_errors_alone(blp, serve):
    @blp.get("/pets/<int:pet_id>")
    @blp.etag(PetVersion)
    @blp.response(200, Pet)
    def get_pet(pet_id):
        return {"detail": "gone"}, 410

    response = serve().get("/pets/1")

    assert response.status_code == 410
    assert "ETag" not in response.headers


def test_set_etag_wins_over_the_etag_schema(blp, serve):
    @blp.get("/pets/<int:pet_id>")
    @blp.etag(PetVersion)
    @blp.response(200, Pet)
    def get_pet(pet_id):
        blp.set_etag({"id": 9, "version": 7, "other": "left out"})  # with the ETag schema
        return {"id": pet_id, "name": "Rex", "version": 1}

    assert serve().get("/pets/1").headers["ETag"] == etag_of(b'{"id":9,"version":7}')


def test_the_pagination_header_enters_the_etag(blp, serve):
    pages = {"X-Pagination": '{"total": 1}'}

    @blp.get("/pets")
    @blp.etag
    @blp.response(200, Pet(many=True))
    def list_pets():
        return [{"id": 1, "name": "Rex"}], pages

    client = serve()
    first = client.get("/pets").headers["ETag"]
    pages["X-Pagination"] = '{"total": 2}'
    second = client.get("/pets")

    assert first == etag_of(b'[{"id":1,"name":"Rex"}]\nX-Pagination: {"total": 1}')
    assert second.headers["ETag"] == etag_of(second.data + b'\nX-Pagination: {"total": 2}')


def test_a_304_repeats_the_caching_headers_of_the_response(blp, serve):
    @blp.get("/pets/<int:pet_id>")
    @blp.etag
    @blp.response(200, Pet)
    def get_pet(pet_id):
        headers = {"Cache-Control": "max-age=60", "Vary": "Accept-Language", "X-Other": "1"}
        return {"id": pet_id, "name": "Rex"}, headers

    client = serve()
    etag = client.get("/pets/1").headers["ETag"]

    response = client.get("/pets/1", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.headers["Cache-Control"] == "max-age=60"
    assert response.headers["Vary"] == "Accept-Language"
    assert "X-Other" not in response.headers


def test_a_streamed_response_gets_no_etag(blp, serve):
    @blp.get("/stream")
    @blp.etag
    @blp.response(200)
    def stream():
        return Response(iter([b"a", b"b"]), mimetype="text/plain")

    response = serve().get("/stream", headers={"If-None-Match": "*"})

    assert (response.status_code, response.data) == (200, b"ab")
    assert "ETag" not in response.headers


def test_a_204_gets_an_etag_only_from_set_etag(blp, serve):
    @blp.put("/things/<int:thing_id>")
    @blp.etag
    @blp.response(204)
    def replace_thing(thing_id):
        blp.check_etag(thing_id)
        if thing_id == 2:
            blp.set_etag(thing_id + 1)

    client = serve()
    plain = client.put("/things/1", headers={"If-Match": etag_of(b"1")})
    tagged = client.put("/things/2", headers={"If-Match": etag_of(b"2")})

    assert plain.status_code == tagged.status_code == 204
    assert "ETag" not in plain.headers
    assert tagged.headers["ETag"] == etag_of(b"3")


def test_the_conditions_of_a_request_show_what_the_view_did(blp, serve):
    seen: list[str] = []

    @blp.put("/things/<int:thing_id>")
    @blp.etag
    @blp.response(200)
    def replace_thing(thing_id):
        blp.check_etag(thing_id)
        blp.set_etag("new")
        seen.append(repr(current_conditions_var.get()))
        return {}

    serve().put("/things/1", headers={"If-Match": "*"})
    tag = hashlib.sha1(b'"new"').hexdigest()

    assert seen == [f"<Conditions PUT etag={tag!r} checked=True>"]


# -- misuse -------------------------------------------------------------------------------------


def test_check_etag_in_a_get_is_a_programming_error(blp, serve):
    @blp.get("/pets/<int:pet_id>")
    @blp.etag
    def get_pet(pet_id):
        blp.check_etag({"id": pet_id})

    with pytest.raises(RestkitError, match=r"check_etag\(\) compares If-Match"):
        serve().get("/pets/1")


def test_set_etag_in_a_delete_is_a_programming_error(blp, serve):
    @blp.delete("/pets/<int:pet_id>")
    @blp.etag
    def delete_pet(pet_id):
        blp.set_etag({"id": pet_id})

    with pytest.raises(RestkitError, match=r"set_etag\(\) in a DELETE view"):
        serve().delete("/pets/1", headers={"If-Match": "*"})


@pytest.mark.parametrize("helper", [check_etag, set_etag], ids=["check_etag", "set_etag"])
def test_the_helpers_need_an_etag_view(blp, serve, helper):
    @blp.put("/pets/<int:pet_id>")
    @blp.response(200)
    def replace_pet(pet_id):
        helper({"id": pet_id})

    with pytest.raises(RestkitError, match=r"inside a view decorated with @blueprint.etag"):
        serve().put("/pets/1")


def test_an_etag_schema_must_be_a_marshmallow_schema(blp):
    with pytest.raises(RestkitError, match="must be a marshmallow Schema"):
        blp.etag({"type": "object"})


# -- the record -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decorate", "schema"),
    [
        (lambda blp: blp.etag, None),
        (lambda blp: blp.etag(), None),
        (lambda blp: blp.etag(PetVersion), PetVersion),
    ],
    ids=["bare", "called", "schema"],
)
def test_etag_records_on_the_operation_and_returns_the_view(blp, decorate, schema):
    def view():
        pass

    assert decorate(blp)(view) is view
    record = operation_of(view).etag
    assert record is not None
    assert record.include_headers == ("X-Pagination",)
    assert (type(record.schema) if schema else record.schema) == schema


def test_etag_on_a_method_view_records_on_every_method(blp):
    @blp.etag
    class Resource(MethodView):
        def get(self):
            pass

        def delete(self):
            pass

    assert (
        operation_of(Resource.get).etag
        == operation_of(Resource.delete).etag
        == Etag(include_headers=("X-Pagination",))
    )


def test_the_included_headers_are_a_blueprint_setting(blp):
    class NoHeaders(Blueprint):
        ETAG_INCLUDE_HEADERS = ()

    @NoHeaders("other", __name__).etag
    def view():
        pass

    assert operation_of(view).etag == Etag()


def test_the_stages_cost_nothing_where_there_is_no_etag(app):
    def next_step(call):
        return "next"

    blp = Blueprint("b", __name__)

    @blp.response(200, Pet)
    def plain_view():
        pass

    @blp.etag
    def tagged_view():
        pass

    plain = StageSetup(app, "pets", "GET", operation_of(plain_view), plain_view)
    tagged = StageSetup(app, "pets", "OPTIONS", operation_of(tagged_view), tagged_view)

    for setup in (plain, tagged):
        assert conditional_requests(setup, next_step) is next_step
        assert etag_from_schema(setup, next_step) is next_step


def test_a_bare_etag_adds_no_schema_stage(app):
    def next_step(call):
        return "next"

    @Blueprint("b", __name__).etag
    def view():
        pass

    setup = StageSetup(app, "pets", "GET", operation_of(view), view)

    assert etag_from_schema(setup, next_step) is next_step
    assert conditional_requests(setup, next_step) is not next_step


# -- the decisions, against RFC 9110 -----------------------------------------------------------

#: Characters of an opaque tag (RFC 9110 §8.8.3: %x21 / %x23-7E / obs-text).
ETAGC = "".join(chr(c) for c in [0x21, *range(0x23, 0x7F), *range(0x80, 0x100)])


def reference_entity_tags(value: str) -> tuple[bool, list[tuple[bool, str]]] | None:
    """Parse a conditional header as RFC 9110 writes it: ``*`` or ``#entity-tag``.

    Return ``(is_star, [(weak, opaque), ...])``, or ``None`` when the value is
    not valid. Empty list elements are allowed (§5.6.1).
    """
    value = value.strip(" \t")
    if value == "*":
        return True, []
    tags: list[tuple[bool, str]] = []
    position, size = 0, len(value)
    while True:
        while position < size and value[position] in " \t,":
            position += 1
        if position == size:
            return False, tags
        weak = value.startswith("W/", position)
        if weak:
            position += 2
        if position == size or value[position] != '"':
            return None
        end = value.find('"', position + 1)
        if end < 0:
            return None
        opaque = value[position + 1 : end]
        if any(c not in ETAGC for c in opaque):
            return None
        tags.append((weak, opaque))
        position = end + 1
        while position < size and value[position] in " \t":
            position += 1
        if position < size and value[position] != ",":
            return None


@functools.cache
def decision_app() -> tuple[TestClient, str]:
    """One pet behind ``@etag``; return a client and the pet's opaque tag."""
    app = App("decisions")
    app.config.update(API_TITLE="T", API_VERSION="1", TESTING=True, API_VALIDATE_RESPONSES=True)
    api = Api(app)
    blp = Blueprint("pets", __name__)
    register_resources(blp, {1: {"id": 1, "name": "Rex"}})
    api.register_blueprint(blp)
    client = app.test_client()
    return client, client.get("/pets/1").headers["ETag"].strip('"')


def header_values(opaque: str) -> st.SearchStrategy[str]:
    """Conditional header values: valid lists naming *opaque* or not, ``*``, and garbage."""
    ows = st.text(" \t", max_size=2)
    tag = st.one_of(st.just(opaque), st.text(ETAGC.replace('"', ""), max_size=8))
    element = st.builds(lambda weak, t: ("W/" if weak else "") + f'"{t}"', st.booleans(), tag)
    separator = st.builds(lambda before, after: f"{before},{after}", ows, ows)
    valid = st.builds(
        lambda left, items, sep, right: left + sep.join(items) + right,
        ows,
        st.lists(st.one_of(element, st.just("")), max_size=5),
        separator,
        ows,
    )
    star = st.builds(lambda a, b: f"{a}*{b}", ows, ows)
    pieces = st.sampled_from(['"', ",", "W/", "w/", "*", " ", "\t", opaque, f'"{opaque}"', "x"])
    garbage = st.lists(pieces, max_size=12).map("".join)
    adversarial = st.builds(
        lambda piece, count: piece * count,
        st.sampled_from(['"', ",", "W/", '",', ' "', '"a', 'W/"' + opaque]),
        st.integers(1, 5000),
    )
    return st.one_of(valid, star, garbage, adversarial, st.text(ETAGC + " \t,", max_size=30))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_decisions_follow_rfc_9110(data):
    client, opaque = decision_app()
    value = data.draw(header_values(opaque))
    parsed = reference_entity_tags(value)

    read = client.get("/pets/1", headers={"If-None-Match": value})
    write = client.put("/pets/1", json={"name": "Rex"}, headers={"If-Match": value})

    if parsed is None:  # invalid: lenient, but never a 500, and never matching another tag
        assert read.status_code in (200, 304)
        assert write.status_code in (200, 412)
        if read.status_code == 304 or write.status_code == 200:
            assert opaque in value
        return
    is_star, tags = parsed
    weakly = is_star or any(tag == opaque for _weak, tag in tags)
    strongly = is_star or any(tag == opaque and not weak for weak, tag in tags)
    assert read.status_code == (304 if weakly else 200)
    assert write.status_code == (200 if strongly else 412)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("*", (True, [])),
        (' W/"a" , "b,c" ,, ', (False, [(True, "a"), (False, "b,c")])),
        ("", (False, [])),
        ('"a" "b"', None),
        ("a", None),
        ('w/"a"', None),
        ('"a', None),
        ('"a b"', None),
        ('"a", *', None),
    ],
)
def test_the_reference_parser_reads_rfc_9110(value, expected):
    assert reference_entity_tags(value) == expected
