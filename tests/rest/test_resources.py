import pytest
from marshmallow import Schema, fields

from restkit import MethodView
from restkit.rest import Blueprint, Operation, operation_of
from restkit.rest.resources import (
    has_operations,
    method_functions,
    method_operations,
    resource_class,
)


class Pet(Schema):
    name = fields.Str(required=True)


class Pets(MethodView):
    """The pets of the store."""

    def get(self):
        return {"method": "get"}

    def post(self):
        return {"method": "post"}


def test_a_method_view_maps_each_method_to_its_function():
    view = Pets.as_view("pets")

    assert resource_class(view) is Pets
    assert method_functions(view, {"GET", "HEAD", "POST", "OPTIONS"}) == {
        "GET": Pets.get,
        "HEAD": Pets.get,
        "POST": Pets.post,
    }


def test_an_explicit_head_method_is_its_own_function():
    class Probe(MethodView):
        def get(self):
            return "body"

        def head(self):
            return ""

    functions = method_functions(Probe.as_view("probe"), {"GET", "HEAD"})

    assert functions == {"GET": Probe.get, "HEAD": Probe.head}


@pytest.mark.parametrize(
    "methods",
    [{"GET"}, {"POST", "PUT"}, {"DELETE", "OPTIONS"}],
    ids=["get", "two", "with-options"],
)
def test_a_function_handles_every_method_itself(methods):
    def view():
        pass

    assert resource_class(view) is None
    assert method_functions(view, methods) == dict.fromkeys(methods, view)


def test_operations_pair_each_function_with_its_record():
    @Blueprint("b", __name__).response(200, Pet)
    def view():
        pass

    assert method_operations(Pets.as_view("pets"), {"GET", "POST"}) == {
        "GET": (Pets.get, Operation()),
        "POST": (Pets.post, Operation()),
    }
    assert method_operations(view, {"GET"}) == {"GET": (view, operation_of(view))}


def test_has_operations_tells_decorated_functions_apart():
    blp = Blueprint("b", __name__)

    def plain():
        pass

    @blp.doc(summary="Documented")
    def documented():
        pass

    assert not has_operations({"GET": plain})
    assert has_operations({"GET": plain, "POST": documented})
