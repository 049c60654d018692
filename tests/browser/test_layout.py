"""Every page at 320 px: nothing scrolls sideways; axe on every kind of page, API docs too."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.accounts.models import User
from apps.bodymap.pain_map import PainMark
from apps.diary import services
from apps.knowledge.models import Muscle, Technique, TriggerPoint
from apps.vocabulary import PainKind
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
        *PUBLIC_PAGES,
        *(reverse("knowledge:muscle", args=[slug]) for slug in slugs(Muscle)),
        *(reverse("knowledge:trigger-point", args=[slug]) for slug in slugs(TriggerPoint)),
        *(reverse("knowledge:technique", args=[slug]) for slug in slugs(Technique)),
    ]


PUBLIC_PAGES = [
    "/trigger-points/",
    "/self-care/when-to-stop/",
    "/self-care/beyond/",
    "/account/log-in/",
    "/account/sign-up/",
    "/account/password/reset/",
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
        *PUBLIC_PAGES,
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


def signed_in_pages(site: str, browser, width: int):
    """A page signed in as a user with two diary entries and a treatment, and the URLs of
    every page of the diary and the account."""
    user = User.objects.create_user(username=f"walker{width}", password="correct-horse-41")
    entries = [
        services.save_entry(
            user,
            services.EntryInput(
                felt_at=timezone.now() - timedelta(hours=hours),
                marks=(
                    PainMark("temple-r", pain, PainKind.SPONTANEOUS),
                    PainMark("neck-back-r", 4, PainKind.ON_MOVEMENT),
                ),
                symptoms=(),
                overall_pain=pain,
                notes="after a long drive",
            ),
        )
        for hours, pain in ((30, 7), (2, 4))
    ]
    client = Client()
    client.force_login(user)
    page = new_page(browser, width=width, height=640 if width == 320 else 900)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}]
    )
    first, last = (entry.pk for entry in entries)
    urls = [
        "/account/",
        "/account/password/",
        "/diary/",
        "/diary/new/",
        "/diary/treatments/",
        f"/diary/compare/?entry={first}&entry={last}",
        f"/diary/{last}/",
        f"/diary/{last}/edit/",
        f"/diary/{last}/delete/",
    ]
    return page, urls


def test_every_diary_and_account_page_fits_320_px_and_passes_axe(browser, site):
    for width in (320, 1280):
        page, urls = signed_in_pages(site, browser, width)
        wide, found = {}, {}
        for url in urls:
            response = page.goto(site + url)
            assert response.status == 200, url
            assert "/log-in/" not in page.url, url
            if page.evaluate("document.documentElement.scrollWidth") > width:
                wide[url] = page.evaluate(WIDER_THAN_THE_SCREEN)
            if violations := axe_violations(page):
                found[url] = violations
        assert wide == {}, width
        assert found == {}, width
        page.context.close()
