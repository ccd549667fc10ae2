"""Blueprints: groups of routes, hooks and handlers registered on an app together."""

from __future__ import annotations

import enum
import os
import typing as t
from functools import cached_property

from .errors import SetupError
from .scaffold import F, Scaffold, exception_class_and_code

if t.TYPE_CHECKING:
    import click

    from .appsetup import AppSetup as App

DeferredSetup = t.Callable[["BlueprintSetupState"], None]


class _CliGroupDefault(enum.Enum):
    BLUEPRINT_NAME = "the blueprint's name"


#: ``cli_group``'s default: the commands go in a group named after the blueprint.
BLUEPRINT_NAME: t.Final = _CliGroupDefault.BLUEPRINT_NAME

_MERGED_HOOKS = (
    "before_request_funcs",
    "after_request_funcs",
    "teardown_request_funcs",
    "url_value_preprocessors",
    "url_default_functions",
    "template_context_processors",
)


class BlueprintSetupState:
    """One registration of a blueprint on an app: its name, prefix and defaults."""

    def __init__(
        self, blueprint: Blueprint, app: App, options: dict[str, t.Any], first_registration: bool
    ) -> None:
        self.app = app
        self.blueprint = blueprint
        self.options = options
        self.first_registration = first_registration
        subdomain = options.get("subdomain")
        self.subdomain: str | None = subdomain if subdomain is not None else blueprint.subdomain
        url_prefix = options.get("url_prefix")
        self.url_prefix: str | None = url_prefix if url_prefix is not None else blueprint.url_prefix
        self.name: str = options.get("name", blueprint.name)
        self.name_prefix: str = options.get("name_prefix", "")
        self.url_defaults: dict[str, t.Any] = {
            **blueprint.url_values_defaults,
            **options.get("url_defaults", {}),
        }

    @property
    def full_name(self) -> str:
        """The dotted name endpoints of this registration start with."""
        return f"{self.name_prefix}.{self.name}".lstrip(".")

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        **options: t.Any,
    ) -> None:
        """Register a blueprint rule on the app, prefixed and namespaced."""
        if self.url_prefix is not None:
            rule = (
                "/".join((self.url_prefix.rstrip("/"), rule.lstrip("/")))
                if rule
                else (self.url_prefix)
            )
        options.setdefault("subdomain", self.subdomain)
        if endpoint is None:
            endpoint = view_func.__name__  # type: ignore[union-attr]
        defaults = {**self.url_defaults, **options.pop("defaults", {})}
        self.app.add_url_rule(
            rule,
            f"{self.full_name}.{endpoint}",
            view_func,
            defaults=defaults or None,
            **options,
        )


