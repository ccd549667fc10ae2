"""The vault: a small API on every feature the hostile-input corpus aims at.

Built from restkit's public API only, and served by gunicorn (``vault:create_app(...)``)
or in-process: Basic sign-in that hands out signed, timed bearer tokens; an API
key; a session; items with page numbers, ETags and idempotent creation; a
cursor feed; forms and uploads; a URL built with ``_external=True``; a
trailing-slash route; a docs page whose title holds ``</script>``; and two
hidden routes misbehaving on purpose (a header reflected from the query, an
unhandled exception).
"""

from __future__ import annotations

import base64
import typing as t

from itsdangerous import BadData, URLSafeTimedSerializer
from marshmallow import Schema, fields, validate

from restkit import Api, App, Blueprint, CursorPage, MethodView, abort, request, session, url_for
from restkit.auth import APIKeyAuth, HTTPBasicAuth, HTTPTokenAuth, compare_secrets
from restkit.fields import Upload

if t.TYPE_CHECKING:
    from tests.example_apps import Send

SECRET_KEY = "the vault's signing key, second of its name"
OLD_SECRET_KEY = "the vault's signing key, first of its name"
PASSWORDS = {"ann": "correct horse battery staple"}
API_KEY = "vault-key-5d41402abc4b2a76b9719d911017c592"
TOKEN_SALT = "vault-token"
TOKEN_MAX_AGE = 3600
TRUSTED_HOSTS = ["127.0.0.1", "localhost", "api.example.com"]
SCRIPT = '</script><script>alert("vault")</script>'
TITLE = f"Vault {SCRIPT}"
EVENTS = [{"id": number, "text": f"event {number}"} for number in range(1, 31)]
LEAK = "the database password is hunter2"


class ItemSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    quantity = fields.Int(required=True, validate=validate.Range(min=0))
    price = fields.Float(validate=validate.Range(min=0))
    gift = fields.Bool()


class EventSchema(Schema):
    id = fields.Int(dump_only=True)
    text = fields.Str(dump_only=True)


def token_serializer() -> URLSafeTimedSerializer:
    """Sign tokens with the newest key; accept the older one still."""
    return URLSafeTimedSerializer([OLD_SECRET_KEY, SECRET_KEY], salt=TOKEN_SALT)


basic = HTTPBasicAuth(realm="Vault")
token = HTTPTokenAuth(description="A token from POST /tokens.")
api_key = APIKeyAuth("X-API-Key")
signed_in = token | api_key


@basic.verify_password
def check_password(username: str, password: str) -> str | None:
    return username if compare_secrets(password, PASSWORDS.get(username)) else None


@token.verify_token
def check_token(value: str) -> str | None:
    try:
        return t.cast(str, token_serializer().loads(value, max_age=TOKEN_MAX_AGE))
    except BadData:
        return None


@api_key.verify_key
def check_key(key: str) -> str | None:
    return "robot" if compare_secrets(key, API_KEY) else None


blp = Blueprint("vault", __name__, description="The vault")


@blp.route("/tokens", methods=["POST"])
@blp.auth_required(basic)
@blp.response(201, {"token": fields.Str(required=True)})
def create_token() -> dict[str, str]:
    """Trade a password for a bearer token"""
    return {"token": token_serializer().dumps(basic.current_user)}


@blp.route("/me")
@blp.auth_required(signed_in)
@blp.response(200, {"user": fields.Str(required=True)})
def me() -> dict[str, str]:
    """Who the credentials belong to"""
    return {"user": signed_in.current_user}


def items() -> dict[int, dict[str, t.Any]]:
    from restkit import current_app

    return t.cast(dict[int, dict[str, t.Any]], current_app.extensions["vault_items"])


def find(item_id: int) -> dict[str, t.Any]:
    if item_id not in items():
        abort(404, f"There is no item {item_id}.")
    return items()[item_id]


@blp.route("/items")
@blp.auth_required(signed_in)
class Items(MethodView):
    @blp.response(200, ItemSchema(many=True))
    @blp.paginate(page_size=10, max_page_size=50)
    def get(self, pagination_parameters: t.Any) -> list[dict[str, t.Any]]:
        """List the items"""
        return list(items().values())

    @blp.idempotent
    @blp.arguments(ItemSchema)
    @blp.response(201, ItemSchema)
    def post(self, item: dict[str, t.Any]) -> dict[str, t.Any]:
        """Add an item"""
        number = max(items(), default=0) + 1
        items()[number] = {"id": number, **item}
        return items()[number]


