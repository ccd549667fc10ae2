import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter, IntegerConverter, Map, RequestRedirect

from restkit.core import Request, request, url_for
from restkit.core.routing import (
    INT64_MAX,
    INT64_MIN,
    KNOWN_PATHS,
    AppRule,
    BoundedIntegerConverter,
    RouteShortcuts,
    default_converters,
)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        pytest.param("/items/0", 200, id="zero"),
        pytest.param(f"/items/{INT64_MAX}", 200, id="int64-max"),
        pytest.param(f"/items/{INT64_MAX + 1}", 404, id="past-int64"),
        pytest.param("/items/" + "9" * 400, 404, id="huge"),
        pytest.param("/items/-1", 404, id="negative-unsigned"),
        pytest.param("/items/\u0661", 404, id="arabic-indic-digit"),
        pytest.param("/items/\uff11", 404, id="fullwidth-digit"),
    ],
)
def test_int_converter_is_bounded_to_int64(app, client, path, status):
    app.add_url_rule("/items/<int:item_id>", "item", lambda item_id: str(item_id))

    assert client.get(path).status_code == status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        pytest.param(INT64_MIN, 200, id="int64-min"),
        pytest.param(INT64_MIN - 1, 404, id="below-int64"),
        pytest.param(-5, 200, id="negative"),
        pytest.param("-\u0665", 404, id="unicode-digit"),
    ],
)
def test_signed_int_converter_is_bounded_to_int64(app, client, value, status):
    app.add_url_rule("/n/<int(signed=True):n>", "n", lambda n: str(n))

    assert client.get(f"/n/{value}").status_code == status


def test_explicit_bounds_win(app, client):
    app.add_url_rule("/page/<int(min=1, max=50):page>", "page", lambda page: str(page))

    assert client.get("/page/50").data == b"50"
    assert client.get("/page/51").status_code == 404
    assert client.get("/page/0").status_code == 404


def test_bounded_converter_keeps_werkzeug_options():
    converter = BoundedIntegerConverter(Map(), fixed_digits=3)

    assert isinstance(converter, IntegerConverter)
    assert (converter.min, converter.max, converter.fixed_digits) == (0, INT64_MAX, 3)
    assert converter.to_url(7) == "007"


def test_default_converters_are_werkzeugs_with_a_bounded_int():
    converters = default_converters()

    assert converters["int"] is BoundedIntegerConverter
    assert set(Map.default_converters) == set(converters)
    assert converters["uuid"] is Map.default_converters["uuid"]
    assert default_converters() is not converters


def test_custom_converter(app, client):
    class ListConverter(BaseConverter):
        def to_python(self, value):
            return value.split("+")

        def to_url(self, value):
            return "+".join(value)

    app.url_map.converters["list"] = ListConverter
    app.add_url_rule("/tags/<list:tags>", "tags", lambda tags: {"tags": tags})

    assert client.get("/tags/a+b").json == {"tags": ["a", "b"]}
    with app.test_request_context():
        assert url_for("tags", tags=["x", "y"]) == "/tags/x+y"


def test_rules_are_app_rules_that_remember_automatic_options(app):
    app.add_url_rule("/auto", "auto")
    app.add_url_rule("/manual", "manual", methods=["GET", "OPTIONS"])

    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}

    assert all(isinstance(rule, AppRule) for rule in rules.values())
    assert rules["auto"].provide_automatic_options is True
    assert rules["manual"].provide_automatic_options is False
    assert AppRule("/x").provide_automatic_options is False


# -- static routes: a dict lookup that agrees with werkzeug's matcher ----------------------

SEGMENTS = st.sampled_from(["a", "b", "items", "new", "x-y", "é", ""])
PATHS = st.lists(SEGMENTS, min_size=0, max_size=3).map(lambda parts: "/" + "/".join(parts))
METHODS = st.sampled_from(["GET", "POST", "PUT", "HEAD", "OPTIONS", "get"])


