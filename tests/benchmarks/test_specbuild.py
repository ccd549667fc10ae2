"""The spec-build suite's app: as many documented endpoints as asked, in a valid document."""

import pytest
from openapi_spec_validator import validate

from benchmarks.specbuild import build_app, count_operations, probe, probe_in_fresh_process


def test_the_app_has_the_endpoints_asked_for_in_a_valid_document():
    document = build_app("restkit", 24).spec.to_dict()

    validate(document)
    assert count_operations(document) == (24, 60)
    assert "/group1/things10/{thing_id}" in document["paths"]
    assert {"Thing11", "Thing11Address"} <= set(document["components"]["schemas"])


def test_a_probe_reports_the_documents_size():
    figures = probe("restkit", 4)

    assert (figures["paths"], figures["operations"]) == (4, 10)
    assert figures["total_ms"] == pytest.approx(figures["build_ms"] + figures["document_ms"])


def test_a_fresh_process_builds_the_same_document():
    figures = probe_in_fresh_process("restkit", 6)

    assert (figures["paths"], figures["operations"]) == (6, 15)
