"""Jinja2 templates: one environment per app, ``render_template`` and ``render_template_string``."""

from __future__ import annotations

import os
import typing as t

from jinja2 import BaseLoader, Environment, FileSystemLoader, select_autoescape

from . import signals
from .globals import app_ctx_var, request_ctx_var, session
from .responses import url_for

if t.TYPE_CHECKING:
    from jinja2 import Template

    from .app import App
    from .scaffold import Scaffold

#: The key of the app's Jinja2 environment in ``app.extensions``.
ENVIRONMENT_KEY = "restkit.jinja"


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


def jinja_environment(app: App) -> Environment:
    """Return the Jinja2 environment of *app*, created on first use.

    Add filters, tests and globals to it while setting the app up.
    """
    environment = app.extensions.get(ENVIRONMENT_KEY)
    if environment is None:
        environment = app.extensions.setdefault(ENVIRONMENT_KEY, create_environment(app))
    return t.cast(Environment, environment)


def render_template(
    template_name_or_list: str | Template | list[str | Template], **context: t.Any
) -> str:
    """Render a template of the current app with *context*.

    :param template_name_or_list: a template name, or a list of names of which
        the first that exists is used.
    """
    app = _current_app("render_template")
    template = jinja_environment(app).get_or_select_template(template_name_or_list)
    return _render(app, template, context)


def render_template_string(source: str, **context: t.Any) -> str:
    """Render the template *source* with *context*, autoescaped like an HTML template."""
    app = _current_app("render_template_string")
    return _render(app, jinja_environment(app).from_string(source), context)


def _current_app(caller: str) -> App:
    app_ctx = app_ctx_var.get(None)
    if app_ctx is None:
        raise RuntimeError(
            f"{caller}() needs an app context: call it in a view or 'with app.app_context():'."
        )
    return app_ctx.app


def _render(app: App, template: Template, context: dict[str, t.Any]) -> str:
    full_context = template_context(app)
    full_context.update(context)
    if signals.before_render_template.receivers:
        signals.before_render_template.send(app, template=template, context=full_context)
    rv = template.render(full_context)
    if signals.template_rendered.receivers:
        signals.template_rendered.send(app, template=template, context=full_context)
    return rv


def template_context(app: App) -> dict[str, t.Any]:
    """Return the variables every template of *app* sees now.

    They are ``g``, ``request`` and ``session`` (when a request is handled),
    then what the context processors return: the app's, then those of the
    current request's blueprints, outermost first.
    """
    context: dict[str, t.Any] = {}
    names: list[str | None] = [None]
    app_ctx = app_ctx_var.get(None)
    if app_ctx is not None:
        context["g"] = app_ctx.g
    req_ctx = request_ctx_var.get(None)
    if req_ctx is not None:
        # The session proxy opens the session only if the template reads it.
        context.update(request=req_ctx.request, session=session)
        names.extend(reversed(req_ctx.request.blueprints))
    for name in names:
        for processor in app.template_context_processors.get(name, ()):
            context.update(processor())
    return context
