"""The chart page stays light: HTML, CSS and JS together at most 60 KB gzip-compressed,
and nothing is loaded from another origin."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


def test_chart_page_html_css_and_js_weigh_at_most_60_kb_compressed(client):
    html = client.get("/").content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    modules = [b"js/results.js"]  # imported by chart.js
    total = len(gzip.compress(html, 9))
    for asset in {*assets, *modules}:
        path = finders.find(asset.decode())
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read(), 9))
    assert total <= BUDGET, f"{total / 1024:.1f} KB"


def test_no_asset_comes_from_another_origin(client):
    html = client.get("/").content.decode()
    assert not re.search(r'(?:href|src)="(?:https?:)?//', html)


def test_chart_page_is_sent_compressed_in_at_most_40_kb_with_at_most_1500_elements(client):
    """Counted as a browser with JavaScript builds them: what is inside <noscript> is text."""
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= 40 * 1024, f"{len(response.content) / 1024:.1f} KB"
    html = gzip.decompress(response.content).decode()
    built = re.sub(r"<noscript>.*?</noscript>", "", html, flags=re.DOTALL)
    elements = len(re.findall(r"<[a-zA-Z]", built))
    assert elements <= 1500, elements


def test_every_region_not_yet_marked_has_its_strength_and_kind_of_pain_for_use_without_js(
    client,
):
    html = client.get("/").content.decode()
    spares = re.findall(r"<noscript>(.*?)</noscript>", html, flags=re.DOTALL)
    strengths = [spare for spare in spares if 'type="number" name="intensity-' in spare]
    assert len(strengths) == 129
    assert all(spare.count('type="radio"') == 3 for spare in strengths)


def test_every_page_answers_head_like_get(client):
    for url in ["/", "/muscles/", "/techniques/", "/muscles/trapezius/", "/api/health/"]:
        assert client.head(url).status_code == 200, url
