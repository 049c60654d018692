import re

from playwright.sync_api import expect

from tests.browser.conftest import click_region, new_page
from tests.browser.test_chart import axe_violations


def ranked(page, *, pressable=False):
    """Card keys (`slug:side`) in rank order; `pressable`: only cards that offer the
    press-to-check buttons (not those whose self-care is withheld)."""
    cards = page.locator("article.result").evaluate_all(
        "els => els.map(e => [Number(e.querySelector('.result-rank').textContent),"
        " e.dataset.slug + ':' + e.dataset.side, !!e.querySelector('button[name=confirm]')])"
    )
    return [key for _, key, can in sorted(cards) if can or not pressable]


def above(page, first, second) -> bool:
    """Whether `first` starts above `second` on the page (one measurement, no scrolling)."""
    return page.evaluate(
        "([a, b]) => a.getBoundingClientRect().top < b.getBoundingClientRect().top",
        [first.element_handle(), second.element_handle()],
    )


def tick(page, symptom):
    """Tick a warning sign, opening its group first when it is folded away."""
    box = page.locator(f'input[name="symptoms"][value="{symptom}"]').first
    if not box.is_visible():
        page.locator(f'details:has(input[name="symptoms"][value="{symptom}"]) > summary').click()
    box.check()


def card(page, key):
    slug, side = key.split(":")
    return page.locator(f'article.result[data-slug="{slug}"][data-side="{side}"]')


def test_chart_results_confirm_deny_and_trigger_point_page(page, site, artifacts):
    page.goto(site)
    click_region(page, "temple-l", "front")
    click_region(page, "neck-side-l", "front")
    page.get_by_role("button", name="Find my trigger points").click()
    expect(page.locator("#results-slot article.result").first).to_be_visible()
    before = ranked(page, pressable=True)
    chosen = before[6]

    card(page, chosen).get_by_role("button", name="Pressing here brings on my pain").click()
    expect(page.locator("#results-slot").get_by_text("you confirmed it")).to_be_visible()
    # One numbering down the page: a confirmed point is in the "together" set or heads the rest.
    keys = "els => els.map(e => e.dataset.slug + ':' + e.dataset.side)"
    together = page.locator("#results-slot .together article.result").evaluate_all(keys)
    rest = page.locator(
        "#results-slot section[aria-labelledby=all-heading] article.result"
    ).evaluate_all(keys)
    assert chosen in together or rest[0] == chosen
    expect(card(page, chosen).locator(".badge")).to_have_text("Active: you recognised your pain")

    first_other = ranked(page, pressable=True)[1]
    card(page, first_other).get_by_role("button", name="Not tender there").click()
    expect(card(page, first_other).locator(".result-match")).to_contain_text("not tender")
    assert ranked(page).index(first_other) > 1
    page.screenshot(path=artifacts / "results.png", full_page=False)
    assert axe_violations(page) == []

    card(page, chosen).locator(".result-title a").click()
    slug, side = chosen.split(":")
    expect(page).to_have_url(re.compile(rf"/trigger-points/{slug}/\?side={side}$"))
    # Professional-only trigger points (issue 8) show who treats them instead of self-care.
    treat = re.compile("^(Treat it yourself|Not for self-treatment)$")
    expect(page.get_by_role("heading", name=treat)).to_be_visible()
    expect(page.locator(".tp-marker")).to_have_count(1)
    assert axe_violations(page) == []


def test_red_flag_warning_stands_above_the_results(page, site):
    page.goto(site)
    click_region(page, "sternum", "front")
    click_region(page, "upper-arm-front-l", "front")
    tick(page, "chest-pressure")
    page.get_by_role("button", name="Find my trigger points").click()
    warning = page.locator("#results-slot .red-flag--emergency").first
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Emergency: call emergency services now")
    first_result = page.locator("#results-slot article.result").first
    expect(first_result).to_be_hidden()  # behind "only once a doctor has ruled out…"
    page.locator(".after-emergency > summary").click()
    assert above(page, warning, page.locator("#results-slot article.result").first)


def test_without_javascript_confirming_reranks_on_a_new_page(browser, site):
    page = new_page(browser, javascript=False)
    page.goto(site)
    page.locator("#region-list").get_by_label("Right low back", exact=True).check()
    page.get_by_role("button", name="Find my trigger points").click()
    before = ranked(page, pressable=True)
    chosen = before[4]
    card(page, chosen).get_by_role("button", name="Pressing here brings on my pain").click()
    expect(page).to_have_url(re.compile(r"/assessment/$"))
    assert ranked(page)[0] == chosen
    page.context.close()


def test_knowledge_pages_are_accessible(page, site):
    for path in ("/muscles/", "/muscles/soleus/", "/techniques/", "/techniques/heat/"):
        page.goto(site + path)
        assert axe_violations(page) == [], path


def test_belly_pain_with_fever_shows_the_warning_first_and_no_belly_self_care(page, site):
    page.goto(site)
    click_region(page, "abdomen-lower-r", "front")
    click_region(page, "abdomen-mid-r", "front")
    tick(page, "fever")
    page.get_by_role("button", name="Find my trigger points").click()
    warning = page.locator("#results-slot .red-flag").first
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("doctor")
    results = page.locator("#results-slot article.result")
    expect(results.first).to_be_visible()
    assert above(page, warning, results.first)
    assert results.count() > 0
    expect(page.locator("#results-slot .first-steps")).to_have_count(0)
    expect(
        page.locator("#results-slot").get_by_text("Pressing here brings on my pain")
    ).to_have_count(0)
    expect(results.first.locator(".care-withheld")).to_contain_text(
        "A doctor should check this first:"
    )
    assert axe_violations(page) == []


def test_both_sides_of_a_trigger_point_share_one_card_and_answer_per_side(page, site):
    page.goto(site)
    click_region(page, "calf-l", "back")
    click_region(page, "calf-r", "back")
    page.get_by_role("button", name="Find my trigger points").click()
    first = page.locator("#results-slot article.result").first
    expect(first).to_have_attribute("data-side", "both")
    expect(first.locator(".result-side")).to_have_text("(both sides)")
    expect(first.locator(".badge")).to_have_text("Possibly active")
    first.get_by_role("button", name="Pressing here brings on my pain (left)").click()
    first = page.locator("#results-slot article.result").first
    expect(first.locator(".badge")).to_have_text("Active: you recognised your pain")
    expect(first.get_by_role("button", name="Undo my answer (left)")).to_be_focused()
    expect(
        first.get_by_role("button", name="Pressing here brings on my pain (right)")
    ).to_be_visible()
    assert axe_violations(page) == []
