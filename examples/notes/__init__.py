"""The notes example, a mobile backend: ``restkit --app examples.notes run``."""

from .config import DevelopmentConfig, MissingSecretKey, ProductionConfig, TestingConfig
from .factory import create_app

__all__ = [
    "DevelopmentConfig",
    "MissingSecretKey",
    "ProductionConfig",
    "TestingConfig",
    "create_app",
]
