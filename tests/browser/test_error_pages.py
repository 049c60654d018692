"""The error page people meet when they are throttled (and, with the same template, when
the database is down): it says what happened and when to retry, and passes axe."""

from playwright.sync_api import expect

from tests.browser.conftest import new_page
from tests.browser.test_chart import axe_violations


def test_a_throttled_results_request_shows_a_clear_accessible_page(browser, site, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "match": "1/min",
        },
    }
    page = new_page(browser, javascript=False)
    for expected in (200, 429):
        page.goto(site)
        page.locator("#region-list").get_by_label("Left temple", exact=True).check()
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Find my trigger points").click()
        assert navigation.value.status == expected
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many requests")
    expect(page.get_by_text("Please try again in")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the body chart")).to_be_visible()
    assert axe_violations(page) == []
    page.context.close()
