"""The idempotency stage: first runs, replays, 409, 422, 400, releases, scopes and expiry."""

import json
import logging
import threading
import time

import pytest
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, MethodView, abort
from restkit.core.errors import ConfigurationError
from restkit.rest.auth import HTTPTokenAuth
from restkit.rest.idempotency_stage import idempotency
from restkit.rest.operation import Operation
from restkit.rest.pipeline import StageSetup

KEY = {"Idempotency-Key": '"8e03978e-40d5-43e8-bc93-6894a57f9324"'}
OTHER_KEY = {"Idempotency-Key": '"another-key"'}
WAIT = 10


class Order(Schema):
    id = fields.Int(dump_only=True)
    item = fields.Str(required=True)


class Orders:
    """What the views did: every order they created."""

    def __init__(self):
        self.created = []

    def create(self, order):
        self.created.append({"id": len(self.created) + 1, **order})
        return self.created[-1]


@pytest.fixture
def orders():
    return Orders()


def function_views(blp, orders, **idempotent):
    @blp.route("/orders", methods=["POST"])
    @blp.idempotent(**idempotent)
    @blp.arguments(Order)
    @blp.response(201, Order)
    def create_order(order):
        created = orders.create(order)
        return created, {"Location": f"/orders/{created['id']}"}


def method_views(blp, orders, **idempotent):
    @blp.route("/orders")
    @blp.idempotent(**idempotent)
    class OrderList(MethodView):
        @blp.response(200, Order(many=True))
        def get(self):
            return orders.created

        @blp.arguments(Order)
        @blp.response(201, Order)
        def post(self, order):
            created = orders.create(order)
            return created, {"Location": f"/orders/{created['id']}"}


@pytest.fixture(params=[function_views, method_views], ids=["function", "methodview"])
def register(request):
    return request.param


@pytest.fixture
def use_store(app, any_store_url):
    app.config["API_STORE_URL"] = any_store_url


def problem(response):
    assert response.mimetype == "application/problem+json"
    return response.json


# -- the first request, and its retries -------------------------------------------------------


@pytest.mark.usefixtures("use_store")
def test_a_retry_gets_the_first_response_again(blp, serve, orders, register):
    register(blp, orders)
    client = serve()

    first = client.post("/orders", json={"item": "tea"}, headers=KEY)
    retry = client.post("/orders", json={"item": "tea"}, headers=KEY)

    assert first.status_code == retry.status_code == 201
    assert first.json == retry.json == {"id": 1, "item": "tea"}
    assert retry.headers["Location"] == first.headers["Location"] == "/orders/1"
    assert retry.headers["Content-Type"] == "application/json"
    assert retry.headers["X-Content-Type-Options"] == "nosniff"
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert len(orders.created) == 1


@pytest.mark.usefixtures("use_store")
def test_the_same_key_with_another_request_is_422(app, blp, serve, orders, register):
    register(blp, orders)

    @blp.route("/orders/<int:order_id>", methods=["POST", "PATCH"])
    @blp.idempotent
    @blp.response(200)
    def change_order(order_id):
        return {"id": order_id}

    client = serve()
    client.post("/orders", json={"item": "tea"}, headers=KEY)

    others = [
        client.post("/orders", json={"item": "coffee"}, headers=KEY),
        client.post("/orders?gift=1", json={"item": "tea"}, headers=KEY),
        client.post("/orders/1", json={"item": "tea"}, headers=KEY),
        client.patch("/orders/1", json={"item": "tea"}, headers=KEY),
        client.post(
            "/orders", data='{"item": "tea"}', content_type="application/vnd.tea+json", headers=KEY
        ),
    ]

    for response in others:
        assert response.status_code == 422
        assert "already used for another request" in problem(response)["detail"]
        assert "Idempotent-Replayed" not in response.headers
    assert len(orders.created) == 1


@pytest.mark.usefixtures("use_store")
def test_a_retry_while_the_first_runs_is_409_with_retry_after(blp, serve):
    started, finish = threading.Event(), threading.Event()
    runs = []

    @blp.route("/slow", methods=["POST"])
    @blp.idempotent
    @blp.response(201)
    def slow():
        runs.append(1)
        started.set()
        assert finish.wait(WAIT)
        return {"done": True}

    client = serve()
    answers = []
    first = threading.Thread(target=lambda: answers.append(client.post("/slow", headers=KEY)))
    first.start()
    assert started.wait(WAIT)

    meanwhile = client.post("/slow", headers=KEY)
    finish.set()
    first.join(WAIT)
    after = client.post("/slow", headers=KEY)

    assert meanwhile.status_code == 409
    assert meanwhile.headers["Retry-After"] == "1"
    assert "still being processed" in problem(meanwhile)["detail"]
    assert answers[0].status_code == 201
    assert (after.status_code, after.json, after.headers["Idempotent-Replayed"]) == (
        201,
        {"done": True},
        "true",
    )
    assert len(runs) == 1


