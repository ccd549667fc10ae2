import pytest

from restkit.spec.pointers import Unresolvable, dangling_refs, follow, pointer

DOCUMENT = {
    "paths": {"/a/{id}": {"get": {"x~y": [{"ok": 1}]}}},
    "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}},
    "example": {"$ref": "#/nowhere"},
}


def test_pointers_escape_slashes_and_tildes():
    assert pointer(["paths", "/a/{id}", "get", "x~y", 0]) == "/paths/~1a~1{id}/get/x~0y/0"
    assert pointer([]) == ""


@pytest.mark.parametrize(
    ("ref", "found"),
    [
        ("#", DOCUMENT),
        ("#/paths/~1a~1{id}/get/x~0y/0/ok", 1),
        ("#/components/schemas/A", {"$ref": "#/components/schemas/B"}),
    ],
)
def test_follow(ref, found):
    assert follow(DOCUMENT, ref) == found


@pytest.mark.parametrize(
    "ref",
    ["#/components/schemas/B", "#/paths/~1a~1{id}/get/x~0y/1", "other.json#/a", "#/paths/x/y"],
)
def test_follow_refuses_what_leads_nowhere(ref):
    with pytest.raises(Unresolvable):
        follow(DOCUMENT, ref)


def test_dangling_refs_are_found_with_their_pointer_and_examples_are_data():
    assert dangling_refs(DOCUMENT) == [
        ("/components/schemas/A/$ref", "#/components/schemas/B"),
    ]
