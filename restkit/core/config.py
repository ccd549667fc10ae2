"""The application's configuration: a dict of UPPERCASE keys, filled from objects, files or env."""

from __future__ import annotations

import errno
import json
import os
import types
import typing as t

from werkzeug.utils import import_string

#: Words that mark a config value as secret, so ``repr`` hides it.
_SECRET_WORDS = ("SECRET", "PASSWORD", "TOKEN")

#: ``errno`` values that ``silent=True`` treats as "no such file".
_MISSING_FILE_ERRNOS = frozenset({errno.ENOENT, errno.EISDIR, errno.ENOTDIR})


class Config(dict[str, t.Any]):
    """A dict of settings, with loaders that only take UPPERCASE keys.

    Relative file names given to the loaders are resolved against *root_path*.
    Every change counts in :attr:`revision`, so an app that already serves
    resolves its options again before the next request.

    :param root_path: folder that relative file names start from.
    :param defaults: initial values.
    """

    def __init__(
        self,
        root_path: str | os.PathLike[str],
        defaults: t.Mapping[str, t.Any] | None = None,
    ) -> None:
        super().__init__(defaults or {})
        self.root_path = os.fspath(root_path)
        #: How many times the settings changed (values changed in place are not seen).
        self.revision = 0

    # -- change tracking: every way a dict can change counts --------------------------------

    def __setitem__(self, key: str, value: t.Any) -> None:
        super().__setitem__(key, value)
        self.revision += 1

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self.revision += 1

    def __ior__(self, other: t.Any) -> Config:  # type: ignore[override,misc]
        self.update(other)
        return self

    def update(self, *args: t.Any, **kwargs: t.Any) -> None:
        """Update the settings like ``dict.update``."""
        super().update(*args, **kwargs)
        self.revision += 1

    def setdefault(self, key: str, default: t.Any = None) -> t.Any:
        """Return setting *key*, setting it to *default* first if missing."""
        if key not in self:
            self.revision += 1
        return super().setdefault(key, default)

    def pop(self, key: str, *default: t.Any) -> t.Any:
        """Remove setting *key* and return its value (or *default*)."""
        self.revision += 1
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, t.Any]:
        """Remove and return the last setting."""
        self.revision += 1
        return super().popitem()

    def clear(self) -> None:
        """Remove every setting."""
        super().clear()
        self.revision += 1

    # -- loaders ----------------------------------------------------------------------------

    def from_object(self, obj: object | str) -> None:
        """Copy the UPPERCASE attributes of *obj*, a module, class or import string.

        :param obj: an object, or an import string such as ``"myapp.settings.Production"``.
        """
        if isinstance(obj, str):
            obj = import_string(obj)
        for key in dir(obj):
            if key.isupper():
                self[key] = getattr(obj, key)

    def from_mapping(
        self,
        mapping: t.Mapping[str, t.Any] | t.Iterable[tuple[str, t.Any]] | None = None,
        **kwargs: t.Any,
    ) -> bool:
        """Copy the UPPERCASE keys of *mapping* and *kwargs*; other keys are ignored.

        :param mapping: a mapping, or an iterable of ``(key, value)`` pairs (as
            ``dict()`` takes); *kwargs* win over it.
        :return: always ``True``.
        """
        items = dict(mapping or ())
        items.update(kwargs)
        for key, value in items.items():
            if key.isupper():
                self[key] = value
        return True

    def from_envvar(self, variable_name: str, silent: bool = False) -> bool:
        """Load the Python file named by the environment variable *variable_name*.

        :param silent: return ``False`` instead of raising when the variable is
            unset or the file is missing.
        :return: whether a file was loaded.
        :raise RuntimeError: the variable is not set (and not *silent*).
        """
        filename = os.environ.get(variable_name)
        if not filename:
            if silent:
                return False
            raise RuntimeError(
                f"The environment variable {variable_name!r} is not set: set it to the path of"
                " a Python config file, or call from_envvar(..., silent=True)."
            )
        return self.from_pyfile(filename, silent=silent)

    def from_pyfile(self, filename: str | os.PathLike[str], silent: bool = False) -> bool:
        """Run the Python file *filename* and copy its UPPERCASE globals.

        :param silent: return ``False`` instead of raising when the file is missing.
        :return: whether the file was loaded.
        :raise OSError: the file cannot be read (and not *silent*).
        """
        path = os.path.join(self.root_path, filename)
        module = types.ModuleType("config")
        module.__file__ = path
        try:
            with open(path, "rb") as file:
                source = file.read()
        except OSError as exc:
            if silent and exc.errno in _MISSING_FILE_ERRNOS:
                return False
            raise _unreadable(exc, path) from exc
        exec(compile(source, path, "exec"), module.__dict__)
        self.from_object(module)
        return True

    def from_file(
        self,
        filename: str | os.PathLike[str],
        load: t.Callable[[t.IO[t.Any]], t.Mapping[str, t.Any]],
        silent: bool = False,
        text: bool = True,
    ) -> bool:
        """Read *filename* with *load* and copy the UPPERCASE keys of the mapping it returns.

        ::

            app.config.from_file("config.json", load=json.load)
            app.config.from_file("config.toml", load=tomllib.load, text=False)
            app.config.from_file("config.yaml", load=yaml.safe_load)

        :param load: called with the open file; returns a mapping.
        :param silent: return ``False`` instead of raising when the file is missing.
        :param text: open the file as UTF-8 text; ``False`` opens it in binary mode.
        :return: whether the file was loaded.
        :raise OSError: the file cannot be read (and not *silent*).
        """
        path = os.path.join(self.root_path, filename)
        try:
            with open(path, "r" if text else "rb", encoding="utf-8" if text else None) as file:
                data = load(file)
        except OSError as exc:
            if silent and exc.errno in _MISSING_FILE_ERRNOS:
                return False
            raise _unreadable(exc, path) from exc
        return self.from_mapping(data)

    def from_prefixed_env(
        self, prefix: str = "RESTKIT", *, loads: t.Callable[[str], t.Any] = json.loads
    ) -> bool:
        """Load environment variables that start with ``{prefix}_``, without the prefix.

        Each value goes through *loads* (JSON by default, so ``"5"`` is an int and
        ``"true"`` a bool); a value it refuses stays a string. A double underscore
        sets a key of a nested dict: ``RESTKIT_DB__HOST`` sets ``config["DB"]["HOST"]``.

        :return: always ``True``.
        """
        start = f"{prefix}_"
        for name in sorted(os.environ):
            if not name.startswith(start):
                continue
            raw = os.environ[name]
            try:
                value = loads(raw)
            except Exception:
                # Anything the loader refuses is taken as plain text, as documented.
                value = raw
            *parents, key = name[len(start) :].split("__")
            target: dict[str, t.Any] = self
            for parent in parents:
                child = target.setdefault(parent, {})
                if not isinstance(child, dict):
                    raise TypeError(
                        f"Cannot set {name}: config key {parent!r} holds a"
                        f" {type(child).__name__}, not a dict."
                    )
                target = child
            target[key] = value
        return True

    def get_namespace(
        self, namespace: str, lowercase: bool = True, trim_namespace: bool = True
    ) -> dict[str, t.Any]:
        """Return the settings whose keys start with *namespace*, as a new dict.

        ``config.get_namespace("DB_")`` turns ``DB_HOST`` into ``{"host": ...}``.

        :param lowercase: lowercase the returned keys.
        :param trim_namespace: drop *namespace* from the returned keys.
        """
        found: dict[str, t.Any] = {}
        for key, value in self.items():
            if not key.startswith(namespace):
                continue
            name = key[len(namespace) :] if trim_namespace else key
            found[name.lower() if lowercase else name] = value
        return found

    def __repr__(self) -> str:
        shown = {
            key: "<hidden>" if value and any(word in key for word in _SECRET_WORDS) else value
            for key, value in self.items()
        }
        return f"<{type(self).__name__} root_path={self.root_path!r} {shown!r}>"


def _unreadable(exc: OSError, path: str) -> OSError:
    """Return a copy of *exc* whose message names the config file."""
    return type(exc)(exc.errno, f"Unable to load configuration file ({exc.strerror})", path)
