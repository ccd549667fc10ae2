"""Which operations take idempotency keys: the record, the settings, and how they combine."""

import pytest

from restkit import MethodView
from restkit.rest.idempotency import (
    DEFAULT_LEASE,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_TTL,
    Idempotency,
    IdempotencySettings,
    idempotency_for,
)
from restkit.rest.operation import Operation, recorded_operation


def test_the_decorator_records_bare_or_with_options(blp):
    @blp.idempotent
    def bare():
        pass

    @blp.idempotent(required=True)
    def required():
        pass

    assert recorded_operation(bare).idempotency == Idempotency(required=False)
    assert recorded_operation(required).idempotency == Idempotency(required=True)


def test_on_a_methodview_every_method_gets_the_record(blp):
    @blp.idempotent(required=True)
    class Things(MethodView):
        def get(self):
            pass

        def post(self):
            pass

    assert recorded_operation(Things.post).idempotency == Idempotency(required=True)
    assert recorded_operation(Things.get).idempotency == Idempotency(required=True)


def test_the_defaults(app):
    settings = IdempotencySettings.of(app)

    assert settings == IdempotencySettings(
        methods=frozenset(),
        ttl=DEFAULT_TTL,
        lease=DEFAULT_LEASE,
        max_response_size=DEFAULT_MAX_RESPONSE_SIZE,
        namespace="test_rest",
    )
    assert DEFAULT_TTL == 24 * 3600


@pytest.mark.parametrize(
    ("recorded", "methods", "method", "expected"),
    [
        pytest.param(Idempotency(), frozenset(), "POST", Idempotency(), id="decorated"),
        pytest.param(Idempotency(True), {"POST"}, "POST", Idempotency(True), id="view-wins"),
        pytest.param(None, {"POST", "PATCH"}, "PATCH", Idempotency(), id="by-config"),
        pytest.param(None, {"POST", "PATCH"}, "PUT", None, id="not-by-config"),
        pytest.param(Idempotency(), {"POST"}, "GET", None, id="safe-decorated"),
        pytest.param(None, frozenset(), "DELETE", None, id="nothing"),
    ],
)
def test_the_view_decides_else_the_config_and_safe_methods_never(
    recorded, methods, method, expected
):
    operation = Operation(idempotency=recorded)
    settings = IdempotencySettings(methods=frozenset(methods))

    assert idempotency_for(operation, method, settings) == expected
