import json
import os
import sys
import tomllib
import typing as t
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from restkit.core.config import Config
from restkit.core.options import DEFAULT_CONFIG


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(tmp_path, {"DEBUG": False})


class Settings:
    SECRET_KEY = "from object"
    PORT = 5000
    lowercase = "ignored"
    _private = "ignored"


def test_defaults_are_copied(tmp_path: Path) -> None:
    config = Config(tmp_path, DEFAULT_CONFIG)
    config["DEBUG"] = True
    assert DEFAULT_CONFIG["DEBUG"] is False
    assert config["PERMANENT_SESSION_LIFETIME"] == timedelta(days=31)
    assert config.root_path == str(tmp_path)
    assert Config("relative").root_path == "relative"
    assert Config("relative") == {}


def test_from_object(config: Config) -> None:
    config.from_object(Settings)
    assert config == {"DEBUG": False, "SECRET_KEY": "from object", "PORT": 5000}


def test_from_object_import_string(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rk_settings_module.py").write_text(
        "NAME = 'module'\nother = 1\nclass Production:\n    PORT = 80\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "rk_settings_module", raising=False)
    config.from_object("rk_settings_module")
    assert config["NAME"] == "module"
    assert "other" not in config
    config.from_object("rk_settings_module.Production")
    assert config["PORT"] == 80


def test_from_mapping(config: Config) -> None:
    assert config.from_mapping({"A": 1, "b": 2}, C=3, d=4) is True
    assert config.from_mapping() is True
    assert config == {"DEBUG": False, "A": 1, "C": 3}


def test_from_mapping_takes_key_value_pairs(config: Config) -> None:
    # As in Flask, anything dict() accepts works, and keyword arguments win.
    assert config.from_mapping([("A", 1), ("b", 2), ("C", 3)], C=4) is True
    assert config.from_mapping(iter([("E", 5)])) is True
    assert config == {"DEBUG": False, "A": 1, "C": 4, "E": 5}


def test_from_pyfile(config: Config, tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(
        "import os\nSECRET_KEY = 'py'\nHERE = __file__\nlower = 1\n"
    )
    assert config.from_pyfile("settings.py") is True
    assert config["SECRET_KEY"] == "py"
    assert config["HERE"] == str(tmp_path / "settings.py")
    assert "lower" not in config
    assert "os" not in config


@pytest.mark.parametrize("name", ["missing.py", "folder", "settings.py/below"])
def test_from_pyfile_missing(config: Config, tmp_path: Path, name: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "settings.py").write_text("")
    with pytest.raises(OSError, match="Unable to load configuration file") as info:
        config.from_pyfile(name)
    assert name in str(info.value)
    assert config.from_pyfile(name, silent=True) is False


def test_from_pyfile_silent_still_raises_other_errors(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(PermissionError, match=r"Permission denied.*settings\.py"):
        config.from_pyfile("settings.py", silent=True)


def test_from_pyfile_errors_propagate(config: Config, tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("SECRET_KEY = 1 / 0\n")
    with pytest.raises(ZeroDivisionError):
        config.from_pyfile("broken.py")


def test_from_envvar(config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "env_settings.py").write_text("FROM_ENV = True\n")
    monkeypatch.setenv("RK_SETTINGS", str(tmp_path / "env_settings.py"))
    assert config.from_envvar("RK_SETTINGS") is True
    assert config["FROM_ENV"] is True


def test_from_envvar_unset(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RK_SETTINGS", raising=False)
    with pytest.raises(RuntimeError, match="'RK_SETTINGS' is not set"):
        config.from_envvar("RK_SETTINGS")
    assert config.from_envvar("RK_SETTINGS", silent=True) is False


def test_from_envvar_missing_file(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RK_SETTINGS", "nowhere.py")
    with pytest.raises(OSError, match=r"nowhere\.py"):
        config.from_envvar("RK_SETTINGS")
    assert config.from_envvar("RK_SETTINGS", silent=True) is False


@pytest.mark.parametrize(
    ("filename", "content", "load", "text"),
    [
        pytest.param("c.json", '{"PORT": 1, "lower": 2}', json.load, True, id="json"),
        pytest.param("c.toml", "PORT = 1\nlower = 2\n", tomllib.load, False, id="toml"),
        pytest.param("c.yaml", "PORT: 1\nlower: 2\n", yaml.safe_load, True, id="yaml"),
    ],
)
def test_from_file(
    config: Config,
    tmp_path: Path,
    filename: str,
    content: str,
    load: t.Callable[[t.IO[t.Any]], t.Mapping[str, t.Any]],
    text: bool,
) -> None:
    (tmp_path / filename).write_text(content, encoding="utf-8")
    assert config.from_file(filename, load=load, text=text) is True
    assert config == {"DEBUG": False, "PORT": 1}


def test_from_file_reads_utf8(config: Config, tmp_path: Path) -> None:
    (tmp_path / "c.json").write_bytes('{"NAME": "Zoë"}'.encode())
    config.from_file(tmp_path / "c.json", load=json.load)
    assert config["NAME"] == "Zoë"


def test_from_file_empty_yaml(config: Config, tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("")
    assert config.from_file("empty.yaml", load=yaml.safe_load) is True
    assert config == {"DEBUG": False}


def test_from_file_missing(config: Config) -> None:
    with pytest.raises(FileNotFoundError, match=r"Unable to load configuration file .*c\.json"):
        config.from_file("c.json", load=json.load)
    assert config.from_file("c.json", load=json.load, silent=True) is False


def test_from_prefixed_env(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("RESTKIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("RESTKIT_PORT", "8000")
    monkeypatch.setenv("RESTKIT_DEBUG", "true")
    monkeypatch.setenv("RESTKIT_NAME", "plain text")
    monkeypatch.setenv("RESTKIT_HOSTS", '["a", "b"]')
    monkeypatch.setenv("RESTKIT_DB__HOST", "db.local")
    monkeypatch.setenv("RESTKIT_DB__POOL__SIZE", "5")
    monkeypatch.setenv("OTHER_PORT", "1")
    monkeypatch.setenv("RESTKITPORT", "1")
    assert config.from_prefixed_env() is True
    assert config == {
        "DEBUG": True,
        "PORT": 8000,
        "NAME": "plain text",
        "HOSTS": ["a", "b"],
        "DB": {"HOST": "db.local", "POOL": {"SIZE": 5}},
    }


def test_from_prefixed_env_updates_nested_dicts(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    config["DB"] = {"HOST": "old", "PORT": 5432}
    monkeypatch.setenv("APP_DB__HOST", "new")
    config.from_prefixed_env("APP", loads=str.upper)
    assert config["DB"] == {"HOST": "NEW", "PORT": 5432}


def test_from_prefixed_env_refuses_to_nest_into_a_value(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    config["DB"] = "sqlite://"
    monkeypatch.setenv("APP_DB__HOST", "new")
    with pytest.raises(TypeError, match="APP_DB__HOST: config key 'DB' holds a str"):
        config.from_prefixed_env("APP")


def test_get_namespace(config: Config) -> None:
    config.update(DB_HOST="h", DB_PORT=1, DBX=2, OTHER=3)
    assert config.get_namespace("DB_") == {"host": "h", "port": 1}
    assert config.get_namespace("DB_", lowercase=False) == {"HOST": "h", "PORT": 1}
    assert config.get_namespace("DB_", trim_namespace=False) == {"db_host": "h", "db_port": 1}


def test_repr_hides_secrets(config: Config) -> None:
    config.update(
        SECRET_KEY="s3cr3t", DB_PASSWORD="hunter2", API_TOKEN="t", SECRET_KEY_FALLBACKS=None
    )
    text = repr(config)
    assert text.startswith(f"<Config root_path={config.root_path!r} {{")
    assert "s3cr3t" not in text
    assert "hunter2" not in text
    assert "'SECRET_KEY': '<hidden>'" in text
    assert "'SECRET_KEY_FALLBACKS': None" in text
    assert "'DEBUG': False" in text


def test_subclass_repr(tmp_path: Path) -> None:
    class AppConfig(Config):
        pass

    assert repr(AppConfig(tmp_path)).startswith("<AppConfig ")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: c.__setitem__("A", 1), id="setitem"),
        pytest.param(lambda c: c.__delitem__("X"), id="delitem"),
        pytest.param(lambda c: c.update(A=1), id="update"),
        pytest.param(lambda c: c.__ior__({"A": 1}), id="ior"),
        pytest.param(lambda c: c.setdefault("A", 1), id="setdefault-new"),
        pytest.param(lambda c: c.pop("X"), id="pop"),
        pytest.param(lambda c: c.popitem(), id="popitem"),
        pytest.param(lambda c: c.clear(), id="clear"),
        pytest.param(lambda c: c.from_mapping(A=1), id="from_mapping"),
        pytest.param(lambda c: c.from_object(type("S", (), {"A": 1})), id="from_object"),
    ],
)
def test_every_change_counts_in_the_revision(config: Config, change: t.Any) -> None:
    config["X"] = 0
    before = config.revision

    change(config)

    assert config.revision > before


def test_reading_and_setdefault_of_a_present_key_change_nothing(config: Config) -> None:
    config["X"] = 0
    before = config.revision

    config.setdefault("X", 1)
    config.get("X")
    config.get_namespace("X")

    assert config.revision == before
    assert config["X"] == 0
    assert (config | {"Y": 1})["Y"] == 1
