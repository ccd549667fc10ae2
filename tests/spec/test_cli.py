import json
import sys

import pytest
import yaml
from click.testing import CliRunner
from marshmallow import Schema, fields
from openapi_spec_validator import validate

from restkit import Api, App, Blueprint
from restkit.cli import main
from restkit.core.cli import ScriptInfo, make_cli
from restkit.spec.cli import openapi_group


class ItemSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)
    colour = fields.Str()


def make_app(openapi_version, *, with_colour=True, with_delete=True):
    app = App("cli_app")
    app.config.update(API_TITLE="Items", API_VERSION="1.0.0", OPENAPI_VERSION=openapi_version)
    schema = ItemSchema() if with_colour else ItemSchema(exclude=("colour",))
    items = Blueprint("items", __name__, url_prefix="/items")

    @items.route("/<int:item_id>", methods=["GET", "DELETE"] if with_delete else ["GET"])
    @items.response(200, schema)
    def item(item_id):
        return {}

    Api(app).register_blueprint(items)
    return app


def printed(app, *args):
    """Return the document ``restkit openapi print`` prints, validated."""
    result = invoke(app, "openapi", "print", *args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    validate(document)
    return document


def written(app, path):
    """Write the document of *app* to *path* with ``restkit openapi write``; validate it."""
    result = invoke(app, "openapi", "write", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text()
    validate(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))


def invoke(app, *args):
    runner = CliRunner()
    cli = make_cli(extra_commands=[openapi_group])
    return runner.invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app))


