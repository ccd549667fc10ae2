"""The OpenAPI part of idempotency keys: the header, Idempotent-Replayed, 400, 409, 422."""

import threading

import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, MethodView
from restkit.spec.idempotency import KEY_PATTERN, REPLAYED

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
KEY = {"Idempotency-Key": '"k-1"'}


class Note(Schema):
    id = fields.Int(dump_only=True)
    text = fields.Str(required=True)


class Gate:
    """Holds the POST view until opened, and says when a request is inside it."""

    def __init__(self):
        self.entered, self.opened = threading.Event(), threading.Event()
        self.opened.set()

    def pass_through(self):
        self.entered.set()
        assert self.opened.wait(10)


def register_notes(api, *, required=False, gate=None):
    blp = Blueprint("notes", __name__, url_prefix="/notes")
    notes = []
    gate = gate or Gate()

    @blp.route("")
    class Notes(MethodView):
        @blp.response(200, Note(many=True))
        def get(self):
            return notes

        @blp.idempotent(required=required)
        @blp.arguments(Note)
        @blp.response(201, Note)
        def post(self, note):
            gate.pass_through()
            notes.append({"id": len(notes) + 1, **note})
            return notes[-1]

    @blp.route("/<int:note_id>", methods=["PATCH", "PUT"])
    @blp.response(200, Note)
    def change_note(note_id):
        return notes[note_id - 1]

    api.register_blueprint(blp)
    return notes


def while_one_runs(client, gate, request):
    """Send *request* while a first POST with ``KEY`` is held in the view; return both answers."""
    gate.opened.clear()
    answers = []
    first = threading.Thread(
        target=lambda: answers.append(client.post("/notes", json={"text": "a"}, headers=KEY))
    )
    first.start()
    try:
        assert gate.entered.wait(10)
        meanwhile = request()
    finally:
        gate.opened.set()
        first.join(10)
    return answers[0] if answers else None, meanwhile


@pytest.mark.parametrize("required", [False, True])
def test_the_key_parameter_says_whether_it_is_required(api, spec, required):
    register_notes(api, required=required)

    post = spec()["paths"]["/notes"]["post"]

    (parameter,) = post["parameters"]
    assert parameter["name"] == "Idempotency-Key"
    assert parameter["in"] == "header"
    assert parameter["required"] is required
    assert parameter["schema"] == {"type": "string", "pattern": KEY_PATTERN}
    assert "kept 24 hours" in parameter["description"]
    expected = "malformed or missing." if required else "malformed."
    assert post["responses"]["400"]["description"].endswith(expected)


def test_the_responses_of_an_operation_taking_keys(api, spec):
    register_notes(api)

    responses = spec()["paths"]["/notes"]["post"]["responses"]

    assert responses["201"]["headers"] == {"Idempotent-Replayed": REPLAYED}
    assert responses["409"]["content"] == PROBLEM
    assert "Retry-After" in responses["409"]["headers"]
    assert responses["422"]["description"] == (
        "Unprocessable Content: the request did not pass validation, or this Idempotency-Key "
        "was used for another request (method, path or body)."
    )
    assert responses["422"]["content"] == PROBLEM
    assert responses["400"]["content"] == PROBLEM
    assert responses["default"] == {"$ref": "#/components/responses/Error"}


def test_operations_without_keys_document_none(api, spec):
    register_notes(api)

    paths = spec()["paths"]

    for operation in (paths["/notes"]["get"], paths["/notes/{note_id}"]["patch"]):
        assert "parameters" not in operation or all(
            parameter.get("name") != "Idempotency-Key" for parameter in operation["parameters"]
        )
        assert not {"400", "409"} & operation["responses"].keys()


def test_api_idempotency_documents_every_post_and_patch(app, api, spec):
    app.config.update(API_IDEMPOTENCY=True, API_IDEMPOTENCY_TTL=90)
    register_notes(api)

    paths = spec()["paths"]

    patch = paths["/notes/{note_id}"]["patch"]
    assert patch["parameters"][-1]["name"] == "Idempotency-Key"
    assert "kept 90 seconds" in patch["parameters"][-1]["description"]
    assert patch["responses"]["422"]["description"].startswith("Unprocessable Content: this")
    assert "409" not in paths["/notes/{note_id}"]["put"]["responses"]


def test_every_answer_is_as_documented(app, api):
    app.config.update(API_VALIDATE_RESPONSES=True, API_STORE_URL="memory://")
    gate = Gate()
    notes = register_notes(api, required=True, gate=gate)
    client = app.test_client()

    first, meanwhile = while_one_runs(
        client, gate, lambda: client.post("/notes", json={"text": "a"}, headers=KEY)
    )
    answers = [
        first.status_code,
        meanwhile.status_code,
        client.post("/notes", json={"text": "a"}).status_code,
        client.post("/notes", json={"text": "a"}, headers=KEY).status_code,
        client.post("/notes", json={"text": "b"}, headers=KEY).status_code,
        client.post("/notes", json={"text": "b"}, headers={"Idempotency-Key": "k"}).status_code,
        client.post("/notes", json={"bogus": 1}, headers={"Idempotency-Key": '"k-2"'}).status_code,
        client.post("/notes", json={"bogus": 1}, headers={"Idempotency-Key": '"k-2"'}).status_code,
    ]

    assert answers == [201, 409, 400, 201, 422, 400, 422, 422]
    assert len(notes) == 1
