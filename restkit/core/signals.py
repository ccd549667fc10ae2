"""The blinker signals the core sends, for instrumentation, extensions and tests."""

from __future__ import annotations

from blinker import Namespace

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

_signals = Namespace()

template_rendered = _signals.signal(
    "template-rendered",
    doc="Sent by the app after a template is rendered, with ``template`` and ``context``.",
)
before_render_template = _signals.signal(
    "before-render-template",
    doc="Sent by the app before a template is rendered, with ``template`` and ``context``.",
)
request_started = _signals.signal(
    "request-started",
    doc="Sent by the app when a request context is set up, before any view runs.",
)
request_finished = _signals.signal(
    "request-finished",
    doc="Sent by the app when the response is ready to go, with ``response``.",
)
request_tearing_down = _signals.signal(
    "request-tearing-down",
    doc="Sent by the app when the request context is popped, with ``exc`` (or ``None``).",
)
got_request_exception = _signals.signal(
    "got-request-exception",
    doc="Sent by the app when a view or hook raised an unhandled error, with ``exception``.",
)
appcontext_tearing_down = _signals.signal(
    "appcontext-tearing-down",
    doc="Sent by the app when an app context is popped, with ``exc`` (or ``None``).",
)
appcontext_pushed = _signals.signal(
    "appcontext-pushed",
    doc="Sent by the app when an app context is pushed.",
)
appcontext_popped = _signals.signal(
    "appcontext-popped",
    doc="Sent by the app when an app context is popped.",
)
