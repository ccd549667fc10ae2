"""Where ``auth_required`` records its requirement, and which one applies to an endpoint."""

from __future__ import annotations

import pytest

from restkit import Blueprint, MethodView
from restkit.core.errors import SetupError
from restkit.rest.auth import HTTPBasicAuth, HTTPTokenAuth
from restkit.rest.auth_requirement import AuthRequirement, required_auth
from restkit.rest.operation import OPERATION_ATTRIBUTE, operation_of, recorded_operation


@pytest.fixture
def token():
    auth = HTTPTokenAuth()
    auth.verify_token(lambda value: None)
    return auth


@pytest.fixture
def basic():
    return HTTPBasicAuth()


def requirement_of(app, endpoint, method="GET"):
    """Return the requirement of *endpoint* for *method*, as the compiler and the spec read it."""
    from restkit.rest.resources import method_functions

    function = method_functions(app.view_functions[endpoint], [method])[method]
    return required_auth(app, endpoint, recorded_operation(function))


def test_the_decorator_records_the_options(blp, token):
    @blp.auth_required(token, scopes="admin", optional=True)
    def view():
        return {}

    assert operation_of(view).auth == AuthRequirement(token, ("admin",), optional=True)


def test_scopes_default_to_none(blp, token):
    @blp.auth_required(token, scopes=None)
    def view():
        return {}

    assert operation_of(view).auth == AuthRequirement(token)


def test_the_closest_declaration_wins(app, api, token, basic):
    key_auth = HTTPTokenAuth("Key")
    outer = Blueprint("outer", __name__)
    inner = Blueprint("inner", __name__, url_prefix="/inner")
    outer.auth_required(token)(outer)
    inner.auth_required(basic)(inner)

    @inner.route("/pets")
    @inner.auth_required(key_auth)
    class Pets(MethodView):
        def get(self):
            return {}

        @inner.auth_required(token, scopes=["write"])
        def post(self):
            return {}

    inner.get("/plain")(lambda: {})
    outer.get("/top")(lambda: {})
    outer.register_blueprint(inner)
    api.register_blueprint(outer)

    assert requirement_of(app, "outer.inner.Pets", "POST") == AuthRequirement(token, ("write",))
    assert requirement_of(app, "outer.inner.Pets", "GET") == AuthRequirement(key_auth)
    assert requirement_of(app, "outer.inner.<lambda>") == AuthRequirement(basic)
    assert requirement_of(app, "outer.<lambda>") == AuthRequirement(token)


def test_no_declaration_means_no_requirement(app, api, blp):
    blp.get("/a")(lambda: {})
    app.get("/b")(lambda: {})
    api.register_blueprint(blp)

    assert requirement_of(app, "test.<lambda>") is None
    assert requirement_of(app, "<lambda>") is None


def test_a_view_is_refused_a_second_requirement(blp, token, basic):
    with pytest.raises(SetupError, match="two @auth_required decorators: combine the schemes"):

        @blp.auth_required(token)
        @blp.auth_required(basic)
        def view():
            return {}


def test_a_class_is_refused_a_second_requirement(blp, token, basic):
    with pytest.raises(SetupError, match="Pets has two @auth_required"):

        @blp.auth_required(token)
        @blp.auth_required(basic)
        class Pets(MethodView):
            def get(self):
                return {}


def test_a_subclass_may_have_its_own_requirement(app, api, blp, token, basic):
    @blp.auth_required(token)
    class Base(MethodView):
        def get(self):
            return {}

    @blp.auth_required(basic)
    class Pets(Base):
        pass

    blp.route("/pets")(Pets)
    blp.route("/base")(Base)
    api.register_blueprint(blp)

    assert requirement_of(app, "test.Pets") == AuthRequirement(basic)
    assert requirement_of(app, "test.Base") == AuthRequirement(token)


def test_a_blueprint_is_refused_a_second_default(blp, token, basic):
    blp.auth_required(token)(blp)

    with pytest.raises(SetupError, match="'test' has two @auth_required defaults"):
        blp.auth_required(basic)(blp)


def test_a_blueprint_default_comes_before_registration(app, api, blp, token):
    api.register_blueprint(blp)

    with pytest.raises(SetupError, match=r"auth_required\(\) was called on blueprint 'test' after"):
        blp.auth_required(token)(blp)


def test_only_views_classes_and_blueprints_are_decorated(blp, token):
    with pytest.raises(SetupError, match="not 'pets'"):
        blp.auth_required(token)("pets")


def test_a_class_decorator_gives_every_method_an_operation(blp, token):
    @blp.auth_required(token)
    class Pets(MethodView):
        def get(self):
            return {}

        def delete(self):
            return {}

    assert hasattr(Pets.get, OPERATION_ATTRIBUTE)
    assert hasattr(Pets.delete, OPERATION_ATTRIBUTE)
    assert operation_of(Pets.get).auth is None  # the class's requirement applies


def test_a_blueprint_default_gives_its_views_operations_when_serving_starts(app, api, blp, token):
    def plain():
        return {}

    class Pets(MethodView):
        def get(self):
            return {}

    blp.get("/plain")(plain)
    blp.route("/pets")(Pets)
    blp.auth_required(token)(blp)
    api.register_blueprint(blp)
    assert not hasattr(plain, OPERATION_ATTRIBUTE)

    app.finalize()

    assert hasattr(plain, OPERATION_ATTRIBUTE)
    assert hasattr(Pets.get, OPERATION_ATTRIBUTE)
