"""``restkit openapi``: print, write, validate and compare OpenAPI documents."""

from __future__ import annotations

import json
import pathlib
import typing as t

import click
import yaml

from ..core.cli import ScriptInfo
from .diff import breaking_changes
from .document import documents_of, to_json_text, to_yaml_text

if t.TYPE_CHECKING:
    from .document import OpenAPIDocument

YAML_SUFFIXES = frozenset({".yaml", ".yml"})

api_option = click.option(
    "--api",
    "config_prefix",
    metavar="PREFIX",
    default=None,
    help="The config prefix of the Api to use, when the app has several.",
)


@click.group("openapi")
def openapi_group() -> None:
    """Print, write, validate and compare the app's OpenAPI document."""


def app_document(ctx: click.Context, config_prefix: str | None) -> OpenAPIDocument:
    """Return the document of the app's Api (the one with *config_prefix*, if given)."""
    app = ctx.ensure_object(ScriptInfo).load_app()
    documents = documents_of(app)
    if not documents:
        raise click.UsageError(f"App {app.name!r} has no Api, so it has no OpenAPI document.")
    if config_prefix is None:
        return documents[0]
    for document in documents:
        if document.source.config_prefix == config_prefix:
            return document
    prefixes = ", ".join(repr(document.source.config_prefix) for document in documents)
    raise click.UsageError(f"No Api has config prefix {config_prefix!r}; there are {prefixes}.")


def read_document(path: pathlib.Path) -> dict[str, t.Any]:
    """Read an OpenAPI document from a JSON or YAML file."""
    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.safe_load(text) if path.suffix in YAML_SUFFIXES else json.loads(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise click.BadParameter(f"{path} is not valid JSON or YAML: {exc}") from exc
    if not isinstance(document, dict):
        raise click.BadParameter(f"{path} does not hold an OpenAPI document.")
    return document


@openapi_group.command("print")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print YAML instead of JSON.")
@api_option
@click.pass_context
def print_command(ctx: click.Context, as_yaml: bool, config_prefix: str | None) -> None:
    """Print the OpenAPI document (JSON unless --yaml)."""
    document = app_document(ctx, config_prefix).document()
    click.echo(to_yaml_text(document) if as_yaml else to_json_text(document), nl=False)


@openapi_group.command("write")
@click.argument("file", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@api_option
@click.pass_context
def write_command(ctx: click.Context, file: pathlib.Path, config_prefix: str | None) -> None:
    """Write the OpenAPI document to FILE: YAML for .yaml/.yml, else JSON."""
    document = app_document(ctx, config_prefix).document()
    text = to_yaml_text(document) if file.suffix in YAML_SUFFIXES else to_json_text(document)
    file.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {file}.")


@openapi_group.command("validate")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path)
)
@api_option
@click.pass_context
def validate_command(
    ctx: click.Context, file: pathlib.Path | None, config_prefix: str | None
) -> None:
    """Check the document (the app's, or FILE) against the official OpenAPI schema."""
    try:
        from openapi_spec_validator import validate
        from openapi_spec_validator.validation.exceptions import (
            OpenAPIValidationError,
            ValidatorDetectError,
        )
    except ImportError as exc:
        raise click.ClickException(
            "Validation needs openapi-spec-validator: pip install openapi-spec-validator"
        ) from exc
    document = read_document(file) if file else app_document(ctx, config_prefix).document()
    version = document.get("openapi")
    try:
        validate(document)
    except ValidatorDetectError as exc:
        raise click.ClickException(f"Unsupported OpenAPI version {version!r}: {exc}") from exc
    except OpenAPIValidationError as exc:
        raise click.ClickException(
            f"The OpenAPI {version} document is not valid, at {exc.json_path}: {exc.message}"
        ) from exc
    click.echo(f"The OpenAPI {version} document is valid.")


@openapi_group.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.pass_context
def diff_command(ctx: click.Context, old: pathlib.Path, new: pathlib.Path) -> None:
    """List the changes from OLD to NEW that break clients; exit 1 if there are any."""
    changes = breaking_changes(read_document(old), read_document(new))
    if not changes:
        click.echo("No breaking changes.")
        return
    click.echo(f"{len(changes)} breaking change{'s' if len(changes) > 1 else ''}:")
    for change in changes:
        click.echo(f"  - {change}")
    ctx.exit(1)
