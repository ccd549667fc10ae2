import pytest

from restkit.core import App, Blueprint, ConfigurationError, RestkitError, SetupError


def test_programmer_errors_share_a_base():
    assert issubclass(SetupError, RestkitError)
    assert issubclass(ConfigurationError, RestkitError)
    assert issubclass(RestkitError, Exception)


def test_setup_error_is_an_assertion_error_like_flasks():
    # Flask raises AssertionError for late setup; code catching that keeps working.
    assert issubclass(SetupError, AssertionError)
    assert not issubclass(ConfigurationError, AssertionError)


def test_setup_errors_are_raised_by_the_app(app):
    app.finalize()

    with pytest.raises(AssertionError, match="first request"):
        app.before_request(lambda: None)


def test_setup_errors_are_raised_by_blueprints(app):
    blueprint = Blueprint("bp", __name__)
    app.register_blueprint(blueprint)

    with pytest.raises(RestkitError, match="after it was registered"):
        blueprint.after_request(lambda response: response)


def test_setup_errors_never_reach_clients_as_responses(tmp_path):
    app = App("x", root_path=str(tmp_path))
    app.config["PROPAGATE_EXCEPTIONS"] = True

    @app.get("/")
    def index():
        app.add_url_rule("/late", "late", lambda: "")
        return "unreachable"

    with pytest.raises(SetupError):
        app.test_client().get("/")
