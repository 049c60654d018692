"""The chart on a 360 px touch phone, with the keyboard only, and without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_page

# Points well inside a shape (3 px from any edge in every direction), as page coordinates:
# its visual centre when that is inside, else the inside point nearest to it, plus up to four
# more spread over the shape.
INNER_POINTS = """(shape) => {
  const ctm = shape.getScreenCTM();
  const inv = ctm.inverse();
  const box = shape.getBoundingClientRect();
  const inside = (x, y) => [[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) =>
    shape.isPointInFill(new DOMPoint(x + dx, y + dy).matrixTransform(inv)));
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const found = [];
  for (let i = 1; i < 16; i++) for (let j = 1; j < 16; j++) {
    const x = box.left + box.width * i / 16, y = box.top + box.height * j / 16;
    if (inside(x, y)) found.push([x, y, (x - cx) ** 2 + (y - cy) ** 2]);
  }
  found.sort((a, b) => a[2] - b[2]);
  const picks = found.length ? [found[0]] : [];
  for (const k of [0.25, 0.5, 0.75, 0.99]) {
    const p = found[Math.floor(found.length * k)];
    if (p && !picks.includes(p)) picks.push(p);
  }
  return picks.map(([x, y]) => [x + window.scrollX, y + window.scrollY]);
}"""

# Cumulative layout shift as browsers score it (shifts right after an input do not count).
LAYOUT_SHIFT = """() => { window.__shift = 0; new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true }); }"""

# Where every shape of the chart is on the page.
SHAPE_BOXES = """() => [...document.querySelectorAll('.chart--interactive .region')].map((s) => {
  const r = s.getBoundingClientRect();
  return [Math.round(r.left + scrollX), Math.round(r.top + scrollY), Math.round(r.width)];
})"""


def phone(browser, **options):
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, has_touch=True, is_mobile=True, **options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def tap_at_page_point(page, x: float, y: float) -> None:
    """Scroll the point to the middle of the screen and tap it with a finger."""
    page.evaluate("(y) => window.scrollTo(0, y - 390)", y)
    scroll_x, scroll_y = page.evaluate("[window.scrollX, window.scrollY]")
    page.touchscreen.tap(x - scroll_x, y - scroll_y)


def shapes(page):
    return page.locator(".chart--interactive .region")


def test_a_tap_anywhere_inside_every_region_selects_that_region_on_a_360_px_phone(browser, site):
    page = phone(browser)
    page.goto(site)
    page.evaluate(LAYOUT_SHIFT)
    boxes = page.evaluate(SHAPE_BOXES)
    misses = []
    regions = shapes(page)
    for index in range(regions.count()):
        shape = regions.nth(index)
        slug = shape.get_attribute("data-region")
        view = shape.evaluate("s => s.closest('figure').className")
        points = shape.evaluate(INNER_POINTS)
        assert points, f"{slug} ({view}) has no inside point 3 px from its edges"
        for x, y in points:
            before = shape.get_attribute("aria-checked")
            tap_at_page_point(page, x, y)
            after = shape.get_attribute("aria-checked")
            if after == before:
                misses.append(f"{slug} at {x:.0f},{y:.0f} ({view})")
            else:
                label = page.locator("#tap-label")
                expect(label).to_be_visible()
                expect(label).to_contain_text(shape.get_attribute("aria-label"))
    assert misses == []
    assert page.evaluate(SHAPE_BOXES) == boxes, "the chart moved or changed size under the finger"
    assert page.evaluate("window.__shift") == 0
    page.context.close()


SMALL_PARTS = (
    "temple-r eye-l jaw-r chest-upper-l ear-r ankle-front-l toes-r fingers-l coccyx perineum"
)


@pytest.mark.parametrize("slug", SMALL_PARTS.split())
def test_the_first_tap_on_a_fresh_page_selects_the_small_part_under_the_finger(browser, site, slug):
    page = phone(browser)
    page.goto(site)
    shape = page.locator(f'.chart--interactive [data-region="{slug}"]').first
    x, y = shape.evaluate(INNER_POINTS)[0]
    tap_at_page_point(page, x, y)
    expect(page.locator(".chart--interactive [aria-checked='true']")).to_have_count(
        page.locator(f'.chart--interactive [data-region="{slug}"]').count()
    )
    expect(shape).to_have_attribute("aria-checked", "true")
    expect(page.locator("#tap-label")).to_contain_text(shape.get_attribute("aria-label"))
    page.context.close()


def test_marking_three_regions_and_submitting_takes_at_most_25_key_presses(browser, site):
    page = new_page(browser)
    page.goto(site)
    presses = 0

    def press(key: str) -> None:
        nonlocal presses
        presses += 1
        page.keyboard.press(key)

    press("Tab")  # the skip link, as a keyboard user would use it
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    press("Enter")
    while not page.evaluate("!!document.activeElement.closest('.chart--interactive')"):
        press("Tab")
        assert presses < 10
    focused = page.locator(".chart--interactive .region:focus")
    expect(focused).to_have_attribute("data-region", "vertex")
    press("ArrowDown")  # from the top of the head, down to the forehead
    press("Space")
    first = focused.get_attribute("data-region")
    press("ArrowRight")
    press("Enter")
    second = focused.get_attribute("data-region")
    press("End")
    press("Space")
    third = focused.get_attribute("data-region")
    assert len({first, second, third}) == 3
    marked = page.locator("#selected-marks li.mark")
    expect(marked).to_have_count(3)
    button = page.get_by_role("button", name="Find my trigger points")
    while not button.evaluate("b => b === document.activeElement"):
        press("Tab")
        assert presses < 40
    press("Enter")
    expect(page.locator("#results-slot article.result").first).to_be_visible()
    assert presses <= 25, presses  # 22 today: 3 to reach the chart, 6 to mark, 13 to submit
    page.context.close()


def test_the_chart_is_one_tab_stop_and_arrows_move_to_the_neighbour_in_that_direction(page, site):
    page.goto(site)
    page.locator(".chart--interactive .region").first.focus()
    # The chart's shapes: exactly one is in the Tab order at a time.
    assert page.locator('.chart--interactive .region[tabindex="0"]').count() == 1
    page.keyboard.press("Tab")
    assert not page.evaluate("!!document.activeElement.closest('.chart--interactive')")
    page.keyboard.press("Shift+Tab")
    focused = page.locator(".chart--interactive .region:focus")
    expect(focused).to_have_attribute("data-region", "vertex")
    page.keyboard.type("temple")
    expect(focused).to_have_attribute("aria-label", "Right temple")
    # The front view shows the patient's right on the left of the picture.
    page.keyboard.press("ArrowRight")
    assert focused.evaluate("s => s.getBoundingClientRect().x") > page.locator(
        '.chart-view--front [data-region="temple-r"]'
    ).evaluate("s => s.getBoundingClientRect().x")
    page.keyboard.press("Home")
    expect(focused).to_have_attribute("data-region", "vertex")
    page.keyboard.press("Space")
    expect(page.locator("#selected-marks li.mark")).to_have_count(1)


def test_without_javascript_the_picture_has_no_tab_stops_and_nothing_claims_nothing_marked(
    browser, site
):
    page = new_page(browser, javascript=False)
    page.goto(site)
    assert page.locator(".chart [tabindex], .chart [role=checkbox]").count() == 0
    expect(page.locator(".chart-area .notice")).to_contain_text("The picture needs JavaScript")
    page.locator("#region-list").get_by_label("Right heel", exact=True).check()
    expect(page.get_by_text("Nothing marked yet")).to_be_hidden()
    order = page.evaluate(
        """() => {
          const list = document.getElementById('region-list');
          const button = [...document.querySelectorAll('button[type=submit]')].at(-1);
          return !!(list.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert order, "the list of body areas must come before the submit button"
    page.context.close()


def test_the_open_warning_signs_are_one_tab_stop_arrows_move_and_space_ticks(page, site):
    page.goto(site)
    page.locator('.chart--interactive [data-region="forehead-r"]').click()
    asked = page.locator('#warning-signs [data-asked] input[name="symptoms"]')
    assert asked.count() > 3
    first, second = asked.nth(0), asked.nth(1)
    page.locator("#region-list summary").focus()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    expect(page.locator("#warning-signs-keys")).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(second).to_be_focused()
    page.keyboard.press("Space")
    expect(second).to_be_checked()
    page.keyboard.press("End")
    expect(asked.last).to_be_focused()
    page.keyboard.press("Tab")  # out of the questions: the next stop after them
    assert not page.evaluate("document.activeElement.name === 'symptoms'")
    page.keyboard.press("Shift+Tab")  # back in: to the question last focused
    expect(asked.last).to_be_focused()
    assert page.locator('#warning-signs [data-asked] input[tabindex="0"]').count() == 1


def test_a_browser_with_javascript_builds_at_most_1500_elements_for_the_chart_page(page, site):
    page.goto(site)
    assert page.evaluate("document.getElementsByTagName('*').length") <= 1500
    page.locator('.chart--interactive [data-region="calf-l"]').first.click()
    row = page.locator('#selected-marks li[data-region="calf-l"]')
    row.get_by_label("when I move").check()
    expect(row.get_by_label("Strength of pain, Left calf, 1 to 10")).to_have_value("5")
