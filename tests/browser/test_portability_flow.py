"""Download my data from the account page, delete my account with my password, sign up
again and bring the diary back from the file; every page has no axe violations and fits
360 px."""

import re

from tests.browser.conftest import new_page
from tests.browser.test_diary_flow import PASSWORD, check


def sign_up(page, site: str, username: str) -> None:
    page.goto(f"{site}/account/sign-up/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/account/")


def test_download_delete_and_bring_my_diary_back(browser, site, artifacts, tmp_path):
    for width in (360, 1280):
        page = new_page(browser, width=width)
        username = f"carol{width}"
        sign_up(page, site, username)
        page.goto(site)
        page.locator('.chart--interactive [data-region="calf-l"]').first.focus()
        page.keyboard.press("Space")
        page.get_by_role("button", name="Find my trigger points").click()
        page.wait_for_selector("#results-slot .result")
        page.get_by_role("button", name="Save to my diary").click()
        page.wait_for_url("**/diary/new/")
        page.locator("#id_overall_pain input[value='5']").check()
        page.locator("#id_notes").fill("after the hill walk")
        page.get_by_role("button", name="Save to my diary").click()
        page.wait_for_url(re.compile(r".*/diary/\d+/$"))

        page.goto(f"{site}/account/")
        check(page, width, "account page with my data")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download everything as JSON").click()
        saved = tmp_path / f"diary-{width}.json"
        download.value.save_as(saved)
        assert download.value.suggested_filename.startswith("pain-diary-")

        page.get_by_role("link", name="Delete my account").click()
        page.wait_for_url("**/account/delete/")
        check(page, width, "delete account")
        page.get_by_label("Your password").fill("not my password")
        page.get_by_role("button", name="Delete my account and all my data").click()
        assert "That is not your password" in page.content()
        check(page, width, "delete account, wrong password")
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_role("button", name="Delete my account and all my data").click()
        page.get_by_role("heading", name="Your account has been erased").wait_for()
        check(page, width, "erased")
        page.screenshot(path=str(artifacts / f"account-erased-{width}.png"), full_page=True)

        sign_up(page, site, username)
        page.get_by_role("link", name="Bring my diary back from a JSON export").click()
        page.wait_for_url("**/account/import/")
        check(page, width, "import")
        foreign = tmp_path / "foreign.json"
        foreign.write_text('{"resourceType": "Bundle"}')
        page.get_by_label("Your export file (.json)").set_input_files(str(foreign))
        page.get_by_role("button", name="Import my diary").click()
        assert "Nothing was imported" in page.content()
        check(page, width, "import refused")
        page.get_by_label("Your export file (.json)").set_input_files(str(saved))
        page.get_by_role("button", name="Import my diary").click()
        page.get_by_role("heading", name="Your diary is back").wait_for()
        check(page, width, "imported")
        page.get_by_role("link", name="Open my pain diary").click()
        page.wait_for_url("**/diary/")
        assert "Left calf" in page.content() or "1 entry" in page.content()
        page.screenshot(path=str(artifacts / f"diary-imported-{width}.png"), full_page=True)
        page.context.close()
