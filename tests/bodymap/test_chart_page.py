import re

import pytest
from django.test import Client

from apps.bodymap.regions import region_catalogue

pytestmark = pytest.mark.django_db


def test_chart_page_draws_every_region_as_a_named_shape_that_is_no_tab_stop_without_javascript(
    client,
):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    shapes = re.findall(r'<path class="region"[^>]*data-region="([a-z-]+)"[^>]*>', html)
    assert set(shapes) == set(region_catalogue().regions)
    assert len(shapes) == 130  # the top of the head is drawn in both views
    temple = re.search(r'<path class="region"[^>]*data-region="temple-r"[^>]*>', html).group(0)
    assert 'aria-label="Right temple"' in temple
    # chart.js makes the shapes checkboxes with one Tab stop; without it they are a picture.
    assert "tabindex" not in temple and 'role="checkbox"' not in temple


def test_chart_page_says_nothing_is_marked_only_through_the_script(client):
    html = client.get("/").content.decode()
    assert re.search(r'<p class="empty-note" id="selection-empty" hidden>', html)


def test_chart_page_lists_every_region_by_body_area_for_use_without_javascript(client):
    html = client.get("/").content.decode()
    boxes = re.findall(r'<input type="checkbox" name="regions" value="([a-z-]+)"', html)
    assert sorted(boxes) == sorted(region_catalogue().regions)
    assert "<legend>Head and face</legend>" in html
    assert "<legend>Ankles and feet</legend>" in html


def test_chart_page_labels_the_patients_sides_either_side_of_each_views_title(client):
    html = client.get("/").content.decode()
    # front view: the patient's right on the left of the picture; back view: the reverse.
    title = r"</span><span class=\"chart-view-title\">"
    assert re.search(rf"Right{title}Front</span>[^<]*<[^>]*>Left", html)
    assert re.search(rf"Left{title}Back</span>[^<]*<[^>]*>Right", html)
    assert "→" not in html and "←" not in html


def test_chart_form_is_csrf_protected():
    strict = Client(enforce_csrf_checks=True)
    html = strict.get("/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    response = strict.post("/assessment/", {"regions": ["temple-r"]})
    assert response.status_code == 403


def test_page_sends_a_content_security_policy_that_allows_only_our_own_assets(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy


def test_valid_selection_shows_on_the_assessment_chart(client):
    response = client.post(
        "/assessment/",
        {
            "regions": ["temple-r", "low-back-l"],
            "intensity-temple-r": "8",
            "pain-temple-r": "spontaneous",
            "intensity-low-back-l": "3",
            "pain-low-back-l": "on_pressure",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Right temple</strong>: 8/10, hurts on its own" in html
    assert "<strong>Left low back</strong>: 3/10, only when pressed" in html
    assert 'href="#shape-front-temple-r" class="region is-selected"' in html


def post_selection(client, data):
    response = client.post("/assessment/", data)
    return response, response.content.decode()


def test_pain_data_never_goes_into_the_url(client):
    html = client.get("/").content.decode()
    assert re.search(r'<form method="post" action="/assessment/"', html)
    assert client.get("/assessment/").status_code == 302
