import logging

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

# Tests run without `collectstatic`: plain static names, found by the finders. Plain HTTP
# too, whatever DEBUG the environment sets (tests/prod checks the production values).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.WHITENOISE_USE_FINDERS = True
settings.SECURE_SSL_REDIRECT = False


def load_reference_data() -> None:
    call_command("load_regions")
    call_command("load_knowledge")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the regions and the knowledge base loaded."""
    with django_db_blocker.unblock():
        load_reference_data()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last: their transactional database is emptied after each one."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with fresh throttle counts."""
    cache.clear()


@pytest.fixture(autouse=True)
def quiet_request_log():
    """No JSON line per request among pytest's output (tests/prod/test_request_log.py
    listens to them itself)."""
    logger = logging.getLogger("triggerpoints.requests")
    level = logger.level
    logger.setLevel(logging.WARNING)
    yield
    logger.setLevel(level)
