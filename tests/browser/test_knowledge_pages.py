import pytest

from tests.browser.test_chart import axe_violations


@pytest.mark.parametrize(
    "path",
    [
        "/trigger-points/",
        "/self-care/when-to-stop/",
        "/self-care/beyond/",
        "/trigger-points/popliteus-1/",
        "/trigger-points/sternocleidomastoid-sternal-mid/",
        "/techniques/sustained-pressure/",
        "/muscles/piriformis/",
    ],
)
def test_the_safety_pages_have_no_accessibility_violations(page, site, path):
    page.goto(site + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == [], path
