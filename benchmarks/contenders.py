"""The contenders: each benchmark app, how to build it, and the packages it is made of."""

from __future__ import annotations

import importlib
import typing as t
from dataclasses import dataclass

#: The contender every ratio is taken against.
REFERENCE = "smorest"
#: The contender that does no work: the least a request can cost.
FLOOR = "floor"


@dataclass(frozen=True)
class Contender:
    """One framework's benchmark app.

    :param key: the short name used in options and in the JSON results.
    :param label: the name printed in tables.
    :param module: the app's module.
    :param factory: the function of *module* that builds the app.
    :param interface: ``"wsgi"`` or ``"asgi"``.
    :param packages: the distributions whose versions the report names.
    """

    key: str
    label: str
    module: str
    factory: str
    interface: str
    packages: tuple[str, ...]

    @property
    def target(self) -> str:
        """The app as servers name it: ``module:factory``."""
        return f"{self.module}:{self.factory}"

    def build(self) -> t.Any:
        """Import the module and build the app."""
        return getattr(importlib.import_module(self.module), self.factory)()


def _app(key: str, label: str, name: str, packages: tuple[str, ...], **options: str) -> Contender:
    factory = options.get("factory", "create_app")
    interface = options.get("interface", "wsgi")
    return Contender(key, label, f"benchmarks.apps.{name}", factory, interface, packages)


CONTENDERS = (
    _app("restkit", "restkit", "restkit_app", ("restkit", "marshmallow", "werkzeug")),
    _app(
        "smorest",
        "Flask + flask-smorest (schema instances)",
        "smorest_app",
        ("flask", "flask-smorest", "marshmallow"),
        factory="create_app_with_instances",
    ),
    _app(
        "smorest-classes",
        "Flask + flask-smorest (schema classes)",
        "smorest_app",
        ("flask", "flask-smorest", "marshmallow"),
        factory="create_app_with_classes",
    ),
    _app("apiflask", "APIFlask", "apiflask_app", ("apiflask", "flask", "marshmallow")),
    _app("flask", "Flask + marshmallow by hand", "flask_app", ("flask", "marshmallow")),
    _app("falcon", "Falcon + marshmallow", "falcon_app", ("falcon", "marshmallow")),
    _app(
        "fastapi",
        "FastAPI (pydantic)",
        "fastapi_app",
        ("fastapi", "pydantic", "pydantic-core", "starlette"),
        interface="asgi",
    ),
    _app("werkzeug", "werkzeug by hand + marshmallow", "werkzeug_app", ("werkzeug", "marshmallow")),
    _app("floor", "bare WSGI, constant bytes (floor)", "floor", ()),
)
BY_KEY = {contender.key: contender for contender in CONTENDERS}


def select(keys: t.Iterable[str] | None) -> tuple[Contender, ...]:
    """Return the contenders named by *keys* (all when ``None``), the reference and floor always.

    :raise ValueError: a key names no contender.
    """
    if keys is None:
        return CONTENDERS
    wanted = set(keys)
    unknown = wanted - set(BY_KEY)
    if unknown:
        raise ValueError(f"unknown contenders {sorted(unknown)}: choose from {sorted(BY_KEY)}")
    wanted |= {REFERENCE, FLOOR}
    return tuple(contender for contender in CONTENDERS if contender.key in wanted)
