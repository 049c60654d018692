import pytest

from apps.matching.services import build_index


@pytest.fixture(scope="session")
def index(django_db_setup, django_db_blocker):
    """The real knowledge base, compiled once for the whole session."""
    with django_db_blocker.unblock():
        return build_index()
