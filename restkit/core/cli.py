"""The ``restkit`` command line: finding the app, the app's commands and the built-in ones."""

from __future__ import annotations

import ast
import code
import importlib
import inspect
import os
import re
import sys
import typing as t
from functools import update_wrapper

import click

from .app import App
from .globals import app_ctx_var, has_app_context

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import ModuleType

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

_NO_APP = (
    "Could not find an app: pass --app MODULE[:NAME], set the RESTKIT_APP environment "
    "variable, or run the command in a folder holding app.py or wsgi.py."
)
# "module:name", but not the colon of a Windows drive ("C:\\...").
_MODULE_SEPARATOR = re.compile(r":(?![\\/])")


class ScriptInfo:
    """Tells the commands how to load the app; the ``obj`` of the ``restkit`` command.

    :param app_import_path: ``module[:name]`` or a path to a ``.py`` file, as
        given to ``--app``.
    :param create_app: a function returning the app; wins over the import path.
    """

    def __init__(
        self,
        app_import_path: str | None = None,
        create_app: Callable[[], App] | None = None,
    ) -> None:
        self.app_import_path = app_import_path
        self.create_app = create_app
        self._app: App | None = None

    def load_app(self) -> App:
        """Return the app, loading it on first use.

        :raise click.UsageError: no app could be found.
        """
        if self._app is None:
            if self.create_app is not None:
                self._app = self.create_app()
            else:
                import_path = self.app_import_path or os.environ.get("RESTKIT_APP")
                self._app = locate_app(import_path) if import_path else discover_app()
        return self._app


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


def with_appcontext(f: F) -> F:
    """Wrap the callback of a command so that it runs inside the app's context."""

    @click.pass_context
    def wrapper(ctx: click.Context, /, *args: t.Any, **kwargs: t.Any) -> t.Any:
        if not has_app_context():
            app = ctx.ensure_object(ScriptInfo).load_app()
            ctx.with_resource(app.app_context())
        return ctx.invoke(f, *args, **kwargs)

    return t.cast(F, update_wrapper(wrapper, f))


class AppGroup(click.Group):
    """A click group whose commands run inside the app context (the class of ``app.cli``).

    Pass ``with_appcontext=False`` to :meth:`command` for a command that does
    not need the app.
    """

    def command(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Decorate a function as a command of this group, run in the app context."""
        wrap = kwargs.pop("with_appcontext", True)
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return self.command(with_appcontext=wrap)(args[0])

        def decorator(f: Callable[..., t.Any]) -> click.Command:
            command: click.Command = click.Group.command(self, *args, **kwargs)(
                with_appcontext(f) if wrap else f
            )
            return command

        return decorator

    def group(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """Decorate a function as a subgroup, itself an :class:`AppGroup`."""
        kwargs.setdefault("cls", AppGroup)
        return super().group(*args, **kwargs)


def _remember_import_path(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(ScriptInfo).app_import_path = value


class RestkitGroup(AppGroup):
    """The ``restkit`` command: ``--app``, the built-in commands and the app's own commands.

    More commands (another layer's ``openapi`` group...) are added with
    :meth:`add_command`, or by :func:`make_cli`.
    """

    def __init__(self, name: str = "restkit", **attrs: t.Any) -> None:
        attrs.setdefault(
            "help",
            "Run a restkit app's commands.\n\nThe app comes from --app, else the RESTKIT_APP "
            "environment variable, else app.py or wsgi.py in the current folder.",
        )
        app_option = click.Option(
            ["--app"],
            metavar="MODULE[:NAME]",
            help="The app: a module (or .py file) and the name of the app or of its factory.",
            is_eager=True,
            expose_value=False,
            callback=_remember_import_path,
        )
        super().__init__(name, params=[app_option], **attrs)
        for command in (run_command, routes_command, shell_command):
            self.add_command(command)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return a built-in or added command, else the app's command *cmd_name*."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        return ctx.ensure_object(ScriptInfo).load_app().cli.get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """List the built-in commands and, when the app loads, the app's commands."""
        names = set(super().list_commands(ctx))
        try:
            app = ctx.ensure_object(ScriptInfo).load_app()
        except Exception as exc:
            # The help must still show, and say why the app's commands are missing.
            if isinstance(exc, click.ClickException):
                message = exc.format_message()
            else:
                message = f"{type(exc).__name__}: {exc}"
            click.echo(f"Error: {message}\n", err=True)
        else:
            names.update(app.cli.list_commands(ctx))
        return sorted(names)


@click.command("run", short_help="Run the development server.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The interface to bind.")
@click.option(
    "--port", default=5000, show_default=True, type=click.IntRange(0, 65535), help="The port."
)
@click.option(
    "--debug/--no-debug",
    default=None,
    help="Debug mode, with the interactive debugger and the reloader. Off unless given.",
)
@click.option(
    "--reload/--no-reload",
    default=None,
    help="Restart the server when code changes. On with --debug only, unless given.",
)
@click.pass_context
def run_command(
    ctx: click.Context, host: str, port: int, debug: bool | None, reload: bool | None
) -> None:
    """Serve the app with werkzeug's development server; never use it in production."""
    from werkzeug import serving

    app = ctx.ensure_object(ScriptInfo).load_app()
    if debug is not None:
        app.debug = debug
    use_debugger = bool(debug)
    use_reloader = use_debugger if reload is None else reload
    click.echo(f" * Serving app {app.name!r} (debug mode: {'on' if use_debugger else 'off'})")
    serving.run_simple(
        host, port, app, use_reloader=use_reloader, use_debugger=use_debugger, threaded=True
    )


_ROUTE_SORT_KEYS = ("endpoint", "methods", "rule")


@click.command("routes", short_help="Show the app's routes.")
@click.option(
    "--sort",
    type=click.Choice([*_ROUTE_SORT_KEYS, "registration"]),
    default="endpoint",
    show_default=True,
    help="The column to sort by, or the order the routes were registered in.",
)
@click.pass_context
def routes_command(ctx: click.Context, sort: str) -> None:
    """Show each route's endpoint, methods and rule (HEAD and OPTIONS left out)."""
    app = ctx.ensure_object(ScriptInfo).load_app()
    rows = [
        (rule.endpoint, ", ".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})), rule.rule)
        for rule in app.url_map.iter_rules()
    ]
    if not rows:
        click.echo("No routes were registered.")
        return
    if sort != "registration":
        index = _ROUTE_SORT_KEYS.index(sort)
        rows.sort(key=lambda row: row[index])
    headers = ("Endpoint", "Methods", "Rule")
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join(f"{{:<{width}}}" for width in widths)
    click.echo(line.format(*headers).rstrip())
    click.echo(line.format(*("-" * width for width in widths)))
    for row in rows:
        click.echo(line.format(*row).rstrip())


@click.command("shell", short_help="Run a Python shell in the app context.")
@with_appcontext
def shell_command() -> None:
    """Run an interactive Python shell with ``app`` and ``g`` defined."""
    app_ctx = app_ctx_var.get()
    app = app_ctx.app
    namespace: dict[str, t.Any] = {"app": app, "g": app_ctx.g}
    for processor in app.shell_context_processors:
        namespace.update(processor())
    banner = f"Python {sys.version} on {sys.platform}\nApp: {app.name} [{app.root_path}]"
    code.interact(banner=banner, local=namespace)


def make_cli(extra_commands: Iterable[click.Command] = ()) -> RestkitGroup:
    """Return the ``restkit`` command with the built-in commands and *extra_commands*."""
    cli = RestkitGroup()
    for command in extra_commands:
        cli.add_command(command)
    return cli
