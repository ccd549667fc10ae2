import pytest

from restkit.core import (
    App,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
)


@pytest.mark.parametrize(
    ("proxy", "hint"),
    [
        pytest.param(lambda: current_app.name, "with app.app_context", id="current_app"),
        pytest.param(lambda: g.user, "with app.app_context", id="g"),
        pytest.param(lambda: request.path, "test_request_context", id="request"),
        pytest.param(lambda: session.get("user"), "test_request_context", id="session"),
    ],
)
def test_proxies_outside_their_context_explain_what_to_do(proxy, hint):
    with pytest.raises(RuntimeError, match=f"Working outside of the .* context(?s:.*){hint}"):
        proxy()


def test_request_proxies_outside_a_request_even_in_an_app_context(app):
    with app.app_context(), pytest.raises(RuntimeError, match="request context"):
        request.path  # noqa: B018


def test_proxies_point_at_the_current_objects(app):
    with app.test_request_context("/path") as ctx:
        assert current_app._get_current_object() is app
        assert request._get_current_object() is ctx.request
        assert session._get_current_object() is ctx.session
        g.value = 1
        assert g._get_current_object().value == 1


def test_has_context_functions(app):
    assert (has_app_context(), has_request_context()) == (False, False)
    with app.app_context():
        assert (has_app_context(), has_request_context()) == (True, False)
        with app.test_request_context():
            assert (has_app_context(), has_request_context()) == (True, True)
    assert (has_app_context(), has_request_context()) == (False, False)


def test_current_app_follows_nested_apps(app, tmp_path):
    other = App("other", root_path=str(tmp_path))

    with app.app_context():
        with other.app_context():
            assert current_app.name == "other"
        assert current_app.name == "test_app"


def test_context_proxies_point_at_the_active_contexts(app):
    from restkit.core.globals import app_ctx, request_ctx

    with app.test_request_context("/path") as ctx:
        assert request_ctx._get_current_object() is ctx
        assert request_ctx.request.path == "/path"
        assert app_ctx.app is app
        assert app_ctx.g is g._get_current_object()


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        pytest.param("app_ctx", "with app.app_context", id="app_ctx"),
        pytest.param("request_ctx", "test_request_context", id="request_ctx"),
    ],
)
def test_context_proxies_outside_their_context(name, hint):
    import restkit.core.globals

    proxy = getattr(restkit.core.globals, name)
    with pytest.raises(RuntimeError, match=f"Working outside of the .* context(?s:.*){hint}"):
        proxy.app  # noqa: B018


def test_flask_globals_names():
    import restkit.core.globals
    import restkit.globals

    # flask.globals' public names (Flask 3.1).
    assert restkit.globals.__all__ == [
        "app_ctx",
        "current_app",
        "g",
        "request",
        "request_ctx",
        "session",
    ]
    for name in restkit.globals.__all__:
        assert getattr(restkit.globals, name) is getattr(restkit.core.globals, name)
