"""Authentication in the document: schemes, requirements, 401/403, and that it tells the truth."""

from __future__ import annotations

import json

import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, MethodView
from restkit.core.errors import SetupError
from restkit.rest.auth import APIKeyAuth, HTTPBasicAuth, HTTPTokenAuth

from .test_linters import ROOT, run, tool

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def verified(auth, users):
    """Give *auth* a verify callback finding users in the dict *users*."""
    auth.verify_callback = users.get
    return auth


def operations_of(path_item):
    """Return the operations of *path_item* by method (not its ``parameters``)."""
    return {key: value for key, value in path_item.items() if key != "parameters"}


@pytest.fixture
def token():
    auth = verified(HTTPTokenAuth(bearer_format="JWT", description="A token from /tokens."), {})
    auth.verify_callback = {"ann-token": "ann", "root-token": "root"}.get
    auth.get_user_roles(lambda user: ["admin"] if user == "root" else [])
    return auth


@pytest.fixture
def basic():
    return verified(HTTPBasicAuth(), {})


@pytest.fixture
def key():
    return verified(APIKeyAuth("api_key", "query"), {"k1": "kate"})


class PetQuery(Schema):
    name = fields.Str()


@pytest.fixture
def pets(token, basic, key):
    """A blueprint with public, protected, optional and combined operations."""
    blp = Blueprint("pets", __name__, url_prefix="/pets", description="Pets")

    @blp.route("")
    class Pets(MethodView):
        @blp.arguments(PetQuery, location="query")
        @blp.response(200)
        def get(self, query):
            """List pets"""
            return {}

        @blp.auth_required(token, scopes=["admin"])
        @blp.response(201)
        def post(self):
            """Add a pet"""
            return {}, 201

    @blp.route("/<int:pet_id>")
    @blp.auth_required(basic | key)
    class PetById(MethodView):
        @blp.response(200)
        def get(self, pet_id):
            """Get a pet"""
            return {}

        @blp.auth_required(token & key, optional=True)
        @blp.response(204)
        def delete(self, pet_id):
            """Remove a pet"""

    return blp


def test_every_scheme_used_is_a_component(api, spec, pets):
    api.register_blueprint(pets)

    assert spec()["components"]["securitySchemes"] == {
        "BearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A token from /tokens.",
        },
        "BasicAuth": {"type": "http", "scheme": "basic"},
        "ApiKeyAuth": {"type": "apiKey", "name": "api_key", "in": "query"},
    }


def test_each_operation_states_its_requirement(api, spec, pets, openapi_version):
    api.register_blueprint(pets)
    paths = spec()["paths"]
    roles = [] if openapi_version.startswith("3.0.") else ["admin"]

    assert paths["/pets"]["get"]["security"] == []
    assert paths["/pets"]["post"]["security"] == [{"BearerAuth": roles}]
    assert paths["/pets/{pet_id}"]["get"]["security"] == [{"BasicAuth": []}, {"ApiKeyAuth": []}]
    assert paths["/pets/{pet_id}"]["delete"]["security"] == [
        {"BearerAuth": [], "ApiKeyAuth": []},
        {},
    ]


def test_protected_operations_document_401_and_with_scopes_403(api, spec, pets):
    api.register_blueprint(pets)
    paths = spec()["paths"]

    post = paths["/pets"]["post"]["responses"]
    assert list(post) == ["201", "401", "403", "default"]
    assert post["401"]["content"] == PROBLEM
    assert post["401"]["headers"]["WWW-Authenticate"]["required"] is True
    assert post["403"]["content"] == PROBLEM
    assert "`admin`" in post["403"]["description"]
    assert "WWW-Authenticate" in post["403"]["headers"]
    assert list(paths["/pets/{pet_id}"]["get"]["responses"]) == ["200", "401", "default"]
    assert "401" not in paths["/pets"]["get"]["responses"]


def test_a_403_of_schemes_without_scope_challenges_documents_no_header(api, spec, basic):
    blp = Blueprint("admin", __name__)
    blp.route("/admin")(blp.auth_required(basic, scopes=["admin"])(lambda: {}))
    api.register_blueprint(blp)

    forbidden = spec()["paths"]["/admin"]["get"]["responses"]["403"]

    assert "headers" not in forbidden


def test_a_401_the_view_documents_itself_is_kept(api, spec, token):
    blp = Blueprint("me", __name__)

    @blp.route("/me")
    @blp.auth_required(token)
    @blp.alt_response(401, description="Log in first.")
    def me():
        return {}

    api.register_blueprint(blp)

    assert spec()["paths"]["/me"]["get"]["responses"]["401"]["description"] == "Log in first."


def test_a_blueprint_default_is_documented_on_every_operation(api, spec, token):
    blp = Blueprint("me", __name__)
    blp.get("/me")(lambda: {})
    blp.auth_required(token)(blp)
    api.register_blueprint(blp)

    operation = spec()["paths"]["/me"]["get"]

    assert operation["security"] == [{"BearerAuth": []}]
    assert "401" in operation["responses"]


