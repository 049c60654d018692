"""Browser tests: Playwright for Python driving Debian's Chromium against the live server."""

import os
from pathlib import Path

import pytest

from apps.bodymap.models import Region
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import load_reference_data

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test body are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def reference_data(transactional_db):
    """Live-server tests empty the database afterwards; load the reference data again."""
    if not Region.objects.exists():
        load_reference_data()


@pytest.fixture
def site(live_server, reference_data):
    return live_server.url


def new_page(browser, *, width=1280, height=900, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(browser, site):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


INSIDE_POINT = """(shape) => {
  const box = shape.getBBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  let best = null;
  for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
    const p = new DOMPoint(box.x + box.width * i / 24, box.y + box.height * j / 24);
    if (!shape.isPointInFill(p)) continue;
    const d = (p.x - cx) ** 2 + (p.y - cy) ** 2;
    if (!best || d < best.d) best = {p, d};
  }
  const q = best.p.matrixTransform(shape.getScreenCTM());
  return [q.x, q.y];
}"""


def click_region(page, slug: str, view: str = "front") -> None:
    """Click with the mouse at a point inside the region's shape (its box centre may not be)."""
    shape = page.locator(
        f'.chart-view--{view} .chart--interactive [data-region="{slug}"], '
        f'.chart--interactive .chart-view--{view} [data-region="{slug}"]'
    ).first
    shape.scroll_into_view_if_needed()
    x, y = shape.evaluate(INSIDE_POINT)
    page.mouse.click(x, y)
