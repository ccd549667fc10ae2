"""Import, build and memory figures come from a fresh interpreter per app."""

import pytest

from benchmarks.contenders import BY_KEY, Contender
from benchmarks.startup import FIGURES, probe


def test_a_probe_reports_every_figure_of_a_fresh_process():
    figures = probe(BY_KEY["restkit"])

    assert set(figures) == set(FIGURES)
    assert figures["rss_ready_mib"] >= figures["rss_import_mib"] > 0


def test_a_probe_that_fails_says_why():
    missing = Contender("gone", "gone", "benchmarks.apps.no_such_module", "create_app", "wsgi", ())

    with pytest.raises(RuntimeError, match="no_such_module"):
        probe(missing)