@st.composite
def rule_maps(draw):
    """A URL map of static and dynamic rules, some with slashes, defaults or redirects."""
    url_map = Map(strict_slashes=draw(st.booleans()))
    url_map.converters.update(default_converters())
    count = draw(st.integers(min_value=1, max_value=6))
    for index in range(count):
        path = draw(PATHS)
        kind = draw(st.sampled_from(["static", "dynamic", "slash", "defaults", "redirect"]))
        methods = draw(st.sets(st.sampled_from(["GET", "POST", "PUT"]), min_size=1))
        options = {"endpoint": f"e{index}", "methods": methods}
        if kind == "dynamic":
            path = path.rstrip("/") + "/<name>"
        elif kind == "slash":
            path = path.rstrip("/") + "/"
        elif kind == "defaults":
            options["defaults"] = {"page": 1}
        elif kind == "redirect":
            options["redirect_to"] = "/elsewhere"
        url_map.add(AppRule(path, **options))
    return url_map


@settings(max_examples=300, deadline=None)
@given(url_map=rule_maps(), path=PATHS, method=METHODS, upgrade=st.booleans())
def test_route_shortcuts_find_what_werkzeug_finds(url_map, path, method, upgrade):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "SERVER_NAME": "localhost"}
    environ |= {"SERVER_PORT": "80", "wsgi.url_scheme": "http"}
    if upgrade:
        environ |= {"HTTP_UPGRADE": "websocket", "HTTP_CONNECTION": "Upgrade"}

    found = RouteShortcuts(url_map).match(environ)

    if found is not None:
        rule, values = url_map.bind_to_environ(environ, subdomain="").match(return_rule=True)
        assert (rule, values) == (found, {})


def test_route_shortcuts_leave_host_and_subdomain_rules_to_werkzeug():
    url_map = Map(host_matching=False)
    url_map.add(AppRule("/a", endpoint="sub", subdomain="api"))
    url_map.add(AppRule("/b", endpoint="plain", methods=["GET"]))
    url_map.add(AppRule("/c", endpoint="any_method"))

    routes = RouteShortcuts(url_map)

    assert routes.match({"PATH_INFO": "/a", "REQUEST_METHOD": "GET"}) is None
    assert routes.match({"PATH_INFO": "/b", "REQUEST_METHOD": "GET"}).endpoint == "plain"
    assert routes.match({"PATH_INFO": "/b", "REQUEST_METHOD": "DELETE"}) is None
    assert routes.match({"PATH_INFO": "/nowhere", "REQUEST_METHOD": "GET"}) is None
    assert routes.match({"PATH_INFO": "/c", "REQUEST_METHOD": "GET"}) is None


def test_an_app_with_host_matching_uses_werkzeug_alone(tmp_path):
    from restkit.core import App

    app = App("hosts", host_matching=True, static_host="static.test", root_path=str(tmp_path))
    app.add_url_rule("/", "index", lambda: "hi", host="api.test")
    client = app.test_client()

    assert client.get("/", base_url="http://api.test").data == b"hi"
    assert app.route_shortcuts is None
    assert client.get("/", base_url="http://other.test").status_code == 404


@settings(max_examples=300, deadline=None)
@given(url_map=rule_maps(), path=PATHS | st.sampled_from(["//a", "/a//", "/é", ""]), method=METHODS)
def test_a_path_no_rule_can_match_is_what_werkzeug_calls_not_found(url_map, path, method):
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "SERVER_NAME": "localhost"}
    environ |= {"SERVER_PORT": "80", "wsgi.url_scheme": "http"}

    if RouteShortcuts(url_map).no_rule_can_match(environ):  # never a redirect or a 405
        with pytest.raises(NotFound) as info:
            url_map.bind_to_environ(environ, subdomain="").match()
        assert type(info.value) is NotFound


def test_a_path_outside_every_rule_is_told_apart():
    url_map = Map()
    url_map.add(AppRule("/items/<int:item_id>", endpoint="item"))
    url_map.add(AppRule("/docs/", endpoint="docs"))
    routes = RouteShortcuts(url_map)

    def missing(path):
        return routes.no_rule_can_match({"PATH_INFO": path})

    assert missing("/nope")
    assert missing("/item")
    assert not missing("/items/x")
    assert not missing("/docs")  # redirects to /docs/
    assert not missing("//nope")
    assert not missing("/é")
    assert not missing("")


