import jinja2
import pytest

from restkit.core import (
    App,
    Blueprint,
    before_render_template,
    g,
    render_template,
    render_template_string,
    session,
    template_rendered,
)
from restkit.core.templating import ENVIRONMENT_KEY, jinja_environment, template_context


@pytest.fixture
def app(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "hello.html").write_text("<p>Hello {{ name }}!</p>")
    (templates / "hello.txt").write_text("Hello {{ name }}!")
    (templates / "shared.html").write_text("app's shared")
    app = App("templated", root_path=str(tmp_path))
    app.config.update(TESTING=True, SECRET_KEY="s3cret")
    return app


def test_render_template_autoescapes_html(app):
    with app.app_context():
        assert render_template("hello.html", name="<b>") == "<p>Hello &lt;b&gt;!</p>"


def test_render_template_does_not_escape_text(app):
    with app.app_context():
        assert render_template("hello.txt", name="<b>") == "Hello <b>!"


def test_render_template_picks_first_existing_of_a_list(app):
    with app.app_context():
        assert render_template(["missing.html", "hello.txt"], name="x") == "Hello x!"


def test_render_template_missing(app):
    with app.app_context(), pytest.raises(jinja2.TemplateNotFound):
        render_template("missing.html")


def test_render_template_string_autoescapes(app):
    with app.app_context():
        assert render_template_string("{{ v }}", v="<i>") == "&lt;i&gt;"


@pytest.mark.parametrize(
    "func", [render_template, render_template_string], ids=lambda f: f.__name__
)
def test_rendering_needs_an_app_context(func):
    with pytest.raises(RuntimeError, match=rf"{func.__name__}\(\) needs an app context"):
        func("hello.html")


def test_environment_is_cached_per_app(app):
    environment = jinja_environment(app)

    assert app.extensions[ENVIRONMENT_KEY] is environment
    assert jinja_environment(app) is environment
    assert jinja_environment(App("other", root_path=app.root_path)) is not environment


def test_environment_filters_can_be_added(app):
    jinja_environment(app).filters["shout"] = str.upper

    with app.app_context():
        assert render_template_string("{{ 'hi' | shout }}") == "HI"


@pytest.mark.parametrize(
    ("setting", "debug", "expected"),
    [(None, False, False), (None, True, True), (True, False, True), (False, True, False)],
    ids=["default", "debug", "on", "off"],
)
def test_auto_reload(app, setting, debug, expected):
    app.config.update(TEMPLATES_AUTO_RELOAD=setting, DEBUG=debug)

    assert jinja_environment(app).auto_reload is expected


def test_context_in_a_request(app, client):
    @app.get("/page")
    def page():
        g.user = "ann"
        return render_template_string(
            "{{ request.path }} {{ g.user }} {{ session.get('n') }} {{ config.TESTING }} "
            "{{ url_for('page', x=1) }}"
        )

    with client.session_transaction() as sess:
        sess["n"] = 3

    assert client.get("/page").text == "/page ann 3 True /page?x=1"


def test_session_is_opened_only_when_read(app, client):
    @app.get("/no-session")
    def no_session():
        return render_template_string("static")

    @app.get("/with-session")
    def with_session():
        return render_template_string("{{ session.get('n') }}")

    assert "Cookie" not in client.get("/no-session").vary
    assert "Cookie" in client.get("/with-session").vary


def test_context_outside_a_request_has_g_only(app):
    with app.app_context():
        g.value = 1
        context = template_context(app)

    assert set(context) == {"g"}
    assert template_context(app) == {}


def test_context_processors_app_then_blueprints(app, client):
    parent = Blueprint("parent", __name__, url_prefix="/parent")
    child = Blueprint("child", __name__, url_prefix="/child")

    @app.context_processor
    def app_values():
        return {"who": "app", "app_only": 1}

    @parent.context_processor
    def parent_values():
        return {"who": "parent", "parent_only": 2}

    @child.context_processor
    def child_values():
        return {"who": "child"}

    @child.get("/page")
    def page():
        return render_template_string("{{ who }} {{ app_only }} {{ parent_only }}")

    @app.get("/plain")
    def plain():
        return render_template_string("{{ who }} {{ parent_only is defined }}")

    parent.register_blueprint(child)
    app.register_blueprint(parent)

    assert client.get("/parent/child/page").text == "child 1 2"
    assert client.get("/plain").text == "app False"


def test_render_arguments_win_over_context_processors(app):
    @app.context_processor
    def values():
        return {"name": "processor"}

    with app.app_context():
        assert render_template("hello.txt", name="argument") == "Hello argument!"


def test_blueprint_template_folders_searched_after_app(app, tmp_path):
    bp_root = tmp_path / "admin"
    (bp_root / "templates").mkdir(parents=True)
    (bp_root / "templates" / "admin.html").write_text("admin page")
    (bp_root / "templates" / "shared.html").write_text("blueprint's shared")
    admin = Blueprint("admin", __name__, template_folder="templates", root_path=str(bp_root))
    app.register_blueprint(admin)
    app.register_blueprint(admin, name="admin2")

    with app.app_context():
        assert render_template("admin.html") == "admin page"
        assert render_template("shared.html") == "app's shared"
        assert sorted(jinja_environment(app).list_templates()) == [
            "admin.html",
            "hello.html",
            "hello.txt",
            "shared.html",
        ]
    loader = jinja_environment(app).loader
    assert loader.search_path() == [str(tmp_path / "templates"), str(bp_root / "templates")]


def test_blueprint_registered_after_first_render_is_searched(app, tmp_path):
    with app.app_context():
        render_template("hello.txt", name="x")
    late_root = tmp_path / "late"
    (late_root / "tpl").mkdir(parents=True)
    (late_root / "tpl" / "late.txt").write_text("late")
    app.register_blueprint(
        Blueprint("late", __name__, template_folder="tpl", root_path=str(late_root))
    )

    with app.app_context():
        assert render_template("late.txt") == "late"


def test_app_without_template_folder(tmp_path):
    app = App("bare", template_folder=None, root_path=str(tmp_path))

    with app.app_context():
        assert render_template_string("ok") == "ok"
    assert jinja_environment(app).loader.search_path() == []


def test_signals_carry_template_and_context(app):
    events = []

    def record(name):
        def receiver(sender, template, context):
            events.append((name, sender, template.name, context["name"]))

        return receiver

    before = record("before")
    after = record("after")
    before_render_template.connect(before, app)
    template_rendered.connect(after, app)
    try:
        with app.app_context():
            render_template("hello.txt", name="sig")
    finally:
        before_render_template.disconnect(before, app)
        template_rendered.disconnect(after, app)

    assert events == [("before", app, "hello.txt", "sig"), ("after", app, "hello.txt", "sig")]


def test_session_proxy_in_context_is_lazy(app):
    with app.test_request_context():
        context = template_context(app)

        assert context["session"] is session
