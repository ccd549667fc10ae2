"""``restkit openapi``: print, write, validate and compare OpenAPI documents."""

from __future__ import annotations

import json
import pathlib
import typing as t

import click
import yaml

from ..core.cli import ScriptInfo
from .diff import breaking_changes, has_errors
from .document import documents_of, to_json_text, to_yaml_text
from .validation import document_problems

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


format_option = click.option(
    "-f",
    "--format",
    "output_format",
    type=click.Choice(["json", "yaml"]),
    default=None,
    help="The format (flask-smorest's option): JSON unless the file name says YAML.",
)


@openapi_group.command("print")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print YAML instead of JSON.")
@format_option
@api_option
@click.pass_context
def print_command(
    ctx: click.Context, as_yaml: bool, output_format: str | None, config_prefix: str | None
) -> None:
    """Print the OpenAPI document (JSON unless --yaml)."""
    document = app_document(ctx, config_prefix).document()
    yaml_wanted = as_yaml or output_format == "yaml"
    click.echo(to_yaml_text(document) if yaml_wanted else to_json_text(document), nl=False)


@openapi_group.command("write")
@click.argument("file", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@format_option
@api_option
@click.pass_context
def write_command(
    ctx: click.Context, file: pathlib.Path, output_format: str | None, config_prefix: str | None
) -> None:
    """Write the OpenAPI document to FILE: YAML for .yaml/.yml, else JSON."""
    document = app_document(ctx, config_prefix).document()
    yaml_wanted = output_format == "yaml" or (
        output_format is None and file.suffix in YAML_SUFFIXES
    )
    file.write_text(
        to_yaml_text(document) if yaml_wanted else to_json_text(document), encoding="utf-8"
    )
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
    """Check the document (the app's, or FILE) against the official OpenAPI schema.

    Prints one line per problem, with its JSON pointer; exits 1 if there are any.
    """
    document = read_document(file) if file else app_document(ctx, config_prefix).document()
    try:
        problems = document_problems(document)
    except ImportError as exc:
        raise click.ClickException(
            "Validation needs openapi-spec-validator: pip install openapi-spec-validator"
        ) from exc
    version = document.get("openapi")
    if not problems:
        click.echo(f"The OpenAPI {version} document is valid.")
        return
    for problem in problems:
        click.echo(str(problem))
    count = len(problems)
    click.echo(f"The OpenAPI {version} document has {count} problem{'s' * (count > 1)}.", err=True)
    ctx.exit(1)


@openapi_group.command("diff")
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A line per change, or one JSON object.",
)
@click.pass_context
def diff_command(
    ctx: click.Context, old: pathlib.Path, new: pathlib.Path, output_format: str
) -> None:
    """List the changes from OLD to NEW that break clients of OLD.

    Exits 1 when one of them is an error, 0 when there are only warnings or none.
    """
    changes = breaking_changes(read_document(old), read_document(new))
    errors = sum(change.level == "error" for change in changes)
    if output_format == "json":
        report = {
            "changes": [change.to_dict() for change in changes],
            "errors": errors,
            "warnings": len(changes) - errors,
        }
        click.echo(json.dumps(report, indent=2))
    elif not changes:
        click.echo("No breaking changes.")
    else:
        for change in changes:
            click.echo(str(change))
        click.echo(f"{errors} error(s), {len(changes) - errors} warning(s).")
    if has_errors(changes):
        ctx.exit(1)
