import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_region_list_and_detail(client):
    regions = client.get("/api/regions/").json()
    assert len(regions) == 129
    assert client.get("/api/regions/temple-r/").json() == {
        "slug": "temple-r",
        "name": "Right temple",
        "view": "front",
        "side": "r",
        "area": "head",
    }


def test_muscle_list_and_detail(client):
    muscles = client.get("/api/muscles/").json()
    assert len(muscles) >= 110
    soleus = client.get("/api/muscles/soleus/").json()
    assert soleus["name"] == "Soleus"
    assert {"name", "steps", "hold"} <= set(soleus["stretch"])
    assert len(soleus["trigger_points"]) >= 3


def test_trigger_point_detail_has_right_side_referral_and_everything_to_self_treat(client):
    point = client.get("/api/trigger-points/temporalis-1/").json()
    assert point["side"] == "r"
    assert point["muscle"] == {"slug": "temporalis", "name": "Temporalis"}
    assert "temple-r" in point["referral"]["essential"]
    assert all(not slug.endswith("-l") for slug in point["referral"]["essential"])
    assert point["location"]["region"] == "temple-r"
    assert {"description", "view", "x", "y"} <= set(point["location"])
    assert point["self_care"][0]["steps"]
    assert point["sources"][0]["text"]


def test_list_shapes_for_trigger_points_and_techniques(client):
    points = client.get("/api/trigger-points/").json()
    assert len(points) >= 180
    assert set(points[0]) == {"slug", "name", "muscle", "prevalence", "url"}
    techniques = client.get("/api/techniques/").json()
    assert {t["slug"] for t in techniques} >= {"deep-stroking-massage", "dry-needling"}
    detail = client.get("/api/techniques/ice-massage/").json()
    assert detail["evidence"] and detail["contraindications"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/regions/tail-r/",
        "/api/muscles/peroneus-longus/",
        "/api/trigger-points/nope/",
        "/api/techniques/cupping/",
    ],
)
def test_unknown_slug_is_404(client, url):
    assert client.get(url).status_code == 404


def test_openapi_schema_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert "/api/match/" in schema["paths"]
    assert "/api/trigger-points/{slug}/" in schema["paths"]


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_are_served_without_anything_from_elsewhere(client, url):
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in html
    assert "https://" not in html and "cdn" not in html.lower()
    assert "default-src 'self'" in response["Content-Security-Policy"]
