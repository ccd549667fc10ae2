"""Class-based views: ``View`` and the per-method ``MethodView``."""

from __future__ import annotations

import abc
import typing as t

from .globals import request

HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"})


class View(abc.ABC):
    """A view as a class: subclass it, implement :meth:`dispatch_request`, use :meth:`as_view`.

    ``decorators`` wrap the generated view function; with ``init_every_request``
    false, one instance serves every request (it must then hold no request state).
    """

    methods: t.ClassVar[t.Collection[str] | None] = None
    provide_automatic_options: t.ClassVar[bool | None] = None
    decorators: t.ClassVar[list[t.Callable[..., t.Any]]] = []
    init_every_request: t.ClassVar[bool] = True

    @abc.abstractmethod
    def dispatch_request(self, **kwargs: t.Any) -> t.Any:
        """Handle the request; the URL's arguments arrive as keyword arguments."""

    @classmethod
    def as_view(
        cls, name: str, *class_args: t.Any, **class_kwargs: t.Any
    ) -> t.Callable[..., t.Any]:
        """Return a view function named *name* that dispatches to an instance of the class.

        The function's ``view_instance()`` returns the instance a request uses: a
        new one, or with ``init_every_request`` false the one shared instance.
        """
        if cls.init_every_request:

            def view_instance() -> View:
                return t.cast(View, view.view_class(*class_args, **class_kwargs))  # type: ignore[attr-defined]

        else:
            shared = cls(*class_args, **class_kwargs)

            def view_instance() -> View:
                return shared

        def view(**kwargs: t.Any) -> t.Any:
            return view_instance().dispatch_request(**kwargs)

        for decorator in cls.decorators:
            view = decorator(view)
        view.view_class = cls  # type: ignore[attr-defined]
        view.view_instance = view_instance  # type: ignore[attr-defined]
        view.__name__ = name
        view.__doc__ = cls.__doc__
        view.__module__ = cls.__module__
        view.methods = cls.methods  # type: ignore[attr-defined]
        view.provide_automatic_options = cls.provide_automatic_options  # type: ignore[attr-defined]
        return view


class MethodView(View):
    """A view whose methods (``get``, ``post``, ...) each handle one HTTP method.

    Unless the class sets ``methods``, it is inferred as in Flask: the methods
    of the base classes, plus each standard HTTP method the class has a
    function for. A method outside the standard set (``PROPFIND``...) is
    handled by the function of its lowercase name once it is in ``methods``.
    HEAD falls back to ``get``. The method table is computed once per class.
    """

    #: HTTP method -> name of the Python method handling it, computed per class.
    method_handlers: t.ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "methods" not in cls.__dict__:
            inherited = {m for base in cls.__bases__ for m in getattr(base, "methods", None) or ()}
            defined = {m for m in HTTP_METHODS if callable(getattr(cls, m.lower(), None))}
            if inherited or defined:
                cls.methods = inherited | defined
        handlers = {
            method: method.lower()
            for method in HTTP_METHODS.union(m.upper() for m in cls.methods or ())
            if callable(getattr(cls, method.lower(), None))
        }
        if "HEAD" not in handlers and "GET" in handlers:
            handlers["HEAD"] = "get"
        cls.method_handlers = handlers

    def dispatch_request(self, **kwargs: t.Any) -> t.Any:
        """Call the method named after the request's HTTP method.

        :raise AssertionError: the class has no function for the method (it is
            in ``methods`` but not implemented).
        """
        name = self.method_handlers.get(request.method)
        if name is None:
            raise AssertionError(f"Unimplemented method {request.method!r}")
        return getattr(self, name)(**kwargs)