def test_without_a_key_every_request_runs(blp, serve, orders, register):
    register(blp, orders)
    client = serve()

    answers = [client.post("/orders", json={"item": "tea"}).status_code for _ in range(2)]

    assert answers == [201, 201]
    assert len(orders.created) == 2


def test_a_required_key_missing_is_400(blp, serve, orders, register):
    register(blp, orders, required=True)
    client = serve()

    response = client.post("/orders", json={"item": "tea"})

    assert response.status_code == 400
    assert "requires an Idempotency-Key header" in problem(response)["detail"]
    assert client.post("/orders", json={"item": "tea"}, headers=KEY).status_code == 201
    assert orders.created == [{"id": 1, "item": "tea"}]


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        pytest.param({"Idempotency-Key": "bare-token"}, "double quotes", id="unquoted"),
        pytest.param({"Idempotency-Key": '""'}, "the key is empty", id="empty"),
        pytest.param({"Idempotency-Key": '"a";p=1'}, "without parameters", id="parameters"),
        pytest.param(
            [("Idempotency-Key", '"a"'), ("Idempotency-Key", '"b"')], "send one key", id="twice"
        ),
    ],
)
def test_a_malformed_key_is_400(blp, serve, orders, headers, detail):
    function_views(blp, orders)
    client = serve()

    response = client.post("/orders", json={"item": "tea"}, headers=headers)

    assert response.status_code == 400
    assert detail in problem(response)["detail"]
    assert orders.created == []


# -- what is kept, what is released -----------------------------------------------------------


@pytest.mark.usefixtures("use_store")
def test_a_5xx_or_an_exception_frees_the_key_for_a_retry(app, blp, serve):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    outcomes = iter(["raise", "503", "502", "created"])

    @blp.route("/flaky", methods=["POST"])
    @blp.idempotent
    @blp.response(201)
    def flaky():
        outcome = next(outcomes)
        if outcome == "raise":
            raise RuntimeError("the database went away")
        if outcome == "503":
            abort(503, "Try again.")
        if outcome == "502":
            return {"upstream": "down"}, 502
        return {"created": True}

    client = serve()

    answers = [client.post("/flaky", headers=KEY) for _ in range(5)]

    assert [answer.status_code for answer in answers] == [500, 503, 502, 201, 201]
    assert answers[4].headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in answers[3].headers


@pytest.mark.usefixtures("use_store")
def test_4xx_answers_are_kept_and_replayed(blp, serve, orders):
    function_views(blp, orders)
    taken = []

    @blp.route("/names", methods=["POST"])
    @blp.idempotent
    @blp.response(201)
    def claim_name():
        taken.append(1)
        if len(taken) == 1:
            abort(409, "The name is taken.")
        return {"ok": True}

    client = serve()

    conflict = [client.post("/names", headers=KEY) for _ in range(2)]
    invalid = [client.post("/orders", json={"bogus": 1}, headers=OTHER_KEY) for _ in range(2)]

    assert [r.status_code for r in conflict] == [409, 409]
    assert conflict[1].json == conflict[0].json
    assert conflict[0].json["detail"] == "The name is taken."
    assert conflict[1].headers["Idempotent-Replayed"] == "true"
    assert "Retry-After" not in conflict[1].headers
    assert len(taken) == 1
    assert [r.status_code for r in invalid] == [422, 422]
    assert invalid[1].json == invalid[0].json
    assert invalid[1].headers["Idempotent-Replayed"] == "true"
    assert invalid[1].mimetype == "application/problem+json"


def test_cookies_and_dates_are_not_replayed(app, blp, serve):
    @blp.route("/login", methods=["POST"])
    @blp.idempotent
    @blp.response(200)
    def login():
        return {"ok": True}, {"Set-Cookie": "token=secret; HttpOnly", "X-Kept": "yes"}

    client = serve()
    first = client.post("/login", headers=KEY)
    client.delete_cookie("token")
    retry = client.post("/login", headers=KEY)

    assert "token=secret" in first.headers["Set-Cookie"]
    assert "Set-Cookie" not in retry.headers
    assert retry.headers["X-Kept"] == "yes"
    assert retry.headers["Idempotent-Replayed"] == "true"


