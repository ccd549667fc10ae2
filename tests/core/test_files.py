import io
from datetime import timedelta

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.test import EnvironBuilder as WerkzeugEnvironBuilder

from restkit.core import App, Blueprint, send_file, send_from_directory


@pytest.fixture
def app(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "hello.txt").write_text("hello file")
    (tmp_path / "secret.txt").write_text("do not serve")
    app = App("filesapp", root_path=str(tmp_path))
    app.config["TESTING"] = True
    return app


def test_send_file_relative_to_root_path(app, client):
    @app.get("/file")
    def file():
        return send_file("files/hello.txt")

    response = client.get("/file")

    assert response.status_code == 200
    assert response.text == "hello file"
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-cache"
    assert isinstance(response, app.response_class)
    response.close()


def test_send_file_conditional_request(app, client):
    @app.get("/file")
    def file():
        return send_file("files/hello.txt")

    first = client.get("/file")
    first.close()

    response = client.get("/file", headers={"If-None-Match": first.headers["ETag"]})
    response.close()

    assert response.status_code == 304


def test_send_file_object_as_attachment(app, client):
    @app.get("/report")
    def report():
        return send_file(
            io.BytesIO(b"a,b\n"), mimetype="text/csv", as_attachment=True, download_name="r.csv"
        )

    response = client.get("/report")

    assert response.data == b"a,b\n"
    assert response.headers["Content-Disposition"] == "attachment; filename=r.csv"


@pytest.mark.parametrize(
    ("config", "max_age"),
    [(3600, 3600), (timedelta(minutes=2), 120)],
    ids=["int", "timedelta"],
)
def test_send_file_max_age_from_config(app, client, config, max_age):
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = config

    @app.get("/file")
    def file():
        return send_file("files/hello.txt")

    response = client.get("/file")

    assert response.cache_control.max_age == max_age
    assert response.cache_control.public
    response.close()


def test_send_file_explicit_max_age_wins(app, client):
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600

    @app.get("/file")
    def file():
        return send_file("files/hello.txt", max_age=10)

    response = client.get("/file")

    assert response.cache_control.max_age == 10
    response.close()


def test_send_file_x_sendfile(app, client, tmp_path):
    app.config["USE_X_SENDFILE"] = True

    @app.get("/file")
    def file():
        return send_file("files/hello.txt")

    response = client.get("/file")

    assert response.headers["X-Sendfile"] == str(tmp_path / "files" / "hello.txt")
    assert response.data == b""


def test_send_from_directory(app, client):
    @app.get("/files/<path:name>")
    def files(name):
        return send_from_directory("files", name, max_age=60)

    response = client.get("/files/hello.txt")

    assert response.text == "hello file"
    assert response.cache_control.max_age == 60
    response.close()


@pytest.mark.parametrize("name", ["../secret.txt", "..%2Fsecret.txt", "missing.txt"], ids=str)
def test_send_from_directory_refuses_paths_outside(app, client, name):
    @app.get("/files/<path:name>")
    def files(name):
        return send_from_directory("files", name)

    assert client.get(f"/files/{name}").status_code == 404


@pytest.mark.parametrize(
    ("directory", "name"),
    [("files", "../secret.txt"), ("files", "/etc/passwd"), (".", "files")],
    ids=["parent", "absolute", "folder"],
)
def test_send_from_directory_direct_call_refuses(app, directory, name):
    with app.test_request_context(), pytest.raises(NotFound):
        send_from_directory(directory, name)


def test_static_folder(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body {}")
    app = App("static_app", static_folder="static", root_path=str(tmp_path))

    response = app.test_client().get("/static/site.css")

    assert response.text == "body {}"
    assert response.mimetype == "text/css"
    response.close()


def test_blueprint_static_folder(tmp_path):
    (tmp_path / "bp_static").mkdir()
    (tmp_path / "bp_static" / "app.js").write_text("ok()")
    app = App("bp_app", root_path=str(tmp_path))
    blueprint = Blueprint(
        "admin", "bp_app", static_folder="bp_static", url_prefix="/admin", root_path=str(tmp_path)
    )
    app.register_blueprint(blueprint)

    response = app.test_client().get("/admin/bp_static/app.js")

    assert response.text == "ok()"
    response.close()


class PerFileCaching(App):
    """Flask's documented hook: choose the cache lifetime per file."""

    def get_send_file_max_age(self, filename):
        if filename is not None and filename.endswith(".css"):
            return 31536000
        return super().get_send_file_max_age(filename)


def test_get_send_file_max_age_is_asked_per_file(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body {}")
    (tmp_path / "static" / "data.json").write_text("{}")
    app = PerFileCaching("hooked", static_folder="static", root_path=str(tmp_path))
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 60

    @app.get("/report")
    def report():
        return send_file(io.BytesIO(b"x"), mimetype="text/plain")

    client = app.test_client()
    css, data, report_response = (
        client.get("/static/site.css"),
        client.get("/static/data.json"),
        client.get("/report"),
    )

    assert css.cache_control.max_age == 31536000
    assert data.cache_control.max_age == 60
    assert report_response.cache_control.max_age == 60
    for response in (css, data, report_response):
        response.close()


def test_file_options_come_from_the_resolved_options(app, client, tmp_path, monkeypatch):
    app.config.update(SEND_FILE_MAX_AGE_DEFAULT=60, USE_X_SENDFILE=False)

    @app.get("/file")
    def file():
        return send_file("files/hello.txt")

    first = client.get("/file")
    first.close()
    app.config.update(SEND_FILE_MAX_AGE_DEFAULT=1, USE_X_SENDFILE=True)
    second = client.get("/file")  # resolved again before this request
    second.close()
    environ = WerkzeugEnvironBuilder("/file").get_environ()
    monkeypatch.setattr(type(app.config), "__getitem__", lambda *args: pytest.fail("read"))
    third = client.open(environ)

    assert first.cache_control.max_age == 60
    assert second.cache_control.max_age == third.cache_control.max_age == 1
    assert "X-Sendfile" in third.headers
    third.close()
    assert app.get_send_file_max_age("files/hello.txt") == 1


@pytest.mark.parametrize("func", [send_file, send_from_directory], ids=lambda f: f.__name__)
def test_needs_a_request(func):
    args = ("x",) if func is send_file else ("files", "x")

    with pytest.raises(RuntimeError, match=rf"{func.__name__}\(\) can only be used while"):
        func(*args)
