import pytest
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from restkit import Api, App, Blueprint, ErrorHandler
from restkit.core.errors import ConfigurationError, SetupError
from restkit.spec import documents_of

NOT_FOUND = (
    "The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again."
)


@pytest.fixture
def app(tmp_path):
    app = App("test_api", root_path=str(tmp_path))
    app.config.update(TESTING=True, API_TITLE="Pets", API_VERSION="1.0.0")
    return app


def pets_blueprint(name="pets"):
    blp = Blueprint(name, __name__, url_prefix="/pets")

    @blp.route("/", methods=["POST"])
    @blp.arguments({"name": fields.Str(required=True)})
    @blp.response(201, {"name": fields.Str()})
    def create(pet):
        return pet

    return blp


# -- attaching --------------------------------------------------------------------------------


def test_api_of_an_app_serves_rest_blueprints_with_problem_errors(app):
    api = Api(app)
    api.register_blueprint(pets_blueprint())
    client = app.test_client()

    assert client.post("/pets/", json={"name": "Rex"}).json == {"name": "Rex"}
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.json == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": NOT_FOUND,
    }


def test_init_app_attaches_an_api_made_without_an_app(tmp_path):
    api = Api()
    pets = pets_blueprint()

    def create_app():
        app = App("factory", root_path=str(tmp_path))
        app.config.update(API_TITLE="Pets", API_VERSION="1.0.0")
        api.init_app(app)
        api.register_blueprint(pets)
        return app

    app = create_app()
    client = app.test_client()

    assert api.app is app
    assert documents_of(app) == [api.spec]
    assert client.post("/pets/", json={"name": "Rex"}).status_code == 201
    assert client.post("/pets/", json={}).mimetype == "application/problem+json"


def test_an_api_not_attached_says_how_to_attach_it():
    api = Api()

    with pytest.raises(ConfigurationError, match=r"call api\.init_app\(app\)"):
        api.app  # noqa: B018
    with pytest.raises(ConfigurationError, match=r"call api\.init_app\(app\)"):
        api.spec  # noqa: B018
    assert repr(api) == "<Api None>"


def test_the_api_has_a_useful_repr(app):
    assert repr(Api(app)) == "<Api 'Pets'>"


def test_an_api_cannot_be_attached_once_the_app_serves(app):
    app.test_client().get("/")

    with pytest.raises(SetupError):
        Api(app)


def test_register_blueprint_passes_options_and_remembers_the_blueprint(app):
    api = Api(app)
    pets = pets_blueprint()

    api.register_blueprint(pets, url_prefix="/v2/pets")

    assert api.blueprints == [pets]
    assert app.test_client().post("/v2/pets/", json={"name": "Rex"}).status_code == 201


# -- configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "short"), [("API_TITLE", "title"), ("API_VERSION", "version")], ids=str.lower
)
def test_a_missing_required_key_fails_at_api_naming_it(app, key, short):
    del app.config[key]

    with pytest.raises(ConfigurationError) as info:
        Api(app)

    assert str(info.value) == (
        f"{key} is not set: set app.config[{key!r}] or pass spec_options={{{short!r}: ...}} "
        "to Api()."
    )


def test_a_missing_key_of_a_prefixed_api_names_the_prefixed_key(app):
    with pytest.raises(ConfigurationError, match=r"^ADMIN_API_TITLE is not set: set "):
        Api(app, config_prefix="ADMIN_")


@pytest.mark.parametrize(
    "spec_options",
    [
        {"API_TITLE": "Shop", "API_VERSION": "2.0"},
        {"title": "Shop", "version": "2.0"},
    ],
    ids=["keys", "short-names"],
)
def test_spec_options_override_the_config(tmp_path, spec_options):
    app = App("options", root_path=str(tmp_path))

    api = Api(app, spec_options=spec_options)

    assert (api.config("API_TITLE"), api.config("API_VERSION")) == ("Shop", "2.0")
    assert api.spec_dict()["info"] == {"title": "Shop", "version": "2.0"}


def test_the_api_version_does_not_stand_for_the_openapi_version(app):
    api = Api(app, spec_options={"version": "2.0"})

    assert api.config("OPENAPI_VERSION", "3.1.0") == "3.1.0"
    assert api.spec_dict()["openapi"] == "3.1.0"


def test_openapi_keys_have_short_names_of_their_own(app):
    api = Api(app, spec_options={"openapi_version": "3.0.3"})

    assert api.config("OPENAPI_VERSION") == "3.0.3"
    assert api.spec_dict()["openapi"] == "3.0.3"


def test_init_app_merges_spec_options(tmp_path):
    app = App("merged", root_path=str(tmp_path))
    api = Api(spec_options={"title": "Shop"})

    api.init_app(app, spec_options={"version": "3"})

    assert api.spec_options == {"title": "Shop", "version": "3"}


def test_config_falls_back_to_the_default(app):
    api = Api(app)

    assert api.config("API_SPEC_OPTIONS", {"x": 1}) == {"x": 1}


# -- several APIs on one app ------------------------------------------------------------------


