"""operationIds that read well in generated clients: ``listPets``, ``getPet``, ``createPet``."""

from __future__ import annotations

import re
import typing as t

from ..core.errors import ConfigurationError, SetupError

#: What a resource's method does, on a collection (``/pets``) and on an item (``/pets/{id}``).
COLLECTION_VERBS = {
    "GET": "list",
    "POST": "create",
    "PUT": "replace",
    "PATCH": "update",
    "DELETE": "delete",
}
ITEM_VERBS = {
    "GET": "get",
    "POST": "create",
    "PUT": "replace",
    "PATCH": "update",
    "DELETE": "delete",
}
#: Methods whose collection operation acts on one new item: ``createPet``, not ``createPets``.
SINGULAR_ON_COLLECTION = frozenset({"POST"})
#: Words that say how a resource is reached or what kind of class it is, not what it is.
NOISE_WORDS = frozenset(
    {"resource", "resources", "view", "views", "endpoint", "collection", "list", "item"}
)
_WORD = re.compile(r"[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z]+[0-9]*|[0-9]+")


class OperationRoute(t.NamedTuple):
    """What an operationId function is given about one operation.

    :param endpoint: the endpoint, with its blueprint's dotted name (``pets.PetById``).
    :param method: the HTTP method (``GET``).
    :param path: the OpenAPI path (``/pets/{pet_id}``).
    :param resource: whether a ``MethodView`` class handles it (else a function).
    :param methods: every method the endpoint's documented operations use.
    """

    endpoint: str
    method: str
    path: str
    resource: bool
    methods: frozenset[str] = frozenset()


OperationIdFunction = t.Callable[[OperationRoute], str]


def words_of(name: str) -> list[str]:
    """Return the lower-case words of a ``CamelCase`` or ``snake_case`` name."""
    return [word.lower() for word in _WORD.findall(name)]


def camel_case(words: list[str]) -> str:
    """Return *words* as one ``camelCase`` name."""
    return "".join(word if i == 0 else word.capitalize() for i, word in enumerate(words))


def singular(word: str) -> str:
    """Return the singular of an English plural (``pets`` → ``pet``), by simple rules."""
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(word: str) -> str:
    """Return the plural of an English noun (``pet`` → ``pets``); plurals stay as they are."""
    if word.endswith(("ss", "us", "sh", "ch", "x", "z")):
        return word + "es"
    if word.endswith("s"):
        return word
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def resource_noun(name: str) -> list[str]:
    """Return the words naming what a resource class serves: ``PetById`` → ``["pet"]``."""
    words = words_of(name)
    if "by" in words[1:]:
        words = words[: words.index("by", 1)]
    while len(words) > 1 and words[-1] in NOISE_WORDS:
        words.pop()
    return words


def readable_operation_id(route: OperationRoute) -> str:
    """Return the default operationId: a verb and a noun for resources, the name for functions.

    A ``MethodView`` resource gets the verb of its method and its class (endpoint)
    name, singular or plural as the method acts on one item or on many:
    ``Pets`` → ``listPets``, ``createPet``; ``PetById`` → ``getPet``, ``replacePet``,
    ``updatePet``, ``deletePet``. A path ending with a parameter is an item.
    A function keeps its own name in ``camelCase`` (``list_notes`` → ``listNotes``),
    followed by the method when it serves several (``notesGet``, ``notesPost``).
    Blueprints nested in others add the outer ones' names: ``v1ListNotes``.
    """
    *blueprints, name = route.endpoint.split(".")
    outer = [word for blueprint in blueprints[:-1] for word in words_of(blueprint)]
    if not route.resource:
        words = words_of(name) or [route.method.lower()]
        if len(route.methods) > 1:
            words.append(route.method.lower())
        return camel_case([*outer, *words])
    on_item = route.path.endswith("}")
    verbs = ITEM_VERBS if on_item else COLLECTION_VERBS
    verb = verbs.get(route.method, route.method.lower())
    noun = resource_noun(name)
    if noun:
        one = on_item or route.method in SINGULAR_ON_COLLECTION
        noun[-1] = singular(noun[-1]) if one else plural(noun[-1])
    return camel_case([*outer, verb, *noun])


