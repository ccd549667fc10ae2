"""Choosing contenders: the reference and the floor always run."""

import pytest

from benchmarks.contenders import CONTENDERS, FLOOR, REFERENCE, select


def test_all_contenders_by_default():
    assert select(None) == CONTENDERS


def test_the_reference_and_the_floor_join_any_choice():
    assert [c.key for c in select(["falcon", "restkit"])] == ["restkit", REFERENCE, "falcon", FLOOR]


def test_an_unknown_contender_is_an_error():
    with pytest.raises(ValueError, match=r"unknown contenders \['bottle'\]"):
        select(["restkit", "bottle"])
