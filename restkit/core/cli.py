"""The ``restkit`` command line: the app-aware group, the app's commands, the built-in ones."""

from __future__ import annotations

import code
import os
import sys
import typing as t
from functools import update_wrapper

import click

from .app_discovery import discover_app, locate_app
from .globals import app_ctx_var, has_app_context

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from types import ModuleType

    from .app import App

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: The files :func:`load_dotenv` reads by default; later ones win.
DOTENV_FILES = (".restkitenv", ".env")


def want_dotenv(default: bool) -> bool:
    """Return *default*, unless ``RESTKIT_SKIP_DOTENV`` is set (to anything but 0/false/no)."""
    skip = os.environ.get("RESTKIT_SKIP_DOTENV")
    if not skip:
        return default
    return skip.lower() in ("0", "false", "no")


def _import_dotenv() -> ModuleType | None:
    try:
        import dotenv
    except ImportError:
        return None
    return dotenv


def load_dotenv(path: str | os.PathLike[str] | None = None, load_defaults: bool = True) -> bool:
    """Set environment variables from ``.restkitenv`` and ``.env`` files, as Flask does.

    The nearest ``.restkitenv`` and ``.env`` (searched from the current folder
    upwards) are read, then *path*; a later file wins over an earlier one, and
    a variable already in the environment is never changed. Needs python-dotenv;
    without it nothing is loaded (and a tip is printed if such files exist).

    :param path: a file read after the default ones.
    :param load_defaults: read ``.restkitenv`` and ``.env``.
    :return: whether the files held any variable.
    """
    dotenv = _import_dotenv()
    if dotenv is None:
        if path or any(os.path.isfile(name) for name in DOTENV_FILES):
            click.secho(
                " * Tip: there are .env files present. Install python-dotenv to use them.",
                fg="yellow",
                err=True,
            )
        return False
    values: dict[str, str | None] = {}
    if load_defaults:
        for name in DOTENV_FILES:
            found = dotenv.find_dotenv(name, usecwd=True)
            if found:
                values |= dotenv.dotenv_values(found, encoding="utf-8")
    if path is not None and os.path.isfile(path):
        values |= dotenv.dotenv_values(path, encoding="utf-8")
    for key, value in values.items():
        if value is not None and key not in os.environ:
            os.environ[key] = value
    return bool(values)


class ScriptInfo:
    """Tells the commands how to load the app; the ``obj`` of the ``restkit`` command.

    :param app_import_path: ``module[:name]`` or a path to a ``.py`` file, as
        given to ``--app``.
    :param create_app: a function returning the app; wins over the import path.
    :param load_dotenv_defaults: whether the group reads ``.restkitenv`` and
        ``.env`` (off when ``RESTKIT_SKIP_DOTENV`` is set).
    """

    def __init__(
        self,
        app_import_path: str | None = None,
        create_app: Callable[[], App] | None = None,
        load_dotenv_defaults: bool = True,
    ) -> None:
        self.app_import_path = app_import_path
        self.create_app = create_app
        self.load_dotenv_defaults = want_dotenv(load_dotenv_defaults)
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


#: Decorate a command callback to receive the :class:`ScriptInfo` as first argument.
pass_script_info = click.make_pass_decorator(ScriptInfo, ensure=True)


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


def _load_env_files(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None and _import_dotenv() is None:
        raise click.BadParameter(
            "python-dotenv must be installed to load an env file: pip install python-dotenv.",
            ctx=ctx,
            param=param,
        )
    info = ctx.ensure_object(ScriptInfo)
    if value is not None or info.load_dotenv_defaults:
        load_dotenv(value, load_defaults=info.load_dotenv_defaults)


def _remember_import_path(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.ensure_object(ScriptInfo).app_import_path = value


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(
        f"Python {sys.version.split()[0]}\nrestkit {version('restkit-framework')}\n"
        f"Werkzeug {version('werkzeug')}"
    )
    ctx.exit()


# Eager, so the environment and the app are known before commands are looked up;
# --env-file first, so that its variables (RESTKIT_APP...) are there for --app.
_env_file_option = click.Option(
    ["-e", "--env-file"],
    type=click.Path(exists=True, dir_okay=False),
    help="Load environment variables from this file, over those of .restkitenv and .env "
    "(variables already set win). Needs python-dotenv.",
    is_eager=True,
    expose_value=False,
    callback=_load_env_files,
)
_app_option = click.Option(
    ["--app"],
    metavar="MODULE[:NAME]",
    help="The app: a module (or .py file) and the name of the app or of its factory.",
    is_eager=True,
    expose_value=False,
    callback=_remember_import_path,
)
_version_option = click.Option(
    ["--version"],
    is_flag=True,
    help="Show the versions of Python, restkit and Werkzeug.",
    is_eager=True,
    expose_value=False,
    callback=_show_version,
)


class RestkitGroup(AppGroup):
    """The app-aware group (Flask's ``FlaskGroup``): the ``restkit`` command, or your own.

    It has ``--env-file``, ``--app`` and ``--version``, the built-in commands,
    and the commands of the app (``app.cli``, blueprints' included). Use it for
    a management script of your own::

        @click.group(cls=RestkitGroup, create_app=create_app)
        def cli():
            "Management script for the shop."

    :param add_default_commands: add ``run``, ``routes`` and ``shell``.
    :param create_app: a function returning the app, instead of finding it.
    :param add_version_option: add ``--version``.
    :param load_dotenv: read ``.restkitenv`` and ``.env`` before loading the app
        (with python-dotenv, when installed).
    :param attrs: ``click.Group`` arguments.
    """

    def __init__(
        self,
        name: str | None = "restkit",
        *,
        add_default_commands: bool = True,
        create_app: Callable[[], App] | None = None,
        add_version_option: bool = True,
        load_dotenv: bool = True,
        **attrs: t.Any,
    ) -> None:
        if attrs.get("help") is None:
            attrs["help"] = (
                "Run a restkit app's commands.\n\nThe app comes from --app, else the "
                "RESTKIT_APP environment variable, else app.py or wsgi.py in the current folder."
            )
        params: list[click.Parameter] = list(attrs.pop("params", None) or ())
        params += [_env_file_option, _app_option]
        if add_version_option:
            params.append(_version_option)
        super().__init__(name, params=params, **attrs)
        self.create_app = create_app
        self.load_dotenv = load_dotenv
        if add_default_commands:
            for command in (run_command, routes_command, shell_command):
                self.add_command(command)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: t.Any,
    ) -> click.Context:
        """Make the command's context, with a :class:`ScriptInfo` as ``obj`` unless given."""
        if "obj" not in extra and "obj" not in self.context_settings:
            extra["obj"] = ScriptInfo(
                create_app=self.create_app, load_dotenv_defaults=self.load_dotenv
            )
        return super().make_context(info_name, args, parent, **extra)

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