def test_a_204_is_replayed_without_body_or_content_type(blp, serve):
    @blp.route("/ping", methods=["POST"])
    @blp.idempotent
    @blp.response(204)
    def ping():
        return None

    client = serve()
    client.post("/ping", headers=KEY)
    retry = client.post("/ping", headers=KEY)

    assert retry.status_code == 204
    assert retry.data == b""
    assert "Content-Type" not in retry.headers
    assert retry.headers["Idempotent-Replayed"] == "true"


def test_a_response_too_large_or_streamed_is_not_kept(app, blp, serve, caplog):
    app.config["API_IDEMPOTENCY_MAX_RESPONSE_SIZE"] = 100
    runs = []

    @blp.route("/big", methods=["POST"])
    @blp.idempotent
    @blp.response(200)
    def big():
        runs.append("big")
        return {"text": "x" * 200}

    @blp.route("/stream", methods=["POST"])
    @blp.idempotent
    def stream():
        runs.append("stream")
        return app.response_class(iter([b"a", b"b"]))

    client = serve()
    with caplog.at_level(logging.WARNING):
        answers = [client.post(path, headers=KEY) for path in ("/big", "/big")]
        answers += [client.post(path, headers=OTHER_KEY) for path in ("/stream", "/stream")]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200]
    assert not any("Idempotent-Replayed" in answer.headers for answer in answers)
    assert runs == ["big", "big", "stream", "stream"]
    assert "API_IDEMPOTENCY_MAX_RESPONSE_SIZE = 100" in caplog.text


def test_a_request_outliving_its_lease_is_not_kept(app, blp, serve, caplog):
    app.config["API_IDEMPOTENCY_LEASE"] = 0.05
    runs = []

    @blp.route("/slow", methods=["POST"])
    @blp.idempotent
    @blp.response(201)
    def slow():
        runs.append(1)
        time.sleep(0.2)
        return {"ok": True}

    client = serve()
    with caplog.at_level(logging.WARNING):
        answers = [client.post("/slow", headers=KEY).status_code for _ in range(2)]

    assert answers == [201, 201]
    assert len(runs) == 2
    assert "longer than API_IDEMPOTENCY_LEASE" in caplog.text


# -- scopes and expiry -------------------------------------------------------------------------


@pytest.mark.usefixtures("use_store")
def test_keys_are_scoped_per_caller(blp, serve, orders):
    auth = HTTPTokenAuth()
    auth.verify_token(lambda token: {"id": token} if token in ("ann", "bob") else None)

    @blp.route("/orders", methods=["POST"])
    @blp.auth_required(auth)
    @blp.idempotent
    @blp.arguments(Order)
    @blp.response(201, Order)
    def create_order(order):
        return orders.create(order)

    client = serve()

    def post(token):
        headers = {**KEY, "Authorization": f"Bearer {token}"}
        return client.post("/orders", json={"item": "tea"}, headers=headers)

    ann, bob, ann_again, stranger = post("ann"), post("bob"), post("ann"), post("eve")

    assert (ann.json["id"], bob.json["id"], ann_again.json["id"]) == (1, 2, 1)
    assert ann_again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in bob.headers
    assert stranger.status_code == 401  # authentication comes first: no replay for others


def test_anonymous_callers_are_scoped_by_address(blp, serve, orders):
    function_views(blp, orders)
    client = serve()

    answers = [
        client.post("/orders", json={"item": "tea"}, headers=KEY, environ_base={"REMOTE_ADDR": a})
        for a in ("10.0.0.1", "10.0.0.2", "10.0.0.1")
    ]

    assert [answer.json["id"] for answer in answers] == [1, 2, 1]


def make_app(tmp_path, name, **config):
    app = App(name, root_path=str(tmp_path))
    app.config.update(TESTING=True, API_TITLE=name, API_VERSION="1", **config)
    api, blp, runs = Api(app), Blueprint("things", __name__), []

    @blp.route("/things", methods=["POST"])
    @blp.idempotent
    @blp.response(201)
    def create_thing():
        runs.append(name)
        return {"by": name}

    api.register_blueprint(blp)
    return app.test_client(), runs


def test_keys_are_scoped_per_api_namespace(tmp_path):
    shared = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    billing, billing_runs = make_app(tmp_path, "billing", API_STORE_URL=shared)
    shipping, shipping_runs = make_app(tmp_path, "shipping", API_STORE_URL=shared)
    twin, twin_runs = make_app(
        tmp_path, "billing_twin", API_STORE_URL=shared, API_IDEMPOTENCY_NAMESPACE="billing"
    )

    assert billing.post("/things", headers=KEY).json == {"by": "billing"}
    assert shipping.post("/things", headers=KEY).json == {"by": "shipping"}
    replay = twin.post("/things", headers=KEY)

    assert replay.json == {"by": "billing"}
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert (billing_runs, shipping_runs, twin_runs) == (["billing"], ["shipping"], [])


