import pytest
from django.core.cache import cache

from tests.diary.conftest import (  # noqa: F401  (fixtures)
    alice,
    alice_client,
    alices_entry,
    bob,
    bob_client,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """The share-opening counter lives in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