def test_main_has_the_openapi_group(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["restkit", "openapi", "--help"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0
    output = capsys.readouterr().out
    for command in ("print", "write", "validate", "diff"):
        assert command in output


def test_print_json_and_yaml(openapi_version):
    app = make_app(openapi_version)
    document = printed(app)
    assert document["info"]["title"] == "Items"
    result = invoke(app, "openapi", "print", "--yaml")
    assert yaml.safe_load(result.output) == document


@pytest.mark.parametrize("name", ["spec.json", "spec.yaml", "spec.yml"])
def test_write_by_extension(tmp_path, openapi_version, name):
    app = make_app(openapi_version)
    target = tmp_path / name
    written(app, target)
    text = target.read_text()
    document = json.loads(text) if name.endswith("json") else yaml.safe_load(text)
    assert document["openapi"] == openapi_version


def test_validate_the_app_and_a_file(tmp_path, openapi_version):
    app = make_app(openapi_version)
    result = invoke(app, "openapi", "validate")
    assert result.exit_code == 0, result.output
    assert f"The OpenAPI {openapi_version} document is valid." in result.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(f"openapi: {openapi_version}\ninfo: {{title: 1}}\npaths: {{}}\n")
    result = invoke(app, "openapi", "validate", str(broken))
    assert result.exit_code == 1
    assert result.output == (
        '/info: "version" is a required property\n'
        '/info/title: 1 is not of type "string"\n'
        f"The OpenAPI {openapi_version} document has 2 problems.\n"
    )


def test_validate_reports_a_dangling_ref_in_one_line(tmp_path, openapi_version):
    document = printed(make_app(openapi_version))
    schema = document["paths"]["/items/{item_id}"]["get"]["responses"]["200"]["content"]
    schema["application/json"]["schema"] = {"$ref": "#/components/schemas/Gone"}
    file = tmp_path / "dangling.json"
    file.write_text(json.dumps(document))
    result = invoke(None, "openapi", "validate", str(file))
    assert result.exit_code == 1
    assert result.output == (
        "/paths/~1items~1{item_id}/get/responses/200/content/application~1json/schema/$ref: "
        "$ref '#/components/schemas/Gone' points to nothing in the document\n"
        f"The OpenAPI {openapi_version} document has 1 problem.\n"
    )


def test_validate_without_the_validator(monkeypatch, openapi_version):
    monkeypatch.setitem(sys.modules, "openapi_spec_validator", None)
    result = invoke(make_app(openapi_version), "openapi", "validate")
    assert result.exit_code == 1
    assert "pip install openapi-spec-validator" in result.output


def test_validate_unknown_version(tmp_path):
    file = tmp_path / "old.json"
    file.write_text('{"swagger": "1.2"}')
    result = invoke(None, "openapi", "validate", str(file))
    assert result.exit_code == 1
    assert "/openapi: OpenAPI version '' is not one of 3.0.x, 3.1.x, 3.2.x" in result.output


def test_unreadable_file(tmp_path):
    file = tmp_path / "bad.json"
    file.write_text("{nope")
    result = invoke(None, "openapi", "diff", str(file), str(file))
    assert result.exit_code == 2
    assert "is not valid JSON or YAML" in result.output
    file.write_text("[1]")
    result = invoke(None, "openapi", "diff", str(file), str(file))
    assert "does not hold an OpenAPI document" in result.output


def test_diff_of_two_releases(tmp_path, openapi_version):
    old, new = tmp_path / "old.json", tmp_path / "new.yaml"
    written(make_app(openapi_version), old)
    written(make_app(openapi_version), new)
    result = invoke(None, "openapi", "diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert result.output == "No breaking changes.\n"

    newer = make_app(openapi_version, with_colour=False, with_delete=False)
    written(newer, new)
    result = invoke(None, "openapi", "diff", str(old), str(new))
    assert result.exit_code == 1
    assert result.output == (
        "error: GET /items/{item_id}: operationId 'itemGet' became 'item' "
        "[operation-id-changed]\n"
        "warning: GET /items/{item_id}: response 200: field 'colour' was removed "
        "[response-optional-property-removed]\n"
        "error: DELETE /items/{item_id}: the operation was removed [operation-removed]\n"
        "2 error(s), 1 warning(s).\n"
    )


def test_diff_as_json_and_warnings_only_exit_0(tmp_path, openapi_version):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    written(make_app(openapi_version), old)
    written(make_app(openapi_version, with_colour=False), new)
    result = invoke(None, "openapi", "diff", "--format", "json", str(old), str(new))
    assert result.exit_code == 0, result.output
    removed = {
        "rule": "response-optional-property-removed",
        "level": "warning",
        "message": "response 200: field 'colour' was removed",
    }
    assert json.loads(result.output) == {
        "changes": [
            {**removed, "where": "GET /items/{item_id}"},
            {**removed, "where": "DELETE /items/{item_id}"},
        ],
        "errors": 0,
        "warnings": 2,
    }
    result = invoke(None, "openapi", "diff", "--format", "json", str(new), str(new))
    assert (result.exit_code, json.loads(result.output)["changes"]) == (0, [])


def test_print_and_write_take_flask_smorests_format_option(tmp_path, openapi_version):
    app = make_app(openapi_version)
    result = invoke(app, "openapi", "print", "--format", "yaml")
    assert yaml.safe_load(result.output) == printed(app)
    target = tmp_path / "spec.txt"
    assert invoke(app, "openapi", "write", "-f", "yaml", str(target)).exit_code == 0
    assert yaml.safe_load(target.read_text()) == printed(app)


def test_choose_the_api_by_config_prefix(openapi_version):
    app = make_app(openapi_version)
    app.config.update(ADMIN_API_TITLE="Admin", ADMIN_API_VERSION="0.1")
    Api(app, config_prefix="ADMIN_", spec_options={"OPENAPI_URL_PREFIX": "/admin"})
    assert printed(app, "--api", "ADMIN_")["info"]["title"] == "Admin"
    assert printed(app)["info"]["title"] == "Items"
    result = invoke(app, "openapi", "print", "--api", "NOPE_")
    assert result.exit_code == 2
    assert "No Api has config prefix 'NOPE_'; there are '', 'ADMIN_'." in result.output


def test_app_without_api():
    result = invoke(App("bare"), "openapi", "print")
    assert result.exit_code == 2
    assert "App 'bare' has no Api" in result.output
