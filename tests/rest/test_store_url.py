import os

from restkit.rest.store_url import DEFAULT_STORE_FILE, store_url


def test_the_default_store_is_a_sqlite_file_in_the_instance_folder(app):
    assert store_url(app) == "sqlite:///" + os.path.join(app.instance_path, DEFAULT_STORE_FILE)


def test_api_store_url_names_another_store(app):
    app.config["API_STORE_URL"] = "redis://localhost:6379/0"

    assert store_url(app) == "redis://localhost:6379/0"
