"""An app for the gunicorn tests of rate limits: one limited endpoint answering its worker's pid.

The view takes a few milliseconds, so that concurrent clients keep both workers busy.
"""

from __future__ import annotations

import os
import time

from restkit import Api, App, Blueprint


def create_app(store_url: str, strategy: str, instance_path: str) -> App:
    """Return the app, counting ``30/minute`` per caller in *store_url* with *strategy*."""
    app = App(__name__, instance_path=instance_path)
    app.config.update(
        API_TITLE="Limited",
        API_VERSION="1.0.0",
        API_STORE_URL=store_url,
        API_RATE_LIMIT_STRATEGY=strategy,
    )
    api = Api(app)
    blp = Blueprint("limited", __name__)

    @blp.route("/pid")
    @blp.rate_limit("30/minute")
    @blp.response(200)
    def pid() -> dict[str, int]:
        time.sleep(0.02)
        return {"pid": os.getpid()}

    api.register_blueprint(blp)
    return app
