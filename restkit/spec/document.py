"""The OpenAPI document of one Api: built on first use, kept as bytes once the app serves."""

from __future__ import annotations

import copy
import hashlib
import json
import typing as t

import yaml

from .additions import FieldMapping, RecordedComponents
from .builder import SpecBuilder
from .converters import ConverterSchemas
from .events import event_path_item

if t.TYPE_CHECKING:
    from marshmallow import fields
    from werkzeug.routing import BaseConverter

    from ..core.app import App
    from .builder import Built, SpecSource
    from .converters import ConverterDescription

DOCUMENTS_KEY = "restkit.spec.documents"


class Encoded(t.NamedTuple):
    """The document encoded in one format, with its ETag."""

    body: bytes
    etag: str


def to_json_text(document: dict[str, t.Any]) -> str:
    """Return *document* as indented JSON text, the form served, written and committed."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_yaml_text(document: dict[str, t.Any]) -> str:
    """Return *document* as YAML text, keys in document order."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def documents_of(app: App) -> list[OpenAPIDocument]:
    """Return the documents of the Apis attached to *app*, in the order they were attached."""
    return t.cast(list[OpenAPIDocument], app.extensions.get(DOCUMENTS_KEY, []))


class OpenAPIDocument:
    """The OpenAPI document of one Api (``api.spec``).

    It is built from the app's routes when first asked for. Until the app
    serves its first request, routes may still change, so every call builds
    afresh; from then on the document and its encodings are built once and
    kept. Like apispec's ``APISpec`` it has ``components`` (schemas, responses,
    parameters, security schemes... added by hand), ``to_dict`` and ``to_yaml``.

    :param source: the Api.
    """

    def __init__(self, source: SpecSource) -> None:
        self.source = source
        self.converters = ConverterSchemas()
        self.webhooks: dict[str, dict[str, t.Any]] = {}
        #: The name of the blueprint serving this document and its pages (not documented).
        self.served_by: str | None = None
        self.components = RecordedComponents()
        self.field_mappings: list[FieldMapping] = []
        self._built: Built | None = None
        self._revision = -1
        self._encoded: dict[str, Encoded] = {}
        source.app.extensions.setdefault(DOCUMENTS_KEY, []).append(self)

    def __repr__(self) -> str:
        return f"<OpenAPIDocument of {self.source!r}>"

    def register_converter(
        self, converter_class: type[BaseConverter], schema: ConverterDescription
    ) -> None:
        """Describe the path parameters matched by *converter_class* (and its subclasses).

        :param schema: a JSON Schema dict, or a function called with the converter
            instance and the rule's converter arguments that returns one.
        """
        self.converters.register(converter_class, schema)

    def register_field(self, field_class: type[fields.Field[t.Any]], *mapping: t.Any) -> None:
        """Document the values of a custom marshmallow field class (and its subclasses).

        :param mapping: an OpenAPI ``type`` and ``format`` (``"string", "ObjectId"``;
            the format may be ``None``), or one marshmallow field class whose
            mapping to reuse (``fields.DateTime``).
        """
        if len(mapping) not in (1, 2):
            raise TypeError("register_field takes a type and a format, or one field class.")
        self.field_mappings.append(FieldMapping(field_class, mapping))

    def add_webhook(self, name: str, schema: t.Any = None, **options: t.Any) -> None:
        """Document a webhook: a request the API sends to its subscribers (OpenAPI 3.1).

        :param name: the webhook's name (its key under ``webhooks``).
        :param schema: the request body's schema.
        :param options: see :func:`~restkit.spec.events.event_path_item`.
        """
        self.webhooks[name] = event_path_item(schema, **options)

    def to_dict(self) -> dict[str, t.Any]:
        """Return a copy of the document."""
        return copy.deepcopy(self.document())

    def to_yaml(self) -> str:
        """Return the document as YAML text."""
        return to_yaml_text(self.document())

    def document(self) -> dict[str, t.Any]:
        """Return the document itself (do not change it)."""
        return self.built().document

    def endpoint_paths(self) -> dict[str, str]:
        """Return the OpenAPI path of each endpoint the document documents."""
        return self.built().endpoint_paths

    def built(self) -> Built:
        """Return the built document: kept once the app serves, else built afresh.

        A config change after the app serves builds it again, as it makes the app
        resolve its options again.
        """
        app = self.source.app
        if self._built is not None and self._revision == app.config.revision:
            return self._built
        self._encoded.clear()
        built = SpecBuilder(
            self.source,
            converters=self.converters,
            webhooks=self.webhooks,
            owns=self.owns,
            components=self.components,
            field_mappings=self.field_mappings,
        ).build()
        if app.finalized:
            self._built, self._revision = built, app.config.revision
        return built

    def encoded(self, kind: str) -> Encoded:
        """Return the document as ``json`` or ``yaml`` bytes, with an ETag."""
        document = self.document()
        cached = self._encoded.get(kind)
        if cached is not None:
            return cached
        text = to_json_text(document) if kind == "json" else to_yaml_text(document)
        body = text.encode()
        encoded = Encoded(body, hashlib.sha256(body).hexdigest()[:32])
        if self._built is not None:
            self._encoded[kind] = encoded
        return encoded

    def owns(self, blueprint_name: str | None) -> bool:
        """Whether routes of the blueprint registered as *blueprint_name* belong here.

        A route belongs to the Api its top-level blueprint was registered with;
        routes outside any Api's blueprints belong to the first Api of the app;
        the routes serving the documents themselves belong to none.
        """
        app = self.source.app
        documents = documents_of(app)
        if any(blueprint_name == document.served_by for document in documents):
            return False
        top = app.blueprints.get(blueprint_name.partition(".")[0]) if blueprint_name else None
        if top is not None:
            for document in documents:
                if any(blueprint is top for blueprint in document.source.blueprints):
                    return document is self
        return documents[0] is self
