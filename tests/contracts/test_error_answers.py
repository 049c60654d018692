"""Inputs found to give a 500 before: each now gets a clear answer."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_the_muscle_search_is_a_400_naming_the_search(client):
    response = client.get("/muscles/", {"q": "trap\x00ezius"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Search text: it contains an invisible control character" in html
    assert 'aria-invalid="true"' in html
    assert "Trapezius" not in html


def test_a_plain_muscle_search_still_finds_the_muscle(client):
    response = client.get("/muscles/", {"q": "traps"})
    assert response.status_code == 200
    assert "Trapezius" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_options_on_the_api_docs_lists_the_allowed_methods(client, url):
    response = client.options(url)
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("url", ["/api/nothing-here/", "/api/muscles/no-such-muscle/"])
def test_a_404_under_the_api_is_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


def test_a_404_elsewhere_is_the_html_page(client):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_missing_slash_under_the_api_still_redirects(client):
    response = client.get("/api/muscles")
    assert response.status_code == 301
    assert response["Location"] == "/api/muscles/"
