import json

import yaml

from restkit import Api, App
from restkit.spec import documents_of


def test_built_afresh_until_the_app_serves(app, api, spec):
    @app.route("/a")
    def a():
        return ""

    assert set(spec()["paths"]) == {"/a"}
    before = api.spec.encoded("json")

    @app.route("/b")
    def b():
        return ""

    # Routes added after a first build, but before the first request, are documented.
    assert set(spec()["paths"]) == {"/a", "/b"}
    served = app.test_client().get("/openapi.json")
    assert set(served.json["paths"]) == {"/a", "/b"}
    assert served.get_etag()[0] != before.etag


def test_kept_as_bytes_once_serving(app, api, spec):
    @app.route("/a")
    def a():
        return ""

    client = app.test_client()
    first = client.get("/openapi.json")
    assert api.spec.encoded("json") is api.spec.encoded("json")
    assert api.spec.document() is api.spec.document()
    assert client.get("/openapi.json").data == first.data
    assert api.spec.encoded("yaml") is api.spec.encoded("yaml")


def test_to_dict_is_a_copy(app, api, spec):
    app.test_client().get("/openapi.json")
    api.spec_dict()["info"]["title"] = "changed"
    assert spec()["info"]["title"] == "Test API"


def test_encodings(app, api, spec):
    app.config["API_TITLE"] = "Café </script>"
    json_text = api.spec.encoded("json").body.decode()
    assert json_text.endswith("}\n")
    assert json.loads(json_text) == spec()
    assert "Café" in json_text
    yaml_text = api.spec.encoded("yaml").body.decode()
    assert yaml.safe_load(yaml_text) == spec()
    assert yaml_text.startswith("openapi: ")


def test_documents_of(app, api):
    assert documents_of(app) == [api.spec]
    assert repr(api.spec) == "<OpenAPIDocument of <Api 'Test API'>>"


def test_a_config_change_after_serving_rebuilds_the_document(tmp_path):
    app = App("docs", root_path=str(tmp_path))
    app.config.update(API_TITLE="Before", API_VERSION="1")
    Api(app)
    client = app.test_client()
    assert client.get("/openapi.json").json["info"]["title"] == "Before"

    app.config["API_TITLE"] = "After"

    assert client.get("/openapi.json").json["info"]["title"] == "After"
    assert client.get("/openapi.json").json["info"]["title"] == "After"


def test_like_apispec_it_has_to_yaml_and_the_paths_of_its_endpoints(app, api, spec):
    @app.route("/pets/<int:pet_id>")
    def pet(pet_id):
        return ""

    assert yaml.safe_load(api.spec.to_yaml()) == spec()
    assert api.spec.endpoint_paths() == {"pet": "/pets/{pet_id}"}
    app.test_client().get("/openapi.json")
    assert api.spec.built() is api.spec.built()
