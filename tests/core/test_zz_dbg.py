import logging
import pytest
from restkit.core import App

@pytest.fixture
def isolated(request):
    name = f"restkit_logger_test_{request.node.name}"
    logger = logging.getLogger(name)
    print("fixture", logger.handlers)
    logger.propagate = False
    yield name

def test_x(isolated, tmp_path):
    l = logging.getLogger(isolated)
    print("test", l.handlers)
    app = App(isolated, root_path=str(tmp_path))
    print(app.logger.handlers, app.logger.hasHandlers())
    assert 0
