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