class Blueprint(Scaffold):
    """A set of routes and hooks that is registered on an app, possibly several times.

    :param name: the blueprint name, prefixed to its endpoints (``"pets.list"``).
    :param import_name: usually ``__name__``; locates static and template folders.
    :param url_prefix: path prepended to every rule.
    :param subdomain: subdomain the rules match, when the app matches subdomains.
    :param url_defaults: default view arguments for every rule.
    :param cli_group: the name of the app's command group holding :attr:`cli`'s
        commands: the blueprint's name by default, ``None`` to add them to the
        app's own commands.
    """

    def __init__(
        self,
        name: str,
        import_name: str,
        static_folder: str | os.PathLike[str] | None = None,
        static_url_path: str | None = None,
        template_folder: str | os.PathLike[str] | None = None,
        url_prefix: str | None = None,
        subdomain: str | None = None,
        url_defaults: dict[str, t.Any] | None = None,
        root_path: str | None = None,
        cli_group: str | _CliGroupDefault | None = BLUEPRINT_NAME,
    ) -> None:
        super().__init__(import_name, static_folder, static_url_path, template_folder, root_path)
        if not name:
            raise ValueError("A blueprint needs a non-empty name.")
        if "." in name:
            raise ValueError(f"Blueprint name {name!r} may not contain a dot '.'.")
        self.name = name
        self.url_prefix = url_prefix
        self.subdomain = subdomain
        self.url_values_defaults: dict[str, t.Any] = url_defaults or {}
        self.deferred_functions: list[DeferredSetup] = []
        self.blueprints: list[tuple[Blueprint, dict[str, t.Any]]] = []
        self._got_registered_once = False
        #: Where :attr:`cli`'s commands go on the app (see ``docs/cli.md``).
        self.cli_group = cli_group
        self.record(_add_cli_commands)

    @cached_property
    def cli(self) -> click.Group:
        """The click group of the blueprint's commands, added to the app's at registration."""
        from .cli import AppGroup

        return AppGroup(self.name)

    def _check_setup_finished(self, what: str) -> None:
        if self._got_registered_once:
            raise SetupError(
                f"Blueprint.{what}() was called on blueprint {self.name!r} after it was "
                "registered on an app. Set a blueprint up completely before registering it."
            )

    def record(self, func: DeferredSetup) -> None:
        """Call *func(state)* each time the blueprint is registered on an app."""
        self._check_setup_finished("record")
        self.deferred_functions.append(func)

    def record_once(self, func: DeferredSetup) -> None:
        """Call *func(state)* only the first time the blueprint is registered."""

        def once(state: BlueprintSetupState) -> None:
            if state.first_registration:
                func(state)

        self.record(once)

    def register_blueprint(self, blueprint: Blueprint, **options: t.Any) -> None:
        """Nest *blueprint* inside this one; its names and URLs are prefixed by ours."""
        if blueprint is self:
            raise ValueError("A blueprint cannot be registered on itself.")
        self._check_setup_finished("register_blueprint")
        self.blueprints.append((blueprint, options))

    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: t.Callable[..., t.Any] | None = None,
        provide_automatic_options: bool | None = None,
        **options: t.Any,
    ) -> None:
        """Record a rule to register, prefixed and namespaced, on each app."""
        if endpoint and "." in endpoint:
            raise ValueError(f"Endpoint {endpoint!r} may not contain a dot '.'.")
        if view_func is not None and "." in getattr(view_func, "__name__", ""):
            raise ValueError(f"View function name {view_func.__name__!r} may not contain a dot.")
        self.record(
            lambda s: s.add_url_rule(
                rule,
                endpoint,
                view_func,
                provide_automatic_options=provide_automatic_options,
                **options,
            )
        )

    def make_setup_state(
        self, app: App, options: dict[str, t.Any], first_registration: bool
    ) -> BlueprintSetupState:
        """Return the state object passed to deferred setup functions."""
        return BlueprintSetupState(self, app, options, first_registration)

    def register(self, app: App, options: dict[str, t.Any]) -> None:
        """Register this blueprint (and the ones nested in it) on *app*."""
        state = self.make_setup_state(app, options, first_registration=False)
        if "." in state.name:
            raise ValueError(f"Blueprint name {state.name!r} may not contain a dot '.'.")
        name = state.full_name
        if name in app.blueprints:
            how = "this" if app.blueprints[name] is self else "another"
            raise ValueError(
                f"The name {name!r} is already registered for {how} blueprint. Pass a unique "
                f"name=... to register_blueprint() to register it again."
            )
        state.first_registration = not any(bp is self for bp in app.blueprints.values())
        app.blueprints[name] = self
        self._got_registered_once = True
        if self.static_folder is not None:
            state.add_url_rule(
                f"{self.static_url_path}/<path:filename>",
                view_func=self.send_static_file,
                endpoint="static",
            )
        self._merge_into(app, name)
        for deferred in self.deferred_functions:
            deferred(state)
        for child, child_options in self.blueprints:
            child.register(app, nested_options(state, child, child_options))

    def _merge_into(self, app: App, name: str) -> None:
        for code_map_key, code_map in self.error_handler_spec.items():
            scope = name if code_map_key is None else f"{name}.{code_map_key}"
            for code, handlers in code_map.items():
                app.error_handler_spec[scope][code].update(handlers)
        for attribute in _MERGED_HOOKS:
            for key, funcs in getattr(self, attribute).items():
                scope = name if key is None else f"{name}.{key}"
                getattr(app, attribute)[scope].extend(funcs)
        # As in Flask, views given with endpoint() keep the name they were given.
        app.view_functions.update(self.view_functions)

    # -- hooks on the whole app -----------------------------------------------------------

    def before_app_request(self, f: F) -> F:
        """Like :meth:`before_request`, for every request of the app."""
        self.record_once(lambda s: s.app.before_request_funcs[None].append(f))
        return f

    def after_app_request(self, f: F) -> F:
        """Like :meth:`after_request`, for every request of the app."""
        self.record_once(lambda s: s.app.after_request_funcs[None].append(f))
        return f

    def teardown_app_request(self, f: F) -> F:
        """Like :meth:`teardown_request`, for every request of the app."""
        self.record_once(lambda s: s.app.teardown_request_funcs[None].append(f))
        return f

    def app_url_value_preprocessor(self, f: F) -> F:
        """Like :meth:`url_value_preprocessor`, for every endpoint of the app."""
        self.record_once(lambda s: s.app.url_value_preprocessors[None].append(f))
        return f

    def app_url_defaults(self, f: F) -> F:
        """Like :meth:`url_defaults`, for every endpoint of the app."""
        self.record_once(lambda s: s.app.url_default_functions[None].append(f))
        return f

    def app_context_processor(self, f: F) -> F:
        """Like :meth:`context_processor`, for every template of the app."""
        self.record_once(lambda s: s.app.template_context_processors[None].append(f))
        return f

    def app_errorhandler(self, code_or_exception: type[BaseException] | int) -> t.Callable[[F], F]:
        """Like :meth:`errorhandler`, for errors anywhere in the app."""

        def decorator(f: F) -> F:
            exception_class_and_code(code_or_exception)  # fail now, not at registration
            self.record_once(lambda s: s.app.register_error_handler(code_or_exception, f))
            return f

        return decorator

    def send_static_file(self, filename: str) -> t.Any:
        """Serve *filename* from the blueprint's static folder."""
        from .files import send_from_directory

        if self.static_folder is None:  # pragma: no cover - the route exists only with a folder
            raise RuntimeError(f"Blueprint {self.name!r} has no static folder.")
        return send_from_directory(self.static_folder, filename)


