import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import click_region, new_page

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
    ]


def region(page, slug, view="front"):
    return page.locator(f'.chart--interactive .chart-view--{view} [data-region="{slug}"]')


def test_select_with_mouse_and_keyboard_set_intensity_and_see_results(page, site, artifacts):
    page.goto(site)
    click_region(page, "temple-r", "front")
    click_region(page, "low-back-l", "back")
    expect(region(page, "temple-r")).to_have_attribute("aria-checked", "true")
    expect(region(page, "low-back-l", "back")).to_have_attribute("aria-checked", "true")

    region(page, "vertex").focus()
    page.keyboard.type("forehead")
    expect(region(page, "forehead-r")).to_be_focused()
    page.keyboard.press("Space")
    expect(region(page, "forehead-r")).to_have_attribute("aria-checked", "true")
    page.keyboard.press("Space")
    expect(region(page, "forehead-r")).to_have_attribute("aria-checked", "false")
    page.keyboard.press("Enter")
    expect(region(page, "forehead-r")).to_have_attribute("aria-checked", "true")

    panel = page.locator("#selected-marks")
    expect(panel.locator("li.mark")).to_have_count(3)
    panel.get_by_label("Strength of pain, Right temple").fill("8")
    panel.locator('li[data-region="low-back-l"]').get_by_label("only when pressed").check()
    expect(region(page, "temple-r")).to_have_attribute("fill", "url(#pattern-selected-8)")
    page.screenshot(path=artifacts / "chart-selected.png")

    page.get_by_role("button", name="Find my trigger points").click()
    results = page.locator("#results-slot")
    expect(results.locator("article.result").first).to_be_visible()
    expect(results.get_by_role("heading", name="Most likely together")).to_be_visible()
    assert 1 <= results.locator("article.result").count() <= 20


def test_without_javascript_the_form_posts_and_the_assessment_shows_the_selection(browser, site):
    page = new_page(browser, javascript=False)
    page.goto(site)
    page.locator("#region-list").get_by_label("Right heel", exact=True).check()
    page.locator('input[name="intensity-heel-r"]').fill("7")
    page.locator("#region-list").get_by_label("Left temple", exact=True).check()
    page.get_by_role("button", name="Find my trigger points").click()
    expect(page).to_have_url(re.compile(r"/assessment/$"))
    page.get_by_text("Your pain map (2 areas)").click()
    expect(page.locator(".mark-summary")).to_contain_text("Right heel: 7/10, hurts on its own")
    expect(page.locator(".mark-summary")).to_contain_text("Left temple: 5/10")
    page.context.close()


def test_bad_selection_is_refused_and_kept(browser, site):
    page = new_page(browser, javascript=False)
    page.goto(site)
    page.get_by_role("button", name="Find my trigger points").click()
    expect(page.get_by_role("alert")).to_contain_text("Mark at least one painful area")
    page.context.close()


def test_chart_page_has_no_accessibility_violations(page, site):
    page.goto(site)
    click_region(page, "neck-side-l", "front")
    click_region(page, "scapula-r", "back")
    page.get_by_text("All warning signs").click()
    assert axe_violations(page) == []


def test_chart_fits_a_360_px_phone_without_horizontal_scrolling(browser, site, artifacts):
    page = new_page(browser, width=360, height=780)
    page.goto(site)
    click_region(page, "shoulder-top-r", "back")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.screenshot(path=artifacts / "chart-phone.png", full_page=False)
    page.context.close()


def test_every_region_has_a_name_shown_on_hover(page, site):
    page.goto(site)
    region(page, "calf-l", "back").hover()
    expect(page.locator("#region-hover")).to_have_text("Left calf")
    names = page.locator(".chart--interactive [data-region]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert len(names) == 130 and all(names)
