"""The smallest restkit app: a few JSON routes on the core, in one file."""

from __future__ import annotations

import typing as t

from restkit import App, MethodView, abort, request

app = App(__name__)


@app.get("/")
def hello() -> dict[str, str]:
    """Say hello."""
    return {"message": "Hello, world!"}


@app.get("/hello/<name>")
def greet(name: str) -> dict[str, str]:
    """Greet *name*, taken from the path."""
    return {"message": f"Hello, {name}!"}


@app.post("/echo")
def echo() -> dict[str, t.Any]:
    """Send the JSON body back (415 for a body that is not JSON)."""
    return {"echo": request.get_json()}


class Sum(MethodView):
    """Add numbers: from the query string with GET, from a JSON body with POST."""

    def get(self) -> dict[str, int]:
        """Add the integers ``a`` and ``b`` of the query string."""
        a = request.args.get("a", type=int)
        b = request.args.get("b", type=int)
        if a is None or b is None:
            abort(400, "Pass two integers: /sum?a=1&b=2.")
        return {"sum": a + b}

    def post(self) -> dict[str, float]:
        """Add the numbers of the ``numbers`` list of the JSON body."""
        body = request.get_json()
        numbers = body.get("numbers") if isinstance(body, dict) else None
        if not isinstance(numbers, list) or not all(_is_number(n) for n in numbers):
            abort(400, 'Send a JSON object like {"numbers": [1, 2.5]}.')
        return {"sum": sum(numbers)}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


app.add_url_rule("/sum", view_func=Sum.as_view("sum"))
