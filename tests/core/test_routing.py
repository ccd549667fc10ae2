import pytest
from werkzeug.routing import BaseConverter, IntegerConverter, Map

from restkit.core import url_for
from restkit.core.routing import (
    INT64_MAX,
    INT64_MIN,
    AppRule,
    BoundedIntegerConverter,
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
