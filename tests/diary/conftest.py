from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.bodymap.marks import PainKind, PainMark
from apps.diary import services
from apps.diary.models import PainEntry

# One hash for every test user: Argon2 is slow on purpose.
PASSWORD_HASH = make_password("correct-horse-battery-41")

TEMPLE = {"regions": "temple-r", "intensity-temple-r": "7", "pain-temple-r": "spontaneous"}


@pytest.fixture
def alice(db) -> User:
    return User.objects.create(username="alice", password=PASSWORD_HASH)


@pytest.fixture
def bob(db) -> User:
    return User.objects.create(username="bob", password=PASSWORD_HASH)


@pytest.fixture
def alice_client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob: User) -> Client:
    client = Client()
    client.force_login(bob)
    return client


def make_entry(
    owner: User, *, hours_ago: float = 1, overall_pain: int = 6, notes: str = ""
) -> PainEntry:
    data = services.EntryInput(
        felt_at=timezone.now() - timedelta(hours=hours_ago),
        marks=(
            PainMark("temple-r", 7, PainKind.SPONTANEOUS),
            PainMark("neck-back-r", 4, PainKind.ON_PRESSURE),
        ),
        symptoms=(),
        overall_pain=overall_pain,
        notes=notes,
    )
    return services.save_entry(owner, data)


@pytest.fixture
def alices_entry(alice: User) -> PainEntry:
    return make_entry(alice, notes="after a long drive")
