"""The Flask-like web core on werkzeug; knows nothing of REST or OpenAPI."""

from __future__ import annotations

from .app import App
from .blueprints import Blueprint
from .config import Config
from .ctx import after_this_request, copy_current_request_context, stream_with_context
from .errors import ConfigurationError, RestkitError, SetupError
from .files import send_file, send_from_directory
from .globals import current_app, g, has_app_context, has_request_context, request, session
from .json import jsonify
from .responses import abort, make_response, redirect, url_for
from .signals import (
    appcontext_popped,
    appcontext_pushed,
    appcontext_tearing_down,
    before_render_template,
    got_request_exception,
    request_finished,
    request_started,
    request_tearing_down,
    template_rendered,
)
from .sqlite_files import open_shared_database
from .templating import render_template, render_template_string
from .views import MethodView, View
from .wrappers import Request, Response

__all__ = [
    "App",
    "Blueprint",
    "Config",
    "ConfigurationError",
    "MethodView",
    "Request",
    "Response",
    "RestkitError",
    "SetupError",
    "View",
    "abort",
    "after_this_request",
    "appcontext_popped",
    "appcontext_pushed",
    "appcontext_tearing_down",
    "before_render_template",
    "copy_current_request_context",
    "current_app",
    "g",
    "got_request_exception",
    "has_app_context",
    "has_request_context",
    "jsonify",
    "make_response",
    "open_shared_database",
    "redirect",
    "render_template",
    "render_template_string",
    "request",
    "request_finished",
    "request_started",
    "request_tearing_down",
    "send_file",
    "send_from_directory",
    "session",
    "stream_with_context",
    "template_rendered",
    "url_for",
]
