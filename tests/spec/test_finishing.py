import pytest

from restkit import App
from restkit.core import SetupError
from restkit.spec.finishing import check_references, in_reading_order, with_defaults, with_options


def test_defaults_fill_in_only_what_is_missing():
    app = App("finishing")
    assert with_defaults({"openapi": "3.1.0"}, app) == {
        "openapi": "3.1.0",
        "servers": [{"url": "/"}],
        "security": [],
    }
    given = {"servers": [{"url": "https://a"}], "security": [{"k": []}]}
    assert with_defaults(given, app) == given
    schemes = {"components": {"securitySchemes": {"k": {"type": "apiKey"}}}}
    assert "security" not in with_defaults(schemes, app)


def test_options_merge_and_tags_merge_by_name():
    document = {"info": {"title": "T"}, "tags": [{"name": "a", "description": "A"}]}
    options = {"info": {"x-logo": 1}, "tags": [{"name": "b"}, {"name": "a", "x": 2}]}
    assert with_options(document, options) == {
        "info": {"title": "T", "x-logo": 1},
        "tags": [{"name": "b"}, {"name": "a", "description": "A", "x": 2}],
    }


def test_keys_come_in_reading_order():
    document = {
        "components": {},
        "paths": {"/a": {"post": {"responses": {}, "tags": []}, "get": {}}},
        "info": {},
        "openapi": "3.1.0",
    }
    ordered = in_reading_order(document)
    assert list(ordered) == ["openapi", "info", "paths", "components"]
    assert list(ordered["paths"]["/a"]) == ["get", "post"]
    assert list(ordered["paths"]["/a"]["post"]) == ["tags", "responses"]


def test_a_dangling_ref_fails_with_where_it_is():
    check_references({"a": {"$ref": "#/b"}, "b": 1})
    with pytest.raises(SetupError, match="#/c at /a/\\$ref"):
        check_references({"a": {"$ref": "#/c"}})
