"""Rate-limit records: parsing, policy names, the header fields' syntax, which limit applies."""

from __future__ import annotations

import http_sfv
import pytest
from hypothesis import given
from hypothesis import strategies as st
from limits import RateLimitItemPerMinute, RateLimitItemPerSecond

from restkit import MethodView
from restkit.core.errors import ConfigurationError, SetupError
from restkit.rest import operation_of
from restkit.rest.operation import Operation
from restkit.rest.ratelimit import (
    LARGEST_INTEGER,
    Policy,
    RateLimit,
    default_rate_limit,
    documented_rate_limit,
    policy_field,
    rate_limit_of,
    service_limit_field,
    sf_string,
)

# -- parsing --------------------------------------------------------------------------------


def test_one_limit_is_one_policy_with_the_given_name():
    limit = RateLimit("100/minute", policy="pets")

    [policy] = limit.policies
    assert (policy.name, policy.quota, policy.window) == ("pets", 100, 60)
    assert limit.policy_field == '"pets";q=100;w=60'


def test_several_limits_are_policies_named_with_their_window():
    limit = RateLimit("10 per second; 1000/day")

    assert [(p.name, p.quota, p.window) for p in limit.policies] == [
        ("operation-1s", 10, 1),
        ("operation-86400s", 1000, 86400),
    ]
    assert limit.policy_field == '"operation-1s";q=10;w=1, "operation-86400s";q=1000;w=86400'


def test_no_limit_has_no_policies():
    assert RateLimit(None).policies == ()


@pytest.mark.parametrize("text", ["100/minte", "a lot", "100", "", "/minute"])
def test_a_limit_limits_cannot_read_is_refused_at_setup(text):
    with pytest.raises(SetupError, match="is not a rate limit: write it as '100/minute'"):
        RateLimit(text)


def test_two_limits_over_one_window_are_refused():
    with pytest.raises(SetupError, match="two limits over the same window"):
        RateLimit("10/minute;20 per 1 minute")


@pytest.mark.parametrize("text", ["0/minute", f"{LARGEST_INTEGER + 1}/second"])
def test_a_quota_a_header_field_cannot_state_is_refused(text):
    with pytest.raises(SetupError, match="must be between 1 and 999999999999999"):
        RateLimit(text)


@pytest.mark.parametrize("name", ["", "café", "tab\there"])
def test_a_policy_name_a_header_cannot_carry_is_refused(name):
    with pytest.raises(SetupError, match="cannot be sent in a header field"):
        RateLimit("1/second", policy=name)


# -- the fields' syntax (draft-ietf-httpapi-ratelimit-headers, RFC 9651) -----------------------

names = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=30)
integers = st.integers(0, LARGEST_INTEGER)


@given(names, integers)
def test_sf_string_round_trips_through_a_structured_field_parser(name, number):
    field = http_sfv.Item()
    field.parse(f"{sf_string(name)};n={number}".encode())

    assert (field.value, dict(field.params)) == (name, {"n": number})


@given(
    st.lists(st.tuples(names, st.integers(1, 10**6), st.integers(1, 10**8)), min_size=1, max_size=5)
)
def test_the_policy_field_is_a_list_of_strings_with_q_and_w(limits):
    policies = [
        Policy(name, RateLimitItemPerSecond(quota, window)) for name, quota, window in limits
    ]
    value = policy_field(policies)

    parsed = http_sfv.List()
    parsed.parse(value.encode())
    assert [(item.value, dict(item.params)) for item in parsed] == [
        (name, {"q": quota, "w": window}) for name, quota, window in limits
    ]


@given(st.lists(st.tuples(names, integers, integers), min_size=1, max_size=5))
def test_the_service_limit_field_is_a_list_of_strings_with_r_and_t(states):
    item = RateLimitItemPerMinute(1)
    value = service_limit_field((Policy(name, item), r, t) for name, r, t in states)

    parsed = http_sfv.List()
    parsed.parse(value.encode())
    assert [(item.value, dict(item.params)) for item in parsed] == [
        (name, {"r": r, "t": t}) for name, r, t in states
    ]
    assert str(parsed) == value  # the parser's own serialization: nothing to normalize


def test_the_design_s_example_fields_are_what_is_sent():
    [policy] = default_rate_limit("100/minute").policies

    assert default_rate_limit("100/minute").policy_field == '"default";q=100;w=60'
    assert service_limit_field([(policy, 42, 18)]) == '"default";r=42;t=18'


# -- which limit applies --------------------------------------------------------------------


def test_an_operation_s_own_limit_wins_over_the_default(app):
    app.config["API_RATE_LIMIT"] = "1000/hour"
    own = RateLimit("5/minute")

    assert rate_limit_of(app, Operation(rate_limit=own)) is own


def test_the_default_applies_to_operations_without_their_own(app):
    app.config["API_RATE_LIMIT"] = "1000/hour"

    limit = rate_limit_of(app, Operation())

    assert limit is default_rate_limit("1000/hour")
    assert limit.shared
    assert limit.policy_field == '"default";q=1000;w=3600'


def test_rate_limit_none_exempts_an_operation_from_the_default(app):
    app.config["API_RATE_LIMIT"] = "1000/hour"

    assert rate_limit_of(app, Operation(rate_limit=RateLimit(None))) is None


def test_without_a_default_an_operation_without_a_limit_is_not_limited(app):
    assert rate_limit_of(app, Operation()) is None


def test_a_default_that_is_not_text_is_refused(app):
    app.config["API_RATE_LIMIT"] = 100

    with pytest.raises(ConfigurationError, match="API_RATE_LIMIT is 100: give a limit as text"):
        rate_limit_of(app, Operation())


def test_only_views_the_rest_layer_compiles_are_documented_as_limited(app, blp):
    app.config["API_RATE_LIMIT"] = "10/minute"

    def plain():
        return {}

    @blp.response(200)
    def decorated():
        return {}

    class Resource(MethodView):
        @blp.response(200)
        def get(self):
            return {}

        def post(self):
            return {}

    class Bare(MethodView):
        def get(self):
            return {}

    assert documented_rate_limit(app, plain, Operation()) is None
    assert documented_rate_limit(app, decorated, operation_of(decorated)) is not None
    # post carries no decorator, yet is compiled with its class: the default applies.
    assert documented_rate_limit(app, Resource.as_view("resource"), Operation()) is not None
    assert documented_rate_limit(app, Bare.as_view("bare"), Operation()) is None
