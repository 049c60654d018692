"""The results on a phone: the button is busy while waiting (one request however often it is
pressed), the results say when the map changed, a trigger-point page leads back to the same
results, and the printout fits two pages (the technique pages print cleanly too)."""

from playwright.sync_api import expect

from tests.browser.conftest import new_page
from tests.browser.test_chart import axe_violations

# Records whether the submit button was ever disabled, and its text then.
WATCH_BUTTON = """() => {
  const button = document.querySelector('.chart-form button[type=submit]');
  window.__busy = [];
  new MutationObserver(() => { if (button.disabled) window.__busy.push(button.textContent); })
    .observe(button, { attributes: true, childList: true, subtree: true });
}"""


def mark(page, *slugs):
    for slug in slugs:
        page.locator(f'.chart--interactive [data-region="{slug}"]').first.focus()
        page.keyboard.press("Space")


def pdf_pages(page) -> int:
    pdf = page.pdf(format="A4")
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_the_button_is_busy_while_waiting_and_a_second_press_sends_nothing(browser, site):
    page = new_page(browser, width=360, height=780)
    page.goto(site)
    mark(page, "temple-r")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.evaluate(WATCH_BUTTON)
    page.evaluate(
        """() => { const b = document.querySelector('.chart-form button[type=submit]');
        b.click(); b.click(); b.form.requestSubmit(); }"""
    )
    expect(page.locator("#results-slot article.result").first).to_be_visible()
    assert page.evaluate("window.__busy")[0] == "Finding your trigger points…"
    assert len(posts) == 1
    button = page.get_by_role("button", name="Find my trigger points")
    expect(button).to_be_enabled()
    page.context.close()


def test_the_results_say_so_when_the_map_changes_and_update_on_request(browser, site):
    page = new_page(browser, width=360, height=780)
    page.goto(site)
    mark(page, "temple-r")
    page.get_by_role("button", name="Find my trigger points").click()
    expect(page.locator("#results-slot article.result").first).to_be_visible()
    notice = page.locator("#map-changed")
    expect(notice).to_be_hidden()
    mark(page, "neck-side-r")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("You have changed your pain map")
    assert axe_violations(page) == []
    notice.get_by_role("button", name="Update my results").click()
    expect(page.locator("#map-changed")).to_be_hidden()
    expect(page.locator("#results-slot")).to_contain_text("right side of the neck")
    page.context.close()


def test_a_trigger_point_page_leads_back_to_the_same_results_with_nothing_in_the_url(browser, site):
    page = new_page(browser, width=360, height=780)
    page.goto(site)
    mark(page, "temple-r", "neck-side-r")
    page.get_by_role("button", name="Find my trigger points").click()
    first = page.locator("#results-slot article.result").first
    expect(first).to_be_visible()
    card_id = first.get_attribute("id")
    first.locator("h3 a").click()
    page.wait_for_url("**/trigger-points/**")
    assert "temple" not in page.url and "neck" not in page.url
    back = page.get_by_role("link", name="Back to your results")
    expect(back).to_be_visible()
    back.click()
    expect(page.locator(f"#results-slot #{card_id}")).to_be_visible()
    assert page.url == site + "/"
    expect(page.locator("#selected-marks li.mark")).to_have_count(2)
    page.context.close()


def test_without_having_come_from_results_there_is_no_way_back_link(browser, site):
    page = new_page(browser)
    page.goto(site + "/trigger-points/trapezius-upper-1/")
    expect(page.get_by_role("link", name="Back to your results")).to_be_hidden()
    page.context.close()


def test_results_print_on_at_most_two_pages_without_buttons_or_charts(browser, site):
    page = new_page(browser)
    page.goto(site)
    mark(page, "temple-r", "neck-side-r", "neck-back-r", "shoulder-top-r", "jaw-r")
    page.get_by_role("button", name="Find my trigger points").click()
    expect(page.locator("#results-slot article.result").first).to_be_visible()
    assert pdf_pages(page) <= 2
    page.emulate_media(media="print")
    expect(page.locator(".print-summary")).to_be_visible()
    expect(page.locator(".print-summary")).to_contain_text("Right temple 5/10")
    expect(page.locator(".what-now")).to_be_visible()
    expect(page.locator(".results .result").first.locator(".first-steps")).to_be_visible()
    assert page.locator("button:visible, .chart:visible, svg.chart-view:visible").count() == 0
    page.context.close()


def test_technique_pages_print_without_navigation_or_buttons(browser, site):
    page = new_page(browser)
    page.goto(site + "/techniques/sustained-pressure/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator(".site-header:visible, .skip-link:visible, button:visible").count() == 0
    assert page.locator(".columns").evaluate("e => getComputedStyle(e).columnCount") == "3"
    assert pdf_pages(page) <= 4  # the cautions and who should not use it are printed whole
    page.context.close()
