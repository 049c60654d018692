"""Screenshots of a running app, for looking at pages as a user would.

Usage: .venv/bin/python scripts/screenshot.py URL OUT.png [--width 1280] [--full]
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--click", action="append", default=[], help="region slugs to select")
    parser.add_argument("--submit", action="store_true")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        page.goto(args.url)
        for slug in args.click:
            page.locator(f'.chart--interactive [data-region="{slug}"]').first.focus()
            page.keyboard.press("Space")
        if args.submit:
            page.get_by_role("button", name="Find my trigger points").click()
            page.wait_for_selector("#results-slot .result")
        page.screenshot(path=args.out, full_page=args.full)
        browser.close()


if __name__ == "__main__":
    main()