def test_an_api_without_auth_keeps_its_top_level_empty_security(api, spec):
    blp = Blueprint("open", __name__)
    blp.get("/")(lambda: {})
    api.register_blueprint(blp)

    document = spec()

    assert document["security"] == []
    assert "security" not in document["paths"]["/"]["get"]
    assert "securitySchemes" not in document.get("components", {})


def test_an_api_with_auth_states_security_per_operation(api, spec, pets):
    api.register_blueprint(pets)

    document = spec()

    assert "security" not in document
    operations = [op for item in document["paths"].values() for op in operations_of(item).values()]
    assert len(operations) == 4
    assert all("security" in operation for operation in operations)


def test_scheme_names_can_be_given(api, spec):
    blp = Blueprint("keys", __name__)
    header = verified(APIKeyAuth(scheme_name="HeaderKey"), {})
    query = verified(APIKeyAuth("key", "query", scheme_name="QueryKey"), {})
    blp.get("/")(blp.auth_required(header | query)(lambda: {}))
    api.register_blueprint(blp)

    document = spec()

    assert set(document["components"]["securitySchemes"]) == {"HeaderKey", "QueryKey"}
    assert document["paths"]["/"]["get"]["security"] == [{"HeaderKey": []}, {"QueryKey": []}]


def test_another_token_scheme_is_named_after_it(api, spec):
    blp = Blueprint("tokens", __name__)
    blp.get("/")(blp.auth_required(verified(HTTPTokenAuth("Token"), {}))(lambda: {}))
    api.register_blueprint(blp)

    assert spec()["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "token"}
    }


def test_two_schemes_of_one_name_are_refused(api):
    blp = Blueprint("keys", __name__)
    blp.get("/")(blp.auth_required(APIKeyAuth() | APIKeyAuth("key", "query"))(lambda: {}))
    api.register_blueprint(blp)

    with pytest.raises(SetupError, match=r"documented as 'ApiKeyAuth'.*scheme_name="):
        api.spec_dict()


def test_a_scheme_name_registered_by_hand_is_refused(api, token):
    api.spec.components.security_scheme("BearerAuth", {"type": "http", "scheme": "bearer"})
    blp = Blueprint("me", __name__)
    blp.get("/me")(blp.auth_required(token)(lambda: {}))
    api.register_blueprint(blp)

    with pytest.raises(SetupError, match="'BearerAuth' is registered by hand"):
        api.spec_dict()


def test_the_document_tells_the_truth_about_who_gets_in(app, api, spec, pets):
    api.register_blueprint(pets)
    client = app.test_client()

    for path, item in spec()["paths"].items():
        url = path.replace("{pet_id}", "1")
        for method, operation in operations_of(item).items():
            response = client.open(url, method=method.upper())
            needs_credentials = bool(operation["security"]) and {} not in operation["security"]
            assert (response.status_code == 401) is needs_credentials, (method, path)


def test_protected_responses_pass_response_checking(app, api, pets):
    assert app.config["TESTING"]  # response checking is on
    api.register_blueprint(pets)
    client = app.test_client()

    assert client.post("/pets").status_code == 401
    assert client.post("/pets", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.post("/pets", headers={"Authorization": "Bearer ann-token"}).status_code == 403
    assert client.post("/pets", headers={"Authorization": "Bearer root-token"}).status_code == 201
    assert client.get("/pets/1?api_key=k1").status_code == 200
    assert client.delete("/pets/1").status_code == 204


def test_a_document_with_every_kind_of_auth_passes_the_linters(app, api, spec, pets, tmp_path):
    app.config["API_SPEC_OPTIONS"] = {
        "info": {
            "description": "Pets.",
            "license": {"name": "MIT", "url": "https://opensource.org/licenses/MIT"},
        }
    }
    api.register_blueprint(pets)
    document = tmp_path / "auth.json"
    document.write_text(json.dumps(spec()), encoding="utf-8")

    redocly = run(tool("redocly"), "lint", "--extends=recommended", "--format=json", document)
    report = json.loads(redocly.stdout)
    problems = [f"{p['ruleId']}: {p['message']}" for p in report["problems"]]
    assert report["totals"]["errors"] == report["totals"]["warnings"] == 0, problems
    spectral = run(tool("spectral"), "lint", "-r", ROOT / ".spectral.yaml", "-f", "json", document)
    findings = json.loads(spectral.stdout) if spectral.stdout.strip() else []
    assert [f"{f['code']}: {f['message']}" for f in findings if f["severity"] == 0] == []


def test_a_scheme_of_another_kind_cannot_be_documented(api):
    from restkit.rest.auth import Failure, HTTPAuth

    class SignedRequests(HTTPAuth):
        def authenticate(self, request):
            return Failure.ABSENT

        def challenge(self, failure):
            return "Signature"

    blp = Blueprint("signed", __name__)
    blp.get("/")(blp.auth_required(SignedRequests())(lambda: {}))
    api.register_blueprint(blp)

    with pytest.raises(SetupError, match="derive schemes from HTTPBasicAuth, HTTPTokenAuth"):
        api.spec_dict()
