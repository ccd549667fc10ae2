"""The names ``restkit`` exports, as DESIGN §3 lists them."""

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