def outcome(adapter):
    """What werkzeug answers: the rule and values, or the error with what it carries."""
    try:
        rule, values = adapter.match(return_rule=True)
    except RequestRedirect as exc:
        return ("redirect", exc.new_url)
    except MethodNotAllowed as exc:
        return ("405", sorted(exc.valid_methods or ()))
    except HTTPException as exc:
        return (type(exc).__name__,)
    return (rule, values)


def lean_outcome(routes, environ):
    """What matching on the path alone answers, like :func:`outcome`; ``None``: bind in full."""
    try:
        found = routes.match_path(Request(environ))
    except MethodNotAllowed as exc:
        return ("405", sorted(exc.valid_methods or ()))
    except HTTPException as exc:
        return (type(exc).__name__,)
    return found


@settings(max_examples=300, deadline=None)
@given(url_map=rule_maps(), paths=st.lists(PATHS, min_size=1, max_size=4), method=METHODS)
def test_matching_on_the_path_alone_finds_what_a_full_binding_finds(url_map, paths, method):
    routes = RouteShortcuts(url_map)
    for path in [*paths, *paths]:  # asked twice: the second answer may be a kept one
        environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "SERVER_NAME": "localhost"}
        environ |= {"SERVER_PORT": "80", "wsgi.url_scheme": "http", "QUERY_STRING": "q=1"}
        full = outcome(url_map.bind_to_environ(environ, subdomain=""))

        lean = lean_outcome(routes, environ)

        if lean is None:
            assert full[0] == "redirect" or not path
        else:
            assert lean == full


def test_kept_matches_give_each_request_its_own_values(app, client):
    seen = []

    @app.route("/items/<int:item_id>")
    def item(item_id):
        seen.append(request.view_args)
        request.view_args["changed"] = True
        return str(item_id)

    assert client.get("/items/3").data == client.get("/items/3").data == b"3"
    assert seen[0] is not seen[1]
    assert seen[1] == {"item_id": 3, "changed": True}


def test_a_match_holding_a_mutable_value_is_not_kept():
    class ListConverter(BaseConverter):
        def to_python(self, value):
            return value.split(",")

    url_map = Map(converters={"list": ListConverter})
    url_map.add(AppRule("/tags/<list:tags>", endpoint="tags", methods=["GET"]))
    routes = RouteShortcuts(url_map)
    environ = {"PATH_INFO": "/tags/a,b", "REQUEST_METHOD": "GET"}

    first = routes.match_path(Request(environ))
    first[1]["tags"].append("changed")
    second = routes.match_path(Request(environ))

    assert second[1] == {"tags": ["a", "b"]}


def test_kept_matches_are_bounded():
    url_map = Map()
    url_map.add(AppRule("/items/<int:item_id>", endpoint="item", methods=["GET"]))
    routes = RouteShortcuts(url_map)

    for item_id in range(KNOWN_PATHS + 5):
        routes.match_path(Request({"PATH_INFO": f"/items/{item_id}", "REQUEST_METHOD": "GET"}))

    assert routes.match_path(Request({"PATH_INFO": "/items/7", "REQUEST_METHOD": "GET"}))[1] == {
        "item_id": 7
    }


def test_a_redirect_found_on_the_path_alone_is_built_from_the_full_binding(app, client):
    app.add_url_rule(
        "/items/<int:item_id>/", "item", lambda item_id: str(item_id), methods=["POST"]
    )

    response = client.post("/items/5?x=1", base_url="https://api.test")

    assert response.status_code == 308
    assert response.location == "https://api.test/items/5/?x=1"


def test_an_app_binding_its_own_way_matches_with_its_binding(tmp_path):
    from restkit.core import App

    bound = []

    class Binding(App):
        def create_url_adapter(self, request):
            bound.append(request is not None)
            return super().create_url_adapter(request)

    app = Binding("binding", root_path=str(tmp_path))
    app.add_url_rule("/items/<int:item_id>", "item", lambda item_id: str(item_id))

    assert app.test_client().get("/items/3").data == b"3"
    assert bound == [True]
    assert (App.binds_leanly, Binding.binds_leanly) == (True, False)