def test_the_default_store_is_a_sqlite_file_in_the_instance_folder(blp, serve, orders, tmp_path):
    function_views(blp, orders)
    client = serve()

    path = tmp_path / "instance" / "restkit-store.sqlite3"
    assert not path.exists()

    client.post("/orders", json={"item": "tea"}, headers=KEY)

    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert client.post("/orders", json={"item": "tea"}, headers=KEY).json == {
        "id": 1,
        "item": "tea",
    }


@pytest.mark.usefixtures("use_store")
def test_keys_expire(app, blp, serve, orders):
    app.config["API_IDEMPOTENCY_TTL"] = 0.05
    function_views(blp, orders)
    client = serve()

    client.post("/orders", json={"item": "tea"}, headers=KEY)
    time.sleep(0.2)
    later = client.post("/orders", json={"item": "tea"}, headers=KEY)

    assert later.json == {"id": 2, "item": "tea"}
    assert "Idempotent-Replayed" not in later.headers


# -- which operations take keys -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "covered"),
    [
        pytest.param(True, {"POST", "PATCH"}, id="true"),
        pytest.param("put, delete", {"PUT", "DELETE"}, id="text"),
        pytest.param(["POST"], {"POST"}, id="list"),
        pytest.param(False, set(), id="false"),
    ],
)
def test_api_idempotency_covers_the_methods_it_names(app, blp, serve, setting, covered):
    app.config["API_IDEMPOTENCY"] = setting
    runs = []

    @blp.route("/things", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    @blp.response(200)
    def things():
        runs.append(1)
        return {"run": len(runs)}

    client = serve()
    replayed = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        client.open("/things", method=method, headers={"Idempotency-Key": f'"{method}"'})
        again = client.open("/things", method=method, headers={"Idempotency-Key": f'"{method}"'})
        if again.headers.get("Idempotent-Replayed") == "true":
            replayed.add(method)

    assert replayed == covered


def test_on_a_methodview_class_only_writes_take_keys(blp, serve, orders):
    method_views(blp, orders)
    client = serve()
    client.post("/orders", json={"item": "tea"}, headers=KEY)

    listing = [client.get("/orders", headers=KEY) for _ in range(2)]

    assert [answer.json for answer in listing] == [[{"id": 1, "item": "tea"}]] * 2
    assert not any("Idempotent-Replayed" in answer.headers for answer in listing)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("API_IDEMPOTENCY", "GET", "API_IDEMPOTENCY is 'GET'"),
        ("API_IDEMPOTENCY", 3, "API_IDEMPOTENCY is 3"),
        ("API_IDEMPOTENCY_TTL", 0, "API_IDEMPOTENCY_TTL is 0"),
        ("API_IDEMPOTENCY_LEASE", "5", "positive number of seconds"),
        ("API_IDEMPOTENCY_MAX_RESPONSE_SIZE", 1.5, "positive number of bytes"),
    ],
)
def test_bad_settings_fail_at_finalize(app, blp, serve, key, value, message):
    app.config[key] = value

    @blp.route("/things", methods=["POST"])
    @blp.idempotent
    @blp.response(201)
    def things():
        return {}

    with pytest.raises(ConfigurationError, match=message):
        serve().post("/things")


def test_a_timedelta_is_a_duration(app, blp, serve):
    import datetime

    app.config["API_IDEMPOTENCY_TTL"] = datetime.timedelta(hours=2)
    function_views(blp, Orders())

    assert serve().post("/orders", json={"item": "tea"}, headers=KEY).status_code == 201


def test_an_operation_without_keys_gets_no_stage(app):
    def view():
        return None

    def next_step(call):
        return None

    for method in ("POST", "GET"):
        setup = StageSetup(app, "view", method, Operation(), view)
        assert idempotency(setup, next_step) is next_step


def test_a_kept_response_is_json_status_and_headers_then_the_body(app, blp, serve):
    app.config["API_STORE_URL"] = "memory://"

    @blp.route("/raw", methods=["POST"])
    @blp.idempotent
    def raw():
        return app.response_class(b"\x00\xffbytes", status="201 MADE", mimetype="x/y")

    client = serve()
    client.post("/raw", headers=KEY)
    retry = client.post("/raw", headers=KEY)

    assert (retry.status, retry.data, retry.mimetype) == ("201 MADE", b"\x00\xffbytes", "x/y")
    (value,) = [row.value for row in app.extensions["restkit.store"]["memory://"]._rows.values()]
    head, _, body = value.partition(b"\n")
    assert json.loads(head)["status"] == "201 MADE"
    assert body == b"\x00\xffbytes"