@blp.route("/items/<int:item_id>")
@blp.auth_required(signed_in)
@blp.etag
class ItemById(MethodView):
    @blp.response(200, ItemSchema)
    @blp.alt_response(404, description="No such item")
    def get(self, item_id: int) -> dict[str, t.Any]:
        """Get an item"""
        return find(item_id)

    @blp.arguments(ItemSchema)
    @blp.response(200, ItemSchema)
    @blp.alt_response(404, description="No such item")
    def put(self, item: dict[str, t.Any], item_id: int) -> dict[str, t.Any]:
        """Replace an item"""
        blp.check_etag(find(item_id), ItemSchema)
        items()[item_id] = {"id": item_id, **item}
        return items()[item_id]

    @blp.response(204)
    @blp.alt_response(404, description="No such item")
    def delete(self, item_id: int) -> None:
        """Delete an item"""
        blp.check_etag(find(item_id), ItemSchema)
        del items()[item_id]


@blp.route("/events")
@blp.response(200, EventSchema(many=True))
@blp.paginate(CursorPage(key="id"), page_size=10)
def events(pagination_parameters: t.Any) -> list[dict[str, t.Any]]:
    """The feed of events"""
    return EVENTS


@blp.route("/session")
class Session(MethodView):
    @blp.response(200, {"name": fields.Str(allow_none=True)})
    def get(self) -> dict[str, t.Any]:
        """Who the session says the client is"""
        return {"name": session.get("name")}

    @blp.arguments({"name": fields.Str(required=True, validate=validate.Length(max=40))})
    @blp.response(200, {"name": fields.Str()})
    def post(self, data: dict[str, str]) -> dict[str, str]:
        """Put a name in the session"""
        session["name"] = data["name"]
        return data


@blp.route("/forms", methods=["POST"])
@blp.arguments(
    {"text": fields.Str(), "stars": fields.Int(validate=validate.Range(min=1))}, location="form"
)
@blp.response(200, {"text": fields.Str(), "stars": fields.Int()})
def forms(form: dict[str, t.Any]) -> dict[str, t.Any]:
    """Take a urlencoded or multipart form"""
    return form


@blp.route("/uploads", methods=["POST"])
@blp.arguments({"caption": fields.Str(validate=validate.Length(max=100))}, location="form")
@blp.arguments({"file": Upload(required=True)}, location="files")
@blp.response(200, {"caption": fields.Str(), "size": fields.Int()})
def uploads(form: dict[str, t.Any], files: dict[str, t.Any]) -> dict[str, t.Any]:
    """Take a file"""
    return {"caption": form.get("caption", ""), "size": len(files["file"].read())}


@blp.route("/where")
@blp.response(200, {"url": fields.Str()})
def where() -> dict[str, str]:
    """This URL, absolute"""
    return {"url": url_for("vault.where", _external=True)}


@blp.route("/folders/", methods=["GET", "POST"])
@blp.response(200, {"method": fields.Str()})
def folders() -> dict[str, str]:
    """A URL with a trailing slash"""
    return {"method": request.method}


@blp.route("/reflect")
@blp.doc(hide=True)
def reflect() -> t.Any:
    """Put a query value into a response header: what an app must never do unchecked."""
    return {"reflected": True}, {"X-Echo": request.args.get("value", "")}


@blp.route("/crash")
@blp.doc(hide=True)
def crash() -> t.Any:
    """Fail the way an app's bug does."""
    raise RuntimeError(LEAK)


def create_app(store_url: str = "memory://", **config: t.Any) -> App:
    """Build the vault, its idempotency keys in *store_url*; *config* is applied last."""
    app = App("vault")
    app.config.update(
        API_TITLE=TITLE,
        API_VERSION="1.0.0",
        API_STORE_URL=store_url,
        API_SPEC_OPTIONS={"info": {"description": f"Keeps items. {SCRIPT}"}},
        OPENAPI_SWAGGER_UI_CONFIG={"docExpansion": "none", "filter": SCRIPT},
        SECRET_KEY=SECRET_KEY,
        SECRET_KEY_FALLBACKS=[OLD_SECRET_KEY],
        TRUSTED_HOSTS=TRUSTED_HOSTS,
    )
    app.config.update(config)
    app.extensions["vault_items"] = {}
    Api(app).register_blueprint(blp)
    return app


def basic_credentials(user: str, password: str) -> str:
    """Return the ``Authorization`` value of HTTP Basic for *user* and *password*."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def sign_in(send: Send) -> dict[str, str]:
    """Trade ann's password for a token; return the headers of her requests."""
    status, body = send(
        "POST", "/tokens", {"Authorization": basic_credentials("ann", PASSWORDS["ann"])}, None
    )
    assert status == 201, body
    return {"Authorization": f"Bearer {body['token']}"}
