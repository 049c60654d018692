import re

import pytest

pytestmark = pytest.mark.django_db

# The footer of every page also says "not a diagnosis": look for the notice in the page itself.
DISCLAIMER = "<strong>Self-help information, not a diagnosis.</strong>"


def main_content(html: str) -> str:
    return html.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def test_muscle_index_groups_muscles_by_body_area(client):
    html = client.get("/muscles/").content.decode()
    assert '<h2 id="area-head-and-face">Head and face</h2>' in html
    assert '<h2 id="area-leg-and-foot">Lower leg and foot</h2>' in html
    assert html.index("Temporalis") < html.index("Soleus")


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("SCM", "sternocleidomastoid"),
        ("peroneus longus", "fibularis-longus"),
        ("traps", "trapezius"),
        ("QL", "quadratus-lumborum"),
        ("soleus", "soleus"),
    ],
)
def test_search_by_name_or_alias_finds_the_muscle(client, query, slug):
    html = client.get("/muscles/", {"q": query}).content.decode()
    assert f'href="/muscles/{slug}/"' in html


def test_search_without_match_says_so(client):
    html = client.get("/muscles/", {"q": "xylophone"}).content.decode()
    assert "No muscle matches “xylophone”" in html
    assert 'href="/muscles/temporalis/"' not in html


def test_muscle_page_lists_its_trigger_points_and_stretch(client):
    html = client.get("/muscles/trapezius/").content.decode()
    assert "<h1>Trapezius</h1>" in html
    assert html.count('class="tp-card"') >= 6
    assert "Stretch:" in html


def test_trigger_point_page_shows_its_pattern_on_the_chart(client):
    response = client.get("/trigger-points/temporalis-1/")
    html = response.content.decode()
    assert response.status_code == 200
    essential = re.findall(r'class="region is-essential" data-region="([a-z-]+)"', html)
    spillover = re.findall(r'class="region is-spillover" data-region="([a-z-]+)"', html)
    assert "temple-r" in essential
    assert all(slug.endswith("-r") or "-" not in slug[-2:] for slug in essential)
    assert 'fill="url(#pattern-spillover)"' in html or not spillover
    assert 'class="tp-marker"' in html
    for heading in ("How to find it", "Treat it yourself", "Take care", "Sources"):
        assert heading in html
    assert DISCLAIMER in main_content(html)


def test_trigger_point_page_shows_the_mirrored_left_pattern(client):
    html = client.get("/trigger-points/temporalis-1/", {"side": "l"}).content.decode()
    essential = re.findall(r'class="region is-essential" data-region="([a-z-]+)"', html)
    assert "temple-l" in essential and "temple-r" not in essential


def test_technique_pages_list_the_trigger_points_they_suit(client):
    index = client.get("/techniques/").content.decode()
    assert 'href="/techniques/deep-stroking-massage/"' in index
    assert 'href="/techniques/dry-needling/"' in index
    html = client.get("/techniques/deep-stroking-massage/").content.decode()
    assert "What the evidence says" in html
    assert 'href="/trigger-points/' in html


@pytest.mark.parametrize(
    "url", ["/muscles/no-such-muscle/", "/trigger-points/nope-1/", "/techniques/cupping/"]
)
def test_unknown_slugs_are_404(client, url):
    assert client.get(url).status_code == 404


def test_any_muscle_trigger_point_or_technique_is_two_clicks_from_the_chart(client):
    chart = client.get("/").content.decode()
    assert 'href="/muscles/"' in chart and 'href="/techniques/"' in chart
    muscles = client.get("/muscles/").content.decode()
    assert 'href="/muscles/soleus/"' in muscles
    techniques = client.get("/techniques/").content.decode()
    assert 'href="/techniques/heat/"' in techniques


@pytest.mark.parametrize(
    "url",
    [
        "/muscles/",
        "/muscles/temporalis/",
        "/trigger-points/temporalis-1/",
        "/techniques/",
        "/techniques/deep-stroking-massage/",
    ],
)
def test_every_knowledge_page_states_its_disclaimer_above_the_footer(client, url):
    html = client.get(url).content.decode()
    assert DISCLAIMER in main_content(html)
    assert DISCLAIMER not in html.split("</main>", 1)[1]
