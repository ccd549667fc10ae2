import types

import pytest

from restkit import request
from restkit.rest.auth import HTTPTokenAuth
from restkit.rest.caller import caller_key, user_id


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        pytest.param({"id": 7, "name": "ann"}, "7", id="mapping"),
        pytest.param(types.SimpleNamespace(id="u-1"), "u-1", id="attribute"),
        pytest.param("ann", "ann", id="text"),
        pytest.param({"name": "no id"}, "{'name': 'no id'}", id="mapping-without-id"),
    ],
)
def test_a_user_is_known_by_its_id(user, expected):
    assert user_id(user) == expected


def test_callers_are_keyed_by_user_else_by_address(app, blp, serve):
    auth = HTTPTokenAuth()
    auth.verify_token(lambda token: {"id": 42} if token == "good" else None)

    @blp.route("/who")
    @blp.auth_required(auth, optional=True)
    @blp.doc(summary="Who")
    def who():
        return {"key": caller_key(request)}

    client = serve()

    assert client.get("/who", headers={"Authorization": "Bearer good"}).json == {"key": "user:42"}
    anonymous = client.get("/who", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert anonymous.json == {"key": "address:10.0.0.9"}
