"""Templates: ``render_template`` and ``render_template_string``, one Jinja2 environment per app."""

from __future__ import annotations

import typing as t

from . import signals
from .globals import app_ctx_var, request_ctx_var, session

if t.TYPE_CHECKING:
    from jinja2 import Environment, Template

    from .app import App

#: The key of the app's Jinja2 environment in ``app.extensions``.
ENVIRONMENT_KEY = "restkit.jinja"


def jinja_environment(app: App) -> Environment:
    """Return the Jinja2 environment of *app*, created on first use.

    Add filters, tests and globals to it while setting the app up.
    """
    environment = app.extensions.get(ENVIRONMENT_KEY)
    if environment is None:
        # PERF: Jinja2 is imported by the first app that renders, not by ``import restkit``.
        from .jinja_environment import create_environment

        environment = app.extensions.setdefault(ENVIRONMENT_KEY, create_environment(app))
    return t.cast("Environment", environment)


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
