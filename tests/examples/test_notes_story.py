"""The notes backend's whole story through the test client (test_notes_serving: gunicorn)."""

from notes_story import run_story, via_test_client


def test_the_whole_story_through_the_test_client(notes_app):
    run_story(via_test_client(notes_app.test_client()))
