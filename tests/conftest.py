import pytest
from django.core.management import call_command


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