def _add_cli_commands(state: BlueprintSetupState) -> None:
    """Add the blueprint's commands to the app's, as ``cli_group`` says (Flask's rule)."""
    blueprint = state.blueprint
    if not blueprint.cli.commands:
        return
    group = state.options.get("cli_group", blueprint.cli_group)
    if group is None:
        state.app.cli.commands.update(blueprint.cli.commands)
        return
    blueprint.cli.name = state.full_name if group is BLUEPRINT_NAME else group
    state.app.cli.add_command(blueprint.cli)


def nested_options(
    state: BlueprintSetupState, child: Blueprint, options: dict[str, t.Any]
) -> dict[str, t.Any]:
    """Return the registration options of *child*, nested under *state*.

    As in Flask, ``url_prefix=None`` or ``subdomain=None`` means "not given":
    the child's own value stays.
    """
    options = dict(options)
    child_subdomain = options.get("subdomain")
    if child_subdomain is None:
        child_subdomain = child.subdomain
    if state.subdomain is not None and child_subdomain is not None:
        options["subdomain"] = f"{child_subdomain}.{state.subdomain}"
    elif state.subdomain is not None:
        options["subdomain"] = state.subdomain
    child_prefix = options.get("url_prefix")
    if child_prefix is None:
        child_prefix = child.url_prefix
    if state.url_prefix is not None and child_prefix is not None:
        options["url_prefix"] = state.url_prefix.rstrip("/") + "/" + child_prefix.lstrip("/")
    elif state.url_prefix is not None:
        options["url_prefix"] = state.url_prefix
    options["name_prefix"] = state.full_name
    return options
