import functools

import pytest

from restkit.core import MethodView, View, request

# -- View -------------------------------------------------------------------------------


def test_view_dispatches_with_url_arguments(app, client):
    class Greeting(View):
        def dispatch_request(self, name):
            return f"hello {name}"

    app.add_url_rule("/hello/<name>", view_func=Greeting.as_view("greeting"))

    assert client.get("/hello/ada").data == b"hello ada"


def test_view_function_describes_the_class(app):
    class Documented(View):
        """Documented view."""

        methods = ["GET", "POST"]

    view = Documented.as_view("documented")

    assert view.__name__ == "documented"
    assert view.__doc__ == "Documented view."
    assert view.__module__ == __name__
    assert view.view_class is Documented
    assert view.methods == ["GET", "POST"]


def test_view_methods_are_used_for_the_rule(app, client):
    class Echo(View):
        methods = ["POST"]

        def dispatch_request(self):
            return request.method

    app.add_url_rule("/", view_func=Echo.as_view("echo"))

    assert client.post("/").data == b"POST"
    assert client.get("/").status_code == 405


def test_view_without_dispatch_request(app, client):
    class Empty(View):
        pass

    app.add_url_rule("/", view_func=Empty.as_view("empty"))

    with pytest.raises(TypeError, match="abstract method dispatch_request"):
        client.get("/")


def test_view_class_arguments(app, client):
    class Templated(View):
        def __init__(self, template, *, suffix):
            self.template = template
            self.suffix = suffix

        def dispatch_request(self):
            return self.template.format(request.path) + self.suffix

    app.add_url_rule("/a", view_func=Templated.as_view("a", "at {}", suffix="!"))

    assert client.get("/a").data == b"at /a!"


@pytest.mark.parametrize(
    ("init_every_request", "distinct_instances"),
    [pytest.param(True, 2, id="init-every-request"), pytest.param(False, 1, id="shared")],
)
def test_init_every_request(app, client, init_every_request, distinct_instances):
    instances = []

    class Counter(View):
        def dispatch_request(self):
            instances.append(self)
            return "x"

    Counter.init_every_request = init_every_request
    app.add_url_rule("/", view_func=Counter.as_view("counter"))

    client.get("/")
    client.get("/")

    assert len(instances) == 2
    assert len({id(instance) for instance in instances}) == distinct_instances


def test_decorators_wrap_the_view_in_order(app, client):
    def tag(label):
        def decorator(view):
            @functools.wraps(view)
            def wrapped(**kwargs):
                return f"{label}({view(**kwargs)})"

            return wrapped

        return decorator

    class Decorated(View):
        decorators = [tag("inner"), tag("outer")]

        def dispatch_request(self):
            return "view"

    view = Decorated.as_view("decorated")
    app.add_url_rule("/", view_func=view)

    assert client.get("/").data == b"outer(inner(view))"
    assert view.view_class is Decorated
    assert view.__name__ == "decorated"


def test_view_can_turn_automatic_options_off(app, client):
    class NoOptions(View):
        provide_automatic_options = False

        def dispatch_request(self):
            return "x"

    app.add_url_rule("/", view_func=NoOptions.as_view("no_options"))

    assert client.options("/").status_code == 405


# -- MethodView -------------------------------------------------------------------------


class Items(MethodView):
    def get(self, item_id=None):
        return f"get {item_id}"

    def post(self):
        return "post", 201


def test_method_view_infers_methods():
    assert Items.methods == {"GET", "POST"}
    assert Items.method_handlers == {"GET": "get", "HEAD": "get", "POST": "post"}


def test_method_view_dispatches_by_method(app, client):
    view = Items.as_view("items")
    app.add_url_rule("/items", view_func=view)
    app.add_url_rule("/items/<int:item_id>", view_func=view, methods=["GET"])

    assert client.get("/items").data == b"get None"
    assert client.get("/items/3").data == b"get 3"
    assert client.post("/items").status_code == 201
    assert client.delete("/items").status_code == 405
    assert set(client.options("/items").allow) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_head_falls_back_to_get(app, client):
    app.add_url_rule("/items", view_func=Items.as_view("items"))

    response = client.head("/items")

    assert response.status_code == 200
    assert response.headers["Content-Length"] == "8"
    assert response.data == b""