def test_several_apis_share_an_app_through_config_prefixes(app):
    app.config.update(ADMIN_API_TITLE="Admin", ADMIN_API_VERSION="0.1")
    public = Api(app)
    admin = Api(app, config_prefix="ADMIN_", spec_options={"OPENAPI_URL_PREFIX": "/admin"})
    public.register_blueprint(pets_blueprint())
    staff = Blueprint("staff", __name__, url_prefix="/admin/staff")

    @staff.route("/")
    def staff_list():
        return {"staff": []}

    admin.register_blueprint(staff)
    client = app.test_client()

    assert documents_of(app) == [public.spec, admin.spec]
    assert (public.config("API_TITLE"), admin.config("API_TITLE")) == ("Pets", "Admin")
    assert (public.blueprints, admin.blueprints) == ([public.blueprints[0]], [staff])
    assert client.post("/pets/", json={"name": "Rex"}).status_code == 201
    assert client.get("/admin/staff/").json == {"staff": []}
    assert client.get("/admin/nowhere").mimetype == "application/problem+json"


def test_the_error_handler_can_be_replaced(app):
    class Plain(ErrorHandler):
        media_type = "application/json"

        def payload(self, exc):
            return {"title": "Oops", "status": exc.code}

    handler = Plain()
    api = Api(app, error_handler=handler)

    response = app.test_client().get("/nowhere")

    assert api.error_handler is handler
    assert response.mimetype == "application/json"
    assert response.json == {"type": "about:blank", "title": "Oops", "status": 404}


class PlainErrors(ErrorHandler):
    media_type = "application/json"

    def payload(self, exc):
        return {"title": "plain", "status": exc.code}


def test_each_api_renders_the_errors_of_its_own_blueprints(app):
    app.config.update(ADMIN_API_TITLE="Admin", ADMIN_API_VERSION="0.1")
    public = Api(app)
    admin = Api(app, config_prefix="ADMIN_", error_handler=PlainErrors())
    public.register_blueprint(pets_blueprint())
    admin.register_blueprint(pets_blueprint("staff"), url_prefix="/staff")
    client = app.test_client()

    public_error = client.post("/pets/", json={})
    admin_error = client.post("/staff/", json={})
    unrouted = client.get("/nowhere")

    assert (public_error.status_code, public_error.mimetype) == (422, "application/problem+json")
    assert (admin_error.status_code, admin_error.mimetype) == (422, "application/json")
    assert admin_error.json == {"type": "about:blank", "title": "plain", "status": 422}
    assert unrouted.mimetype == "application/problem+json"  # the first Api owns the app


def test_a_blueprints_own_http_error_handler_beats_the_apis(app):
    # The blueprint's handler sends what the document does not describe: no checking.
    app.config["API_VALIDATE_RESPONSES"] = False
    api = Api(app)
    blp = pets_blueprint()

    @blp.errorhandler(HTTPException)
    def own(exc):
        return {"own": exc.code}, exc.code

    api.register_blueprint(blp)

    response = app.test_client().post("/pets/", json={})

    assert (response.status_code, response.json) == (422, {"own": 422})


def test_webhooks_are_added_to_the_spec(app):
    api = Api(app)

    api.add_webhook("petCreated", {"name": fields.Str()}, summary="A pet was added")

    assert api.spec_dict()["webhooks"]["petCreated"]["post"]["summary"] == "A pet was added"


# -- flask-smorest ports ----------------------------------------------------------------------


def test_the_openapi_commands_run_through_the_apps_cli_runner(app):
    Api(app).register_blueprint(pets_blueprint())

    result = app.test_cli_runner().invoke(args=["openapi", "print"])

    assert result.exit_code == 0, result.output
    assert '"operationId": "create"' in result.output
    assert "openapi" in app.cli.commands


def test_the_error_format_comes_from_the_config_unless_a_handler_is_given(app):
    from restkit.rest.errors import SmorestErrorHandler

    app.config["API_ERROR_FORMAT"] = "flask-smorest"
    assert isinstance(Api(app).error_handler, SmorestErrorHandler)
    mine = ErrorHandler()
    assert (
        Api(app, error_handler=mine, config_prefix="OTHER_", spec_options=OTHER).error_handler
        is mine
    )


OTHER = {"API_TITLE": "Other", "API_VERSION": "1", "OPENAPI_URL_PREFIX": "/other"}


def test_flask_smorests_swagger_ui_url_is_accepted_and_the_page_stays_offline(app):
    app.config.update(
        OPENAPI_SWAGGER_UI_PATH="swagger",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
    )
    Api(app)

    html = app.test_client().get("/swagger").text

    assert 'src="/swagger/assets/swagger-ui-bundle.js"' in html
    assert "cdn.jsdelivr.net" not in html


def test_error_schemas_of_nested_blueprints_are_checked_at_registration(app):
    from marshmallow import Schema

    class Oops(Schema):
        why = fields.Str()

    outer, inner = Blueprint("v1", __name__, url_prefix="/v1"), Blueprint("pets", __name__)

    @inner.route("/pets", methods=["POST"])
    @inner.alt_response(400, schema=Oops)
    def create():
        return {}

    outer.register_blueprint(inner)
    with pytest.raises(SetupError, match=r"pets.create \(POST\) documents its 400 response"):
        Api(app).register_blueprint(outer)
