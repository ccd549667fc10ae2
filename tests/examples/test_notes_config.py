"""The notes configurations: development by default, testing, production from the environment."""

import os

import pytest

from examples.notes import DevelopmentConfig, MissingSecretKey, ProductionConfig, create_app


@pytest.fixture
def environment(monkeypatch, tmp_path):
    """No RESTKIT_* variables but those a test sets; the database in ``tmp_path``."""
    for name in [name for name in os.environ if name.startswith("RESTKIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("RESTKIT_NOTES_DATABASE", f'"{tmp_path / "notes.sqlite3"}"')
    return monkeypatch


def test_development_is_the_default_with_a_fixed_key_and_files_in_the_instance_folder():
    app = create_app()

    assert app.config["SECRET_KEY"] == DevelopmentConfig.SECRET_KEY
    assert not app.config["TESTING"]
    assert app.config["NOTES_DATABASE"] == os.path.join(app.instance_path, "notes.sqlite3")
    assert app.config["NOTES_ATTACHMENT_FOLDER"] == os.path.join(app.instance_path, "attachments")
    assert app.config["API_CORS_ORIGINS"] == ["http://localhost:3000", "http://127.0.0.1:3000"]


@pytest.mark.parametrize("config", ["testing", pytest.param({}, id="mapping")])
def test_the_testing_configuration_by_name_or_as_a_mapping(config):
    app = create_app(config)

    assert app.config["TESTING"] is True
    assert app.config["API_STORE_URL"] == "memory://"


def test_a_mapping_changes_keys_of_the_testing_configuration(tmp_path):
    app = create_app({"NOTES_DATABASE": str(tmp_path / "n.sqlite3"), "API_RATE_LIMIT": "1/hour"})

    assert app.config["NOTES_DATABASE"] == str(tmp_path / "n.sqlite3")
    assert app.config["API_RATE_LIMIT"] == "1/hour"
    assert app.config["TESTING"] is True


def test_an_unknown_configuration_name_is_refused_with_the_names_there_are():
    with pytest.raises(ValueError, match="no 'staging' configuration: choose one of development"):
        create_app("staging")


def test_production_refuses_to_start_without_a_secret_key(environment):
    with pytest.raises(MissingSecretKey, match="set the RESTKIT_SECRET_KEY environment variable"):
        create_app("production")


def test_production_refuses_a_secret_key_that_is_not_text(environment):
    environment.setenv("RESTKIT_SECRET_KEY", "12345")  # read as JSON: a number

    with pytest.raises(MissingSecretKey):
        create_app(ProductionConfig)


def test_production_reads_its_secrets_and_settings_from_the_environment(environment, tmp_path):
    environment.setenv("RESTKIT_SECRET_KEY", "a long random string from the environment")
    environment.setenv("RESTKIT_API_CORS_ORIGINS", '["https://notes.example.com"]')

    app = create_app("production")
    preflight = app.test_client().options(
        "/v1/notes",
        headers={"Origin": "https://notes.example.com", "Access-Control-Request-Method": "GET"},
    )

    assert app.config["SECRET_KEY"] == "a long random string from the environment"
    assert app.config["NOTES_DATABASE"] == str(tmp_path / "notes.sqlite3")
    assert not app.config["TESTING"]
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://notes.example.com"
