import pytest
from marshmallow import Schema, fields
from werkzeug.routing import BaseConverter, IntegerConverter

from restkit import Blueprint
from restkit.spec.converters import ConverterSchemas

INT64_MAX = 2**63 - 1


class SlugConverter(BaseConverter):
    regex = r"[a-z0-9-]+"


class YearConverter(IntegerConverter):
    """An int converter users did not describe: it inherits the int description."""


class ColorConverter(BaseConverter):
    regex = r"red|green"


@pytest.mark.parametrize(
    ("rule", "path", "schema"),
    [
        ("/<name>", "/{name}", {"type": "string"}),
        ("/<string(length=2):code>", "/{code}", {"type": "string"}),
        ("/<path:rest>", "/{rest}", {"type": "string"}),
        ("/<uuid:key>", "/{key}", {"type": "string", "format": "uuid"}),
        ("/<int:id>", "/{id}", {"type": "integer", "minimum": 0, "maximum": INT64_MAX}),
        (
            "/<int(signed=True):delta>",
            "/{delta}",
            {"type": "integer", "minimum": -(2**63), "maximum": INT64_MAX},
        ),
        (
            "/<int(min=1, max=12):month>",
            "/{month}",
            {"type": "integer", "minimum": 1, "maximum": 12},
        ),
        ("/<float:ratio>", "/{ratio}", {"type": "number", "minimum": 0}),
        ("/<float(signed=True):delta>", "/{delta}", {"type": "number"}),
        ("/<any(cats, dogs):kind>", "/{kind}", {"type": "string", "enum": ["cats", "dogs"]}),
        ("/<slug:slug>", "/{slug}", {"type": "string", "pattern": "^(?:[a-z0-9-]+)$"}),
        ("/<year:year>", "/{year}", {"type": "integer", "minimum": 0}),
    ],
)
def test_path_parameters_typed_from_converters(app, api, spec, rule, path, schema):
    app.url_map.converters.update(slug=SlugConverter, year=YearConverter)

    @app.route(rule)
    def view(**kwargs):
        return ""

    item = spec()["paths"][path]
    (parameter,) = item["parameters"]
    assert parameter == {
        "name": parameter["name"],
        "in": "path",
        "required": True,
        "schema": schema,
    }
    assert path == "/{" + parameter["name"] + "}"


def test_several_parameters_in_one_rule(app, api, spec):
    @app.route("/users/<int:user_id>/files/<path:name>")
    def user_file(user_id, name):
        return ""

    item = spec()["paths"]["/users/{user_id}/files/{name}"]
    assert [p["name"] for p in item["parameters"]] == ["user_id", "name"]


def test_custom_converter_hook(app, api, spec):
    app.url_map.converters["color"] = ColorConverter
    api.spec.register_converter(
        ColorConverter, {"type": "string", "enum": ["red", "green"], "description": "A color"}
    )
    api.spec.register_converter(
        YearConverter,
        lambda converter, *args, **kwargs: {"type": "integer", "minimum": kwargs.get("min", 1900)},
    )
    app.url_map.converters["year"] = YearConverter

    @app.route("/paint/<color:color>/<year(min=2000):year>")
    def paint(color, year):
        return ""

    parameters = spec()["paths"]["/paint/{color}/{year}"]["parameters"]
    assert parameters[0]["schema"] == {
        "type": "string",
        "enum": ["red", "green"],
        "description": "A color",
    }
    assert parameters[1]["schema"] == {"type": "integer", "minimum": 2000}


def test_path_arguments_override_converter_parameters(api, spec):
    class PathSchema(Schema):
        pet_id = fields.Int(required=True, metadata={"description": "The pet"})

    bp = Blueprint("bp", __name__)

    @bp.route("/pets/<int:pet_id>")
    @bp.arguments(PathSchema, location="path", as_kwargs=True)
    def pet(pet_id):
        return ""

    api.register_blueprint(bp)
    item = spec()["paths"]["/pets/{pet_id}"]
    assert item["parameters"][0]["schema"]["minimum"] == 0
    (parameter,) = item["get"]["parameters"]
    assert parameter["in"] == "path"
    assert parameter["required"] is True
    assert parameter["description"] == "The pet"


def test_non_converter_is_refused():
    with pytest.raises(TypeError, match="not a werkzeug converter"):
        ConverterSchemas().schema_of(object(), (), {})  # type: ignore[arg-type]