def test_explicit_head_handler(app, client):
    class WithHead(MethodView):
        def get(self):
            return "body"

        def head(self):
            return "", 204

    assert WithHead.methods == {"GET", "HEAD"}
    app.add_url_rule("/", view_func=WithHead.as_view("with_head"))

    assert client.head("/").status_code == 204


def test_subclass_inherits_and_extends_methods():
    class MoreItems(Items):
        def delete(self):
            return "", 204

    assert MoreItems.methods == {"GET", "POST", "DELETE"}
    assert MoreItems.method_handlers["DELETE"] == "delete"
    assert "DELETE" not in Items.method_handlers


def test_dispatch_table_is_computed_once_per_class(app, client):
    class Late(MethodView):
        def get(self):
            return "get"

    Late.put = lambda self: "put"

    assert Late.method_handlers == {"GET": "get", "HEAD": "get"}
    assert Late.methods == {"GET"}


def test_explicit_methods_are_kept(app, client):
    class ReadOnly(MethodView):
        methods = ["GET"]

        def get(self):
            return "get"

        def post(self):
            return "post"

    app.add_url_rule("/", view_func=ReadOnly.as_view("read_only"))

    assert client.get("/").data == b"get"
    assert client.post("/").status_code == 405


def test_method_view_handling_options_itself(app, client):
    class WithOptions(MethodView):
        def get(self):
            return "get"

        def options(self):
            return "custom options"

    app.add_url_rule("/", view_func=WithOptions.as_view("with_options"))

    assert client.options("/").data == b"custom options"


def test_methods_declared_on_a_base_class_are_inherited(app, client):
    # Flask's MethodView unions the bases' methods with the functions the class defines.
    class ReadOnlyBase(MethodView):
        methods = ["GET"]

        def post(self):
            return "never routed"

    class Listing(ReadOnlyBase):
        def get(self):
            return "list"

        def delete(self):
            return "", 204

    assert Listing.methods == {"GET", "DELETE", "POST"}
    app.add_url_rule("/", view_func=Listing.as_view("listing"))

    assert client.get("/").data == b"list"
    assert client.delete("/").status_code == 204
    assert client.post("/").data == b"never routed"


def test_methods_of_several_bases_are_merged():
    class Reads(MethodView):
        def get(self):
            return "get"

    class Writes(MethodView):
        methods = ["PUT"]

        def put(self):
            return "put"

    class Both(Reads, Writes):
        pass

    assert Both.methods == {"GET", "PUT"}
    assert Both.method_handlers == {"GET": "get", "HEAD": "get", "PUT": "put"}


def test_method_outside_the_standard_set(app, client):
    class Collection(MethodView):
        methods = ["GET", "PROPFIND"]

        def get(self):
            return "get"

        def propfind(self):
            return "<multistatus/>", 207

    app.add_url_rule("/dav", view_func=Collection.as_view("dav"))

    response = client.open("/dav", method="PROPFIND")
    assert response.status_code == 207
    assert response.data == b"<multistatus/>"
    assert Collection.method_handlers["PROPFIND"] == "propfind"
    assert set(client.options("/dav").allow) == {"GET", "HEAD", "OPTIONS", "PROPFIND"}


def test_subclass_keeps_a_custom_method_of_its_base(app, client):
    class Base(MethodView):
        methods = ["PROPFIND"]

        def propfind(self):
            return "found"

    class Child(Base):
        def get(self):
            return "get"

    assert Child.methods == {"GET", "PROPFIND"}
    app.add_url_rule("/", view_func=Child.as_view("child"))

    assert client.open("/", method="PROPFIND").data == b"found"


def test_declared_method_without_a_function_is_an_error(app, client):
    class Incomplete(MethodView):
        methods = ["GET", "PATCH"]

        def get(self):
            return "get"

    app.add_url_rule("/", view_func=Incomplete.as_view("incomplete"))

    with pytest.raises(AssertionError, match="Unimplemented method 'PATCH'"):
        client.patch("/")


def test_method_view_without_handlers_has_no_methods():
    class Abstract(MethodView):
        pass

    assert Abstract.methods is None
    assert Abstract.method_handlers == {}


def test_import_paths_flask_users_know():
    import restkit.views

    assert restkit.views.MethodView is MethodView
    assert restkit.views.View is View