def endpoint_operation_id(route: OperationRoute) -> str:
    """Return ``{blueprint}_{endpoint}_{method}`` in snake case: ``pets_pet_by_id_get``.

    The style of restkit before 0.2; set ``OPENAPI_OPERATION_ID_FUNCTION`` to it to
    keep the names of clients generated then.
    """
    return "_".join([*words_of(route.endpoint), route.method.lower()])


def qualified(operation_id: str, route: OperationRoute) -> str:
    """Return *operation_id* prefixed with the route's blueprint: ``v1ListNotes``."""
    blueprint = route.endpoint.rpartition(".")[0]
    if not blueprint:
        return operation_id
    return camel_case([*words_of(blueprint), *words_of(operation_id)])


def assign_operation_ids(
    entries: list[tuple[OperationRoute, dict[str, t.Any]]], function: OperationIdFunction
) -> None:
    """Give every operation a unique ``operationId``: its own (``doc``), or *function*'s.

    Two generated ids that clash are told apart by the HTTP method when one
    endpoint serves both (``thingsGet``), else by the blueprint's name
    (``v1ListNotes``); a clash left after that gets a number (``listNotes2``).
    Two identical ids given with ``doc(operationId=...)`` are an error.
    """
    given: set[str] = set()
    for _route, operation in entries:
        operation_id = operation.get("operationId")
        if operation_id is None:
            continue
        if operation_id in given:
            raise SetupError(
                f"Two operations have operationId {operation_id!r}: give one of them another "
                "with @blueprint.doc(operationId=...)."
            )
        given.add(operation_id)
    pending = [(route, operation) for route, operation in entries if "operationId" not in operation]
    proposed = [generated_id(function, route) for route, _operation in pending]
    proposed = disambiguated(proposed, [route for route, _operation in pending], given)
    used = set(given)
    for (_route, operation), candidate in zip(pending, proposed, strict=True):
        unique, number = candidate, 1
        while unique in used:
            number += 1
            unique = f"{candidate}{number}"
        used.add(unique)
        operation["operationId"] = unique


def generated_id(function: OperationIdFunction, route: OperationRoute) -> str:
    """Call *function*, checking that it gave a name."""
    operation_id = function(route)
    if not isinstance(operation_id, str) or not operation_id:
        raise ConfigurationError(
            f"OPENAPI_OPERATION_ID_FUNCTION returned {operation_id!r} for {route.method} "
            f"{route.path}: it must return a non-empty string."
        )
    return operation_id


def disambiguated(proposed: list[str], routes: list[OperationRoute], given: set[str]) -> list[str]:
    """Return *proposed* with clashing ids told apart by method, then by blueprint."""
    result = list(proposed)
    for indexes in clashes(result, given):
        by_endpoint: dict[str, list[int]] = {}
        for index in indexes:
            by_endpoint.setdefault(routes[index].endpoint, []).append(index)
        for same in by_endpoint.values():
            if len({routes[index].method for index in same}) > 1:
                for index in same:
                    result[index] = camel_case(
                        [*words_of(result[index]), routes[index].method.lower()]
                    )
    for indexes in clashes(result, given):
        for index in indexes:
            result[index] = qualified(result[index], routes[index])
    return result


def clashes(ids: list[str], given: set[str]) -> list[list[int]]:
    """Return the indexes of each id that several operations (or a given one) have."""
    groups: dict[str, list[int]] = {}
    for index, operation_id in enumerate(ids):
        groups.setdefault(operation_id, []).append(index)
    return [
        indexes
        for operation_id, indexes in groups.items()
        if len(indexes) > 1 or operation_id in given
    ]
