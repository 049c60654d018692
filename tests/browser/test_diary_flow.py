"""Sign up, mark pain, save it to the diary, find it in the timeline, log a treatment and
see it in “what helped”, change it, see the trend and body maps, rate the functional
scale, compare two entries; every new page has no axe violations and fits 360 px."""

import re

from tests.browser.conftest import new_page
from tests.browser.test_chart import axe_violations

PASSWORD = "correct-horse-battery-41"


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def check(page, width: int, what: str) -> None:
    assert axe_violations(page) == [], what
    assert fits(page, width), f"{what} is wider than {width} px"


def test_sign_up_save_to_diary_timeline_and_a_treatment(browser, site, artifacts):
    for width in (360, 1280):
        page = new_page(browser, width=width)
        page.goto(f"{site}/account/sign-up/")
        check(page, width, "sign-up")
        page.locator("#id_username").fill(f"alice{width}")
        page.locator("#id_password1").fill(PASSWORD)
        page.locator("#id_password2").fill(PASSWORD)
        page.get_by_role("button", name="Create my account").click()
        page.wait_for_url("**/account/")
        check(page, width, "account")

        page.goto(site)
        page.locator('.chart--interactive [data-region="temple-r"]').first.focus()
        page.keyboard.press("Space")
        page.get_by_role("button", name="Find my trigger points").click()
        page.wait_for_selector("#results-slot .result")
        page.get_by_role("button", name="Save to my diary").click()
        page.wait_for_url("**/diary/new/")
        assert "Right temple" in page.locator(".mark-summary").inner_text()
        check(page, width, "new entry")
        page.get_by_role("button", name="Save to my diary").click()
        assert "This field is required" in page.content()
        page.locator("#id_overall_pain input[value='6']").check()
        page.locator("#id_notes").fill("after a long drive")
        page.get_by_role("button", name="Save to my diary").click()
        page.wait_for_url(re.compile(r".*/diary/\d+/$"))
        assert "after a long drive" in page.content()
        check(page, width, "entry")
        page.screenshot(path=str(artifacts / f"diary-entry-{width}.png"), full_page=True)

        page.get_by_role("button", name=re.compile("^I treated this")).first.click()
        page.wait_for_url("**/diary/treatments/")
        check(page, width, "treatments form")
        page.locator("#id_technique").select_option("sustained-pressure")
        page.locator("#id_pain_before").select_option("6")
        page.locator("#id_pain_after").select_option("3")
        page.get_by_role("button", name="Save this treatment").click()
        page.wait_for_selector(".recent-treatments li")
        assert "pain 6 → 3" in page.content()
        assert page.locator(".helped tbody tr").filter(has_text="Sustained pressure").count() == 1
        check(page, width, "treatments")
        page.get_by_role("link", name=re.compile("^Change")).first.click()
        check(page, width, "treatment edit")
        page.locator("#id_minutes").fill("4")
        page.get_by_role("button", name="Save the changes").click()
        assert "4 min; pain 6 → 3" in page.locator(".recent-treatments").inner_text()

        page.get_by_role("link", name="My diary").click()
        assert page.locator(".timeline-entry").count() == 1
        assert "6/10" in page.locator(".timeline-entry").inner_text()
        check(page, width, "timeline")
        page.screenshot(path=str(artifacts / f"diary-timeline-{width}.png"), full_page=True)

        page.get_by_role("link", name="Start from my last map").click()
        assert page.locator("#pick-temple-r").is_checked()
        page.get_by_role("button", name="Find my trigger points").click()
        page.wait_for_selector("#results-slot .result")
        page.get_by_role("button", name="Save to my diary").click()
        page.wait_for_url("**/diary/new/")
        page.locator("#id_overall_pain input[value='3']").check()
        page.get_by_role("button", name="Save to my diary").click()
        page.wait_for_url(re.compile(r".*/diary/\d+/$"))
        page.get_by_role("link", name="My diary").click()
        assert page.locator(".timeline-entry").count() == 2

        page.get_by_role("link", name="Progress: trend and body maps").click()
        page.wait_for_url("**/diary/progress/")
        numbers = page.locator(".range-numbers").inner_text()
        assert "2 on 1 day" in numbers and "4.5/10 (worst 6)" in numbers
        assert page.locator(".plot-svg polyline, .plot-svg circle").count() > 0
        page.get_by_text("The numbers, day by day").click()
        assert "4.5" in page.locator(".data-table tbody tr").first.inner_text()
        area = page.locator(".progress-table tbody tr").filter(has_text="Right temple")
        assert "100 %" in area.inner_text()
        assert page.locator(".maps-grid .chart-view").count() >= 4
        check(page, width, "progress")
        page.screenshot(path=str(artifacts / f"diary-progress-{width}.png"), full_page=True)
        page.get_by_role("link", name="My pain diary").click()

        page.get_by_role("link", name="Measures").click()
        for activity in ("Reversing the car", "Sleeping on my side", "Carrying shopping"):
            page.locator("#id_name").fill(activity)
            page.get_by_role("button", name="Add this activity").click()
        for select, score in zip(page.locator("select[name^=score-]").all(), "345", strict=True):
            select.select_option(score)
        page.get_by_role("button", name="Save these ratings").click()
        assert "4.0" in page.locator(".measure-history").first.inner_text()
        check(page, width, "measures")
        page.get_by_role("link", name="My pain diary").click()

        for box in page.locator(".compare-pick input").all():
            box.check()
        page.get_by_role("button", name="Compare the two ticked entries").click()
        page.wait_for_url("**/diary/compare/**")
        assert "the same" in page.locator(".compare-table").inner_text()
        check(page, width, "compare")
        page.get_by_role("link", name="My pain diary").click()

        page.locator(".timeline-entry a").first.click()
        page.get_by_role("link", name="Delete…").click()
        check(page, width, "delete")
        page.get_by_role("button", name="Delete it").click()
        assert page.locator(".timeline-entry").count() == 1

        page.get_by_role("button", name="Log out").click()
        page.goto(f"{site}/account/log-in/")
        check(page, width, "log-in")
        page.context.close()
