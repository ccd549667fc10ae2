"""What users add to a document by hand (``api.spec.components``, fields), kept for every build."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from marshmallow import fields


class RecordedComponents:
    """``api.spec.components``: apispec's ``Components`` methods, replayed on each build.

    The document is built afresh until the app serves, each time with a new
    ``APISpec``; what is registered here is applied to every one, in order.
    Arguments are apispec's own (``schema=`` takes a marshmallow schema).
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[t.Any, ...], dict[str, t.Any]]] = []

    def __repr__(self) -> str:
        names = ", ".join(f"{kind} {args[0]!r}" for kind, args, _kwargs in self.calls)
        return f"<RecordedComponents [{names}]>"

    def _record(self, kind: str, *args: t.Any, **kwargs: t.Any) -> RecordedComponents:
        self.calls.append((kind, args, kwargs))
        return self

    def schema(
        self, component_id: str, component: dict[str, t.Any] | None = None, **kwargs: t.Any
    ) -> RecordedComponents:
        """Add a schema component: a JSON Schema dict, or ``schema=`` a marshmallow schema."""
        return self._record("schema", component_id, component, **kwargs)

    def response(
        self, component_id: str, component: dict[str, t.Any] | None = None, **kwargs: t.Any
    ) -> RecordedComponents:
        """Add a response component (``alt_response(code, "Name")`` refers to it)."""
        return self._record("response", component_id, component, **kwargs)

    def parameter(
        self,
        component_id: str,
        location: str,
        component: dict[str, t.Any] | None = None,
        **kwargs: t.Any,
    ) -> RecordedComponents:
        """Add a parameter component (``route(..., parameters=["Name"])`` refers to it)."""
        return self._record("parameter", component_id, location, component, **kwargs)

    def header(
        self, component_id: str, component: dict[str, t.Any], **kwargs: t.Any
    ) -> RecordedComponents:
        """Add a header component."""
        return self._record("header", component_id, component, **kwargs)

    def example(
        self, component_id: str, component: dict[str, t.Any], **kwargs: t.Any
    ) -> RecordedComponents:
        """Add an example component."""
        return self._record("example", component_id, component, **kwargs)

    def security_scheme(self, component_id: str, component: dict[str, t.Any]) -> RecordedComponents:
        """Add a security scheme (``{"type": "http", "scheme": "bearer"}``...)."""
        return self._record("security_scheme", component_id, component)

    def apply(self, components: t.Any) -> None:
        """Replay the recorded calls on apispec's ``spec.components``."""
        for kind, args, kwargs in self.calls:
            getattr(components, kind)(*args, **kwargs)


class FieldMapping(t.NamedTuple):
    """One ``register_field`` call: a field class and its OpenAPI type and format."""

    field_class: type[fields.Field[t.Any]]
    mapping: tuple[t.Any, ...]
    """``(type, format)``, or one marshmallow field class whose mapping to reuse."""
