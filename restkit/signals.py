"""The app's blinker signals, where Flask users import them from."""

from __future__ import annotations

from .core.signals import (
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

__all__ = [
    "appcontext_popped",
    "appcontext_pushed",
    "appcontext_tearing_down",
    "before_render_template",
    "got_request_exception",
    "request_finished",
    "request_started",
    "request_tearing_down",
    "template_rendered",
]
