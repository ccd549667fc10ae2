from apispec import APISpec
from marshmallow import fields

from restkit.spec.additions import FieldMapping, RecordedComponents


def test_recorded_components_are_replayed_on_each_spec_in_order():
    components = RecordedComponents()
    chained = (
        components.schema("Color", {"type": "string"})
        .response("Gone", {"description": "Gone"})
        .parameter("page", "query", {"schema": {"type": "integer"}})
        .header("X-Rate", {"schema": {"type": "integer"}})
        .example("red", {"value": "red"})
        .security_scheme("key", {"type": "apiKey", "in": "header", "name": "X-Key"})
    )
    assert chained is components
    assert repr(components).startswith("<RecordedComponents [schema 'Color', response 'Gone'")

    for _ in range(2):
        spec = APISpec("T", "1", "3.1.0")
        components.apply(spec.components)
        built = spec.to_dict()["components"]
        assert set(built) == {
            "schemas",
            "responses",
            "parameters",
            "headers",
            "examples",
            "securitySchemes",
        }
        assert built["parameters"]["page"]["in"] == "query"


def test_a_field_mapping_names_the_class_and_its_openapi_type():
    mapping = FieldMapping(fields.Str, ("string", "color"))
    assert (mapping.field_class, mapping.mapping) == (fields.Str, ("string", "color"))
