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


def test_every_exported_name_exists():
    assert all(hasattr(restkit, name) for name in restkit.__all__)
