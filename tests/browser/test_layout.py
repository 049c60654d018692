"""Every page at 320 px: nothing scrolls sideways; axe on every kind of page, API docs too."""

from django.urls import reverse
from playwright.sync_api import expect

from apps.knowledge.models import Muscle, Technique, TriggerPoint
from tests.browser.conftest import new_page
from tests.browser.test_chart import axe_violations

WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 3).map((e) => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))"""


def every_page() -> list[str]:
    return [
        reverse("matching:chart"),
        reverse("knowledge:muscle-index"),
        reverse("knowledge:technique-index"),
        *(reverse("knowledge:muscle", args=[slug]) for slug in slugs(Muscle)),
        *(reverse("knowledge:trigger-point", args=[slug]) for slug in slugs(TriggerPoint)),
        *(reverse("knowledge:technique", args=[slug]) for slug in slugs(Technique)),
    ]


def slugs(model) -> list[str]:
    return list(model.objects.order_by("slug").values_list("slug", flat=True))


def test_no_page_scrolls_sideways_on_a_320_px_screen(browser, site):
    page = new_page(browser, width=320, height=640, javascript=False)
    wide = {}
    urls = every_page()
    assert len(urls) > 300
    for url in urls:
        page.goto(site + url, wait_until="domcontentloaded")
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            wide[url] = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert wide == {}
    page.context.close()


def test_one_page_of_each_kind_and_the_api_docs_pass_axe(browser, site):
    page = new_page(browser)
    urls = [
        reverse("knowledge:muscle-index") + "?q=neck",
        reverse("knowledge:technique-index"),
        reverse("knowledge:muscle", args=[slugs(Muscle)[0]]),
        reverse("knowledge:trigger-point", args=[slugs(TriggerPoint)[0]]),
        reverse("knowledge:technique", args=[slugs(Technique)[0]]),
        "/api/docs/",
        "/api/redoc/",
    ]
    found = {}
    for url in urls:
        page.goto(site + url)
        if url.startswith("/api/"):
            expect(page.get_by_text("Trigger-point locator API").first).to_be_visible()
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}
    page.context.close()
