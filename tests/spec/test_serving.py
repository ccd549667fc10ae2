import functools
import os

import pytest
import swagger_ui_bundle
import yaml

from restkit import Api, abort
from restkit.core import ConfigurationError
from restkit.spec import REDOC_CDN, SCALAR_CDN

PAGES = {
    "/docs": "swagger-ui-bundle.js",
    "/redoc": "redoc@3.0.1/bundles/redoc.standalone.js",
    "/scalar": "@scalar/api-reference@1.76.0/dist/browser/standalone.js",
}
#: Turns on the pages whose script only a CDN has, with the pinned versions.
CDN_PAGES = {"OPENAPI_REDOC_URL": REDOC_CDN.url, "OPENAPI_SCALAR_URL": SCALAR_CDN.url}


def status_of(client, path, **kwargs):
    """GET *path* and return the status, closing the response (files stay open otherwise)."""
    with client.get(path, **kwargs) as response:
        return response.status_code


def require_header(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        from restkit import request

        if request.headers.get("X-Docs-Key") != "secret":
            abort(401)
        return view(*args, **kwargs)

    return wrapper


def test_json_and_yaml_documents(app, api, spec):
    client = app.test_client()
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json == spec()
    response = client.get("/openapi.yaml")
    assert response.mimetype == "application/yaml"
    assert yaml.safe_load(response.data) == spec()


def test_etag_gives_304(app, api):
    client = app.test_client()
    etag = client.get("/openapi.json").get_etag()[0]
    response = client.get("/openapi.json", headers={"If-None-Match": f'"{etag}"'})
    assert response.status_code == 304
    assert response.data == b""


def test_spec_routes_are_not_documented(app, api, spec):
    assert spec()["paths"] == {}


@pytest.mark.parametrize(("path", "script"), PAGES.items())
def test_docs_pages(app, path, script):
    app.config.update(CDN_PAGES)
    Api(app)
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.text
    assert "<title>Test API</title>" in html
    assert script in html
    assert "/openapi.json" in html


def test_cdn_pages_are_off_by_default_and_rapidoc_is_gone(app, api):
    client = app.test_client()
    assert client.get("/docs").status_code == 200
    for path in ("/redoc", "/scalar", "/rapidoc"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "script", "module"),
    [("/redoc", REDOC_CDN, True), ("/scalar", SCALAR_CDN, False)],
)
def test_cdn_scripts_load_with_integrity_and_say_when_they_cannot(app, path, script, module):
    app.config.update(CDN_PAGES)
    Api(app)
    html = app.test_client().get(path).text
    kind = 'type="module" ' if module else ""
    tag = (
        f'<script {kind}src="{script.url}" '
        f'integrity="{script.integrity}" crossorigin="anonymous"\n'
        "  onerror=\"document.getElementById('docs-unavailable').hidden = false\"></script>"
    )
    assert tag in html
    assert '<p id="docs-unavailable" hidden>' in html
    assert f"could not be loaded from {script.url}" in html
    assert '<a href="/openapi.json">/openapi.json</a>' in html


def test_a_script_of_another_origin_needs_its_integrity(app):
    app.config["OPENAPI_SCALAR_URL"] = "https://cdn.example/scalar.js"
    with pytest.raises(ConfigurationError, match="OPENAPI_SCALAR_INTEGRITY to its 'sha384-"):
        Api(app)
    app.config["OPENAPI_SCALAR_INTEGRITY"] = "sha384-abc"
    other = type(app)("other")
    other.config.update(app.config)
    Api(other)
    html = other.test_client().get("/scalar").text
    assert 'src="https://cdn.example/scalar.js" integrity="sha384-abc"' in html


def test_swagger_ui_is_served_from_the_package(app, api):
    client = app.test_client()
    html = client.get("/docs").text
    assert 'src="/docs/assets/swagger-ui-bundle.js"' in html
    assert '"validatorUrl": null' in html
    assert '"oauth2RedirectUrl": "/docs/assets/oauth2-redirect.html"' in html
    assert "new URL(config.oauth2RedirectUrl, window.location.href)" in html
    path = os.path.join(swagger_ui_bundle.swagger_ui_path, "swagger-ui-bundle.js")
    with client.get("/docs/assets/swagger-ui-bundle.js") as response, open(path, "rb") as file:
        assert response.status_code == 200
        assert response.data == file.read()
    assert status_of(client, "/docs/assets/../../secret") == 404


