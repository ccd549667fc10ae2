import dataclasses
from datetime import timedelta

import pytest

from restkit.core.config import Config
from restkit.core.options import DEFAULT_CONFIG, AppOptions


def _options(**overrides):
    return AppOptions.from_config(Config(".", {**DEFAULT_CONFIG, **overrides}))


def test_defaults():
    options = _options()

    assert options.debug is False
    assert options.testing is False
    assert options.propagate_exceptions is False
    assert options.trap_http_exceptions is False
    assert options.trap_bad_request_errors is None
    assert options.max_content_length == 16 * 1024 * 1024
    assert options.max_form_memory_size == 500_000
    assert options.max_form_parts == 1_000
    assert options.max_json_depth == 64
    assert options.trusted_hosts is None
    assert options.send_file_max_age is None
    assert options.use_x_sendfile is False
    session = options.session
    assert (session.cookie_name, session.path, session.domain) == ("session", "/", None)
    assert (session.httponly, session.secure, session.samesite) == (True, False, "Lax")
    assert (session.partitioned, session.refresh_each_request) == (False, True)
    assert session.permanent_lifetime == 31 * 24 * 3600
    assert session.secret_keys == ()


@pytest.mark.parametrize(
    ("config", "propagate"),
    [
        pytest.param({}, False, id="default"),
        pytest.param({"TESTING": True}, True, id="testing"),
        pytest.param({"DEBUG": True}, True, id="debug"),
        pytest.param({"TESTING": True, "PROPAGATE_EXCEPTIONS": False}, False, id="explicit-off"),
        pytest.param({"PROPAGATE_EXCEPTIONS": 1}, True, id="explicit-on"),
    ],
)
def test_propagate_exceptions_follows_debug_and_testing_unless_set(config, propagate):
    assert _options(**config).propagate_exceptions is propagate


@pytest.mark.parametrize(
    ("config", "trap"),
    [
        pytest.param({}, None, id="default"),
        pytest.param({"DEBUG": True}, None, id="debug"),
        pytest.param({"DEBUG": True, "TRAP_BAD_REQUEST_ERRORS": False}, False, id="explicit-off"),
        pytest.param({"TRAP_BAD_REQUEST_ERRORS": True}, True, id="explicit-on"),
    ],
)
def test_trap_bad_request_errors_is_kept_as_set(config, trap):
    assert _options(**config).trap_bad_request_errors is trap


def test_secret_keys_are_oldest_first_and_need_a_secret_key():
    rotated = _options(SECRET_KEY="new", SECRET_KEY_FALLBACKS=["oldest", "old"])
    fallbacks_only = _options(SECRET_KEY_FALLBACKS=["old"])

    assert rotated.session.secret_keys == ("oldest", "old", "new")
    assert fallbacks_only.session.secret_keys == ()


@pytest.mark.parametrize(
    ("config", "path"),
    [
        pytest.param({"APPLICATION_ROOT": "/app"}, "/app", id="application-root"),
        pytest.param({"SESSION_COOKIE_PATH": "/s", "APPLICATION_ROOT": "/app"}, "/s", id="own"),
        pytest.param({"APPLICATION_ROOT": None}, "/", id="no-root"),
    ],
)
def test_session_cookie_path(config, path):
    assert _options(**config).session.path == path


@pytest.mark.parametrize(
    "lifetime",
    [
        pytest.param(timedelta(hours=2), id="timedelta"),
        pytest.param(7200, id="int"),
        pytest.param(7200.9, id="float"),
    ],
)
def test_permanent_session_lifetime_in_seconds(lifetime):
    assert _options(PERMANENT_SESSION_LIFETIME=lifetime).session.permanent_lifetime == 7200


def test_values_are_normalized():
    options = _options(
        TRUSTED_HOSTS=["a.test", "b.test"],
        MAX_JSON_DEPTH="8",
        TRAP_HTTP_EXCEPTIONS=1,
        SESSION_COOKIE_SECURE="yes",
    )

    assert options.trusted_hosts == ("a.test", "b.test")
    assert options.max_json_depth == 8
    assert options.trap_http_exceptions is True
    assert options.session.secure is True


def test_options_are_frozen():
    options = _options()

    with pytest.raises(dataclasses.FrozenInstanceError):
        options.debug = True  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.session.secure = True  # type: ignore[misc]


def test_new_apps_start_from_the_defaults(tmp_path):
    from restkit.core import App

    assert App("fresh", root_path=str(tmp_path)).config == DEFAULT_CONFIG


@pytest.mark.parametrize(
    ("config", "max_age"),
    [
        pytest.param(None, None, id="unset"),
        pytest.param(3600, 3600, id="seconds"),
        pytest.param(timedelta(hours=12), 43200, id="timedelta"),
        pytest.param(0, 0, id="zero"),
    ],
)
def test_send_file_max_age_in_seconds(config, max_age):
    assert _options(SEND_FILE_MAX_AGE_DEFAULT=config).send_file_max_age == max_age


def test_use_x_sendfile_is_a_bool():
    assert _options(USE_X_SENDFILE=1).use_x_sendfile is True
