import io

import pytest
from marshmallow import Schema, ValidationError
from werkzeug.datastructures import FileStorage

from restkit import Blueprint
from restkit.fields import Upload


class AvatarSchema(Schema):
    avatar = Upload(required=True)


def test_upload_loads_a_file_storage():
    file = FileStorage(io.BytesIO(b"png"), filename="a.png", content_type="image/png")
    assert AvatarSchema().load({"avatar": file}) == {"avatar": file}


def test_upload_refuses_text():
    with pytest.raises(ValidationError) as exc_info:
        AvatarSchema().load({"avatar": "not a file"})
    assert exc_info.value.messages == {
        "avatar": ["Not a file: send it as a multipart/form-data part."]
    }


def test_upload_through_a_files_argument(app, api, spec):
    bp = Blueprint("bp", __name__)

    @bp.route("/avatar", methods=["POST"])
    @bp.arguments(AvatarSchema, location="files")
    @bp.response(200)
    def avatar(files):
        upload = files["avatar"]
        return {"name": upload.filename, "size": len(upload.read())}

    api.register_blueprint(bp)
    body = spec()["paths"]["/avatar"]["post"]["requestBody"]
    assert list(body["content"]) == ["multipart/form-data"]
    client = app.test_client()
    response = client.post("/avatar", data={"avatar": (io.BytesIO(b"12345"), "me.png")})
    assert response.status_code == 200, response.json
    assert response.json == {"name": "me.png", "size": 5}
    response = client.post("/avatar", data={"other": "x"})
    assert response.status_code == 422
    assert response.json["errors"] == {"files": {"avatar": ["Missing data for required field."]}}
