"""werkzeug's development server for :meth:`App.run <restkit.core.app.App.run>`."""

from __future__ import annotations

import typing as t

import werkzeug.serving

from .cli import load_dotenv as load_env_files
from .cli import want_dotenv

if t.TYPE_CHECKING:
    from .app import App


def run_development_server(
    app: App,
    host: str | None,
    port: int | None,
    debug: bool | None,
    load_dotenv: bool,
    options: dict[str, t.Any],
) -> None:
    """Serve *app* as :meth:`App.run <restkit.core.app.App.run>` documents it."""
    if want_dotenv(load_dotenv):
        load_env_files()
    if debug is not None:
        app.debug = debug
    server_name = app.config.get("SERVER_NAME")
    default_host, _, default_port = (server_name or "").partition(":")
    if port is None:
        port = int(default_port or 5000)
    options.setdefault("use_reloader", app.debug)
    options.setdefault("use_debugger", app.debug)
    options.setdefault("threaded", True)
    werkzeug.serving.run_simple(host or default_host or "127.0.0.1", port, app, **options)
