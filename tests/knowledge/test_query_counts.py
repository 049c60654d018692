"""The knowledge pages and APIs ask the database the same number of questions whatever the
size of the data: no query per muscle, trigger point, zone or source."""

import json

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from apps.bodymap.regions import region_catalogue
from apps.knowledge.models import Muscle, Technique, TriggerPoint

pytestmark = pytest.mark.django_db

LISTS = ["/muscles/", "/muscles/?q=a", "/techniques/", "/api/muscles/", "/api/trigger-points/"]
LISTS += ["/api/techniques/", "/api/regions/"]


def queries(client, url: str) -> int:
    client.get(url)  # anything cached per process is built by a first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def largest_and_smallest(queryset, *relations: str):
    counted = queryset.annotate(
        size=sum(
            (Count(r, distinct=True) for r in relations[1:]), Count(relations[0], distinct=True)
        )
    )
    ordered = list(counted.order_by("size", "slug"))
    assert ordered[0].size < ordered[-1].size
    return ordered[-1], ordered[0]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_costs_the_same_queries_with_half_the_knowledge_base(client, url):
    full = queries(client, url)
    keep = Muscle.objects.order_by("slug").values_list("pk", flat=True)[::2]
    Muscle.objects.exclude(pk__in=list(keep)).delete()
    Technique.objects.filter(self_care__isnull=True).delete()
    assert queries(client, url) == full


@pytest.mark.parametrize("prefix", ["/muscles/", "/api/muscles/"])
def test_a_muscle_costs_the_same_queries_whatever_its_trigger_points(client, prefix):
    big, small = largest_and_smallest(Muscle.objects, "trigger_points", "associated_muscles")
    assert queries(client, f"{prefix}{big.slug}/") == queries(client, f"{prefix}{small.slug}/")


@pytest.mark.parametrize("prefix", ["/trigger-points/", "/api/trigger-points/"])
def test_a_trigger_point_costs_the_same_queries_whatever_its_pattern(client, prefix):
    big, small = largest_and_smallest(TriggerPoint.objects, "zones", "self_care", "citations")
    assert queries(client, f"{prefix}{big.slug}/") == queries(client, f"{prefix}{small.slug}/")


@pytest.mark.parametrize("prefix", ["/techniques/", "/api/techniques/"])
def test_a_technique_costs_the_same_queries_whatever_it_treats(client, prefix):
    big, small = largest_and_smallest(Technique.objects, "self_care", "citations")
    assert queries(client, f"{prefix}{big.slug}/") == queries(client, f"{prefix}{small.slug}/")


def test_matching_costs_the_same_queries_for_one_mark_or_thirty(client):
    def match(marks):
        body = json.dumps({"marks": [{"region": region} for region in marks]})
        client.post("/api/match/", body, content_type="application/json")
        with CaptureQueriesContext(connection) as captured:
            response = client.post("/api/match/", body, content_type="application/json")
        assert response.status_code == 200
        return len(captured)

    regions = list(region_catalogue().regions)
    assert match(regions[:1]) == match(regions[:30])