def test_every_value_is_escaped(app):
    title = 'Pets </script><script>alert("x")</script> & <b>'
    app.config.update(
        API_TITLE=title,
        OPENAPI_REDOC_URL='https://cdn.example/redoc.js"><script>alert(1)</script>',
        OPENAPI_REDOC_INTEGRITY='sha384-x"><script>alert(3)</script>',
        OPENAPI_SCALAR_URL=SCALAR_CDN.url,
        OPENAPI_SWAGGER_UI_CONFIG={"docExpansion": "</script><script>alert(2)</script>"},
    )
    Api(app)
    client = app.test_client()
    for path in PAGES:
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "</script><script>" not in html
        assert "&lt;/script&gt;" in html or "\\u003c/script\\u003e" in html
    swagger = client.get("/docs").text
    assert '"docExpansion": "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)' in swagger
    redoc = client.get("/redoc").text
    assert 'src="https://cdn.example/redoc.js&#34;&gt;&lt;script&gt;' in redoc
    assert 'integrity="sha384-x&#34;&gt;&lt;script&gt;' in redoc


@pytest.mark.parametrize("path", PAGES)
def test_no_page_is_built_from_the_host_header(app, path):
    app.config.update(CDN_PAGES)
    Api(app)

    response = app.test_client().get(path, headers={"Host": "evil.example"})

    assert response.status_code == 200
    assert "evil.example" not in response.text
    assert "localhost" not in response.text


def test_scripts_served_by_the_app_need_no_integrity(app):
    app.config.update(OPENAPI_REDOC_URL="/static/redoc.js", OPENAPI_SCALAR_URL="/static/scalar.js")
    Api(app)
    client = app.test_client()
    redoc = client.get("/redoc").text
    assert '<script type="module" src="/static/redoc.js"\n  onerror=' in redoc
    assert 'src="/static/scalar.js"\n  onerror=' in client.get("/scalar").text


def test_paths_and_prefix_are_configurable(app):
    app.config.update(
        OPENAPI_URL_PREFIX="/api/",
        OPENAPI_JSON_PATH="spec.json",
        OPENAPI_SWAGGER_UI_PATH="/swagger/",
    )
    Api(app)
    client = app.test_client()
    assert client.get("/api/spec.json").status_code == 200
    assert client.get("/openapi.json").status_code == 404
    html = client.get("/api/swagger").text
    assert '"url": "/api/spec.json"' in html
    assert status_of(client, "/api/swagger/assets/swagger-ui.css") == 200


ALL_RULES = {
    "/openapi.json",
    "/openapi.yaml",
    "/docs",
    "/docs/assets/<path:filename>",
    "/redoc",
    "/scalar",
}


@pytest.mark.parametrize(
    ("key", "gone"),
    [
        ("OPENAPI_YAML_PATH", {"/openapi.yaml"}),
        ("OPENAPI_SWAGGER_UI_PATH", {"/docs", "/docs/assets/<path:filename>"}),
        ("OPENAPI_REDOC_PATH", {"/redoc"}),
        ("OPENAPI_SCALAR_PATH", {"/scalar"}),
        ("OPENAPI_REDOC_URL", {"/redoc"}),
    ],
)
def test_a_page_can_be_switched_off(app, key, gone):
    app.config.update(CDN_PAGES)
    app.config[key] = None
    Api(app)
    assert {rule.rule for rule in app.url_map.iter_rules()} == ALL_RULES - gone


def test_no_url_prefix_serves_nothing(app):
    app.config["OPENAPI_URL_PREFIX"] = None
    Api(app)
    assert list(app.url_map.iter_rules()) == []


def test_pages_need_the_json_document(app):
    app.config["OPENAPI_JSON_PATH"] = None
    with pytest.raises(ConfigurationError, match="OPENAPI_SWAGGER_UI_PATH needs the JSON"):
        Api(app)
    app.config.update(
        OPENAPI_SWAGGER_UI_PATH=None,
        OPENAPI_REDOC_PATH=None,
        OPENAPI_SCALAR_PATH=None,
    )
    other = type(app)("other")
    other.config.update(app.config)
    Api(other)
    assert [rule.rule for rule in other.url_map.iter_rules()] == ["/openapi.yaml"]


def test_decorators_protect_every_view(app):
    app.config.update(CDN_PAGES, OPENAPI_DOCS_DECORATORS=[require_header])
    Api(app)
    client = app.test_client()
    for path in ["/openapi.json", "/openapi.yaml", *PAGES]:
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"X-Docs-Key": "secret"}).status_code == 200
    assert status_of(client, "/docs/assets/swagger-ui.css") == 200


def test_decorators_per_view(app):
    app.config.update(CDN_PAGES, OPENAPI_DOCS_DECORATORS={"swagger_ui": [require_header]})
    Api(app)
    client = app.test_client()
    assert client.get("/docs").status_code == 401
    assert client.get("/redoc").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def test_unknown_decorator_key(app):
    app.config["OPENAPI_DOCS_DECORATORS"] = {"swagger": []}
    with pytest.raises(ConfigurationError, match="unknown keys \\['swagger'\\]"):
        Api(app)


def test_docs_under_a_script_root(app, api):
    html = app.test_client().get("/docs", base_url="http://localhost/mounted/").text
    assert '"url": "/mounted/openapi.json"' in html
    assert 'src="/mounted/docs/assets/swagger-ui-bundle.js"' in html
