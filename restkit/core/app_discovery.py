"""Finding the app the ``restkit`` command works on: ``--app``, ``RESTKIT_APP``, or ``app.py``."""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import re
import sys
import typing as t

import click

from .app import App

if t.TYPE_CHECKING:
    from types import ModuleType

_NO_APP = (
    "Could not find an app: pass --app MODULE[:NAME], set the RESTKIT_APP environment "
    "variable, or run the command in a folder holding app.py or wsgi.py."
)
# "module:name", but not the colon of a Windows drive ("C:\\...").
_MODULE_SEPARATOR = re.compile(r":(?![\\/])")


def discover_app() -> App:
    """Load the app of ``app.py``, else of ``wsgi.py``, in the current folder."""
    for filename in ("app.py", "wsgi.py"):
        if os.path.isfile(filename):
            return locate_app(filename)
    raise click.UsageError(_NO_APP)


def locate_app(import_path: str) -> App:
    """Load the app named by *import_path*, ``module[:name]``.

    *module* is a dotted module name or a path to a ``.py`` file or a package
    folder. *name* is an attribute of the module, or a call of a factory in it
    with literal arguments (``create_app("dev")``); without it, the module's
    app is searched for (see :func:`find_app`).

    :raise click.UsageError: the module or the app cannot be found.
    """
    module_name, *name = _MODULE_SEPARATOR.split(import_path, maxsplit=1)
    module = import_app_module(module_name)
    if not name:
        return find_app(module)
    attribute, call = parse_app_name(name[0])
    try:
        value = getattr(module, attribute)
    except AttributeError:
        raise click.UsageError(
            f"Module {module.__name__!r} has no attribute {attribute!r}."
        ) from None
    if call is None:
        if isinstance(value, App):
            return value
        if not inspect.isfunction(value):
            raise click.UsageError(f"{module.__name__}:{attribute} is not an App.")
        call = ((), {})
    return call_factory(module, attribute, value, *call)


def import_app_module(target: str) -> ModuleType:
    """Import *target*, a dotted module name or a path to a ``.py`` file or package folder.

    The folder the module is found from (the current one, for a dotted name)
    is put on ``sys.path`` first.
    """
    if target.endswith(".py") or os.sep in target or "/" in target:
        path = os.path.realpath(target)
        path = path[:-3] if path.endswith(".py") else path
        if os.path.basename(path) == "__init__":
            path = os.path.dirname(path)
        parts: list[str] = []
        # Walk up through packages, so that the module's relative imports work.
        while True:
            path, part = os.path.split(path)
            parts.append(part)
            if not os.path.isfile(os.path.join(path, "__init__.py")):
                break
        root, module_name = path, ".".join(reversed(parts))
    else:
        root, module_name = os.getcwd(), target
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only a missing module_name (or parent) is our error; others come from its imports.
        if exc.name is None or not f"{module_name}.".startswith(f"{exc.name}."):
            raise
        raise click.UsageError(f"Could not import {module_name!r}: {exc}.") from exc


def parse_app_name(name: str) -> tuple[str, tuple[tuple[t.Any, ...], dict[str, t.Any]] | None]:
    """Split ``app`` or ``create_app("dev", debug=True)`` into a name and call arguments.

    The arguments must be Python literals; they are read with ``ast``, never run.

    :return: the attribute name and ``(args, kwargs)``, or ``None`` when not a call.
    :raise click.UsageError: *name* is neither a name nor such a call.
    """
    try:
        expr = ast.parse(name.strip(), mode="eval").body
    except SyntaxError:
        raise click.UsageError(
            f"Could not parse {name!r} as an attribute name or a function call."
        ) from None
    if isinstance(expr, ast.Name):
        return expr.id, None
    if not isinstance(expr, ast.Call) or not isinstance(expr.func, ast.Name):
        raise click.UsageError(
            f"{name!r} must be an attribute name or a call of one, like create_app('dev')."
        )
    try:
        args = tuple(ast.literal_eval(arg) for arg in expr.args)
        kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in expr.keywords if kw.arg}
    except ValueError:
        raise click.UsageError(
            f"The arguments of {name!r} must be Python literals (strings, numbers...)."
        ) from None
    if len(kwargs) != len(expr.keywords):
        raise click.UsageError(f"The arguments of {name!r} cannot unpack '**' mappings.")
    return expr.func.id, (args, kwargs)


def find_app(module: ModuleType) -> App:
    """Return the app of *module*.

    That is its ``app`` or ``application`` attribute, else its only App, else
    what its ``create_app()`` or ``make_app()`` factory returns.

    :raise click.UsageError: there is no app, or several.
    """
    for name in ("app", "application"):
        value = getattr(module, name, None)
        if isinstance(value, App):
            return value
    apps = list({id(v): v for v in vars(module).values() if isinstance(v, App)}.values())
    if len(apps) == 1:
        return apps[0]
    if apps:
        raise click.UsageError(
            f"Module {module.__name__!r} holds several apps: pass --app "
            f"{module.__name__}:NAME to choose one."
        )
    for name in ("create_app", "make_app"):
        factory = getattr(module, name, None)
        if inspect.isfunction(factory):
            return call_factory(module, name, factory, (), {})
    raise click.UsageError(
        f"Module {module.__name__!r} has no app: define 'app' or a 'create_app()' factory in "
        f"it, or pass --app {module.__name__}:NAME."
    )


def call_factory(
    module: ModuleType,
    name: str,
    factory: t.Any,
    args: tuple[t.Any, ...],
    kwargs: dict[str, t.Any],
) -> App:
    """Call the app factory *factory*, attribute *name* of *module*, and check its result.

    :raise click.UsageError: the factory does not take these arguments, or returned no App.
    """
    where = f"{module.__name__}:{name}"
    if not callable(factory):
        raise click.UsageError(f"{where} is not a function, so it cannot be called.")
    try:
        inspect.signature(factory).bind(*args, **kwargs)
    except TypeError as exc:
        raise click.UsageError(f"{where} cannot be called with these arguments: {exc}.") from exc
    app = factory(*args, **kwargs)
    if not isinstance(app, App):
        raise click.UsageError(f"{where} returned {app!r}, not an App.")
    return app
