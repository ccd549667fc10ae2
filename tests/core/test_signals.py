import typing as t

import blinker
import pytest

from restkit.core import signals

NAMES = [
    "template_rendered",
    "before_render_template",
    "request_started",
    "request_finished",
    "request_tearing_down",
    "got_request_exception",
    "appcontext_tearing_down",
    "appcontext_pushed",
    "appcontext_popped",
]


def test_all_lists_the_signals() -> None:
    assert sorted(signals.__all__) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_signal_can_be_connected_and_sent(name: str) -> None:
    signal = getattr(signals, name)
    assert isinstance(signal, blinker.NamedSignal)
    assert signal.name == name.replace("_", "-")
    assert signal.__doc__
    received: list[tuple[object, dict[str, t.Any]]] = []

    def receiver(sender: object, **kwargs: t.Any) -> None:
        received.append((sender, kwargs))

    sender = object()
    with signal.connected_to(receiver, sender=sender):
        assert signal.receivers
        signal.send(sender, extra=1)
        signal.send(object())
    assert received == [(sender, {"extra": 1})]
    assert not signal.receivers


def test_signals_are_distinct() -> None:
    assert len({id(getattr(signals, name)) for name in NAMES}) == len(NAMES)
