"""The rules of ``restkit openapi diff`` are those ``docs/openapi.md`` lists, with their levels."""

import pathlib
import re

from restkit.spec.diff_rules import ERROR, REQUEST_BOUNDS, RESPONSE_BOUNDS, RULES, WARNING

GUIDE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "openapi.md"
ROW = re.compile(
    r"^\| `(?P<rule>[a-z-]+)` \| (?P<level>error|warning) \| (?P<meaning>.+) \|$", re.M
)


def test_the_guide_lists_every_rule_with_its_level_and_meaning():
    rows = [match.groupdict() for match in ROW.finditer(GUIDE.read_text(encoding="utf-8"))]
    assert rows == [
        {"rule": rule.id, "level": rule.level, "meaning": rule.meaning} for rule in RULES.values()
    ]


def test_levels_and_bound_rules():
    assert {rule.level for rule in RULES.values()} == {ERROR, WARNING}
    assert all(rule_id in RULES for _keyword, rule_id, _direction in REQUEST_BOUNDS)
    assert all(rule_id in RULES for _keyword, rule_id, _direction in RESPONSE_BOUNDS)


def test_levels_follow_oasdiff_where_it_rates_the_change():
    """oasdiff v1.28.0 rates these ERR (pattern-added since v1.11.5; a body, required or not)."""
    assert RULES["request-pattern-added"].level == ERROR
    assert RULES["request-body-removed"].level == ERROR
