"""The names ``restkit`` exports, as DESIGN §3 lists them, and what importing it loads."""

import subprocess
import sys

import pytest

import restkit

CORE_NAMES = [
    "App",
    "Blueprint",
    "View",
    "MethodView",
    "Request",
    "Response",
    "Config",
    "request",
    "g",
    "session",
    "current_app",
    "abort",
    "redirect",
    "url_for",
    "jsonify",
    "make_response",
    "after_this_request",
    "stream_with_context",
    "send_file",
    "send_from_directory",
    "has_app_context",
    "has_request_context",
    "render_template",
    "request_started",
    "request_finished",
    "got_request_exception",
    "request_tearing_down",
    "appcontext_pushed",
    "appcontext_popped",
    "appcontext_tearing_down",
    "template_rendered",
    "before_render_template",
]


@pytest.mark.parametrize("name", CORE_NAMES)
def test_the_core_names_are_exported(name):
    assert name in restkit.__all__
    assert getattr(restkit, name) is not None


def test_the_public_blueprint_and_abort_are_the_rest_ones():
    from restkit.core import Blueprint as CoreBlueprint
    from restkit.rest import Blueprint as RestBlueprint
    from restkit.rest import abort as rest_abort

    assert restkit.Blueprint is RestBlueprint
    assert issubclass(restkit.Blueprint, CoreBlueprint)
    assert restkit.abort is rest_abort


def test_the_pagers_are_exported():
    from restkit.rest.pagination import CursorPage, Page

    assert {"Page", "CursorPage"} <= set(restkit.__all__)
    assert (restkit.Page, restkit.CursorPage) == (Page, CursorPage)


def test_every_exported_name_exists():
    assert all(hasattr(restkit, name) for name in restkit.__all__)


@pytest.mark.parametrize(
    ("submodule", "core_module"),
    [
        pytest.param("views", "restkit.core.views", id="views"),
        pytest.param("json", "restkit.core.json", id="json"),
        pytest.param("sessions", "restkit.core.sessions", id="sessions"),
        pytest.param("signals", "restkit.core.signals", id="signals"),
        pytest.param("testing", "restkit.core.testing", id="testing"),
        pytest.param("globals", "restkit.core.globals", id="globals"),
        pytest.param("json.provider", "restkit.core.json", id="json.provider"),
        pytest.param("json.tag", "restkit.core.json_tag", id="json.tag"),
    ],
)
def test_flask_shaped_submodules_re_export_the_core(submodule, core_module):
    import importlib

    public = importlib.import_module(f"restkit.{submodule}")
    core = importlib.import_module(core_module)

    assert public.__all__
    assert all(getattr(public, name) is getattr(core, name) for name in public.__all__)


LAZY = ("apispec", "jsonschema", "yaml", "jinja2", "swagger_ui_bundle", "referencing")
LAZY_PROBE = """
import sys
import restkit
from restkit import Api, App, Blueprint

print(",".join(name for name in {lazy!r} if name in sys.modules))
app = App("lazy")
app.config.update(API_TITLE="Lazy", API_VERSION="1")
api = Api(app)
blp = Blueprint("pets", __name__)
blp.route("/pets")(blp.response(200, {{"type": "object"}})(lambda: {{}}))
api.register_blueprint(blp)
client = app.test_client()
client.get("/pets"), client.get("/nowhere")
print(",".join(name for name in {lazy!r} if name in sys.modules))
client.get("/openapi.json")
print(",".join(name for name in {lazy!r} if name in sys.modules))
"""


def test_heavy_libraries_are_imported_only_when_an_app_needs_them():
    probe = LAZY_PROBE.format(lazy=LAZY)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )

    after_import, after_requests, after_document = result.stdout.splitlines()
    assert after_import == ""
    assert after_requests == "jsonschema,referencing"  # the route's JSON Schema
    assert "apispec" in after_document.split(",")
