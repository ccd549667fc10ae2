"""The app's Jinja2 environment and its template loader, made when an app first renders."""

from __future__ import annotations

import os
import typing as t

from jinja2 import BaseLoader, Environment, FileSystemLoader, select_autoescape

from .responses import url_for

if t.TYPE_CHECKING:
    from .app import App
    from .scaffold import Scaffold


class AppTemplateLoader(BaseLoader):
    """Find a template in the app's template folder, then in each blueprint's.

    The folders are read at each lookup, so blueprints registered after the
    first render are searched too; Jinja2 caches what it loads.
    """

    def __init__(self, app: App) -> None:
        self.app = app

    def search_path(self) -> list[str]:
        """Return the template folders, the app's first, then the blueprints' in order."""
        scaffolds: list[Scaffold] = [self.app, *self.app.iter_blueprints()]
        folders = [
            os.path.join(scaffold.root_path, scaffold.template_folder)
            for scaffold in scaffolds
            if scaffold.template_folder is not None
        ]
        return list(dict.fromkeys(folders))

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, t.Callable[[], bool] | None]:
        """Return the source of *template* from the first folder that has it."""
        return FileSystemLoader(self.search_path()).get_source(environment, template)

    def list_templates(self) -> list[str]:
        """Return the names of all templates in the folders."""
        return FileSystemLoader(self.search_path()).list_templates()


def create_environment(app: App) -> Environment:
    """Return a new Jinja2 environment for *app*.

    HTML and XML templates (and template strings) are autoescaped; ``url_for``
    and ``config`` are globals. Templates are reloaded when they change if
    ``TEMPLATES_AUTO_RELOAD`` is set, or, when it is ``None``, in debug mode.
    """
    auto_reload = app.config["TEMPLATES_AUTO_RELOAD"]
    environment = Environment(
        loader=AppTemplateLoader(app),
        autoescape=select_autoescape(["html", "htm", "xml", "xhtml"]),
        auto_reload=app.debug if auto_reload is None else bool(auto_reload),
    )
    environment.globals.update(url_for=url_for, config=app.config)
    return environment
