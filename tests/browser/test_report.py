"""The clinician report in Chromium: a three-month diary prints on ONE page (A4 and US
Letter); the report, share and help pages have no axe violations and fit 360 px; a share
link opens without an account."""

import io
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from pypdf import PdfReader

from apps.accounts.models import User
from tests.browser.conftest import new_page
from tests.browser.test_diary_flow import check
from tests.report.diaries import three_month_diary

PASSWORD = "correct-horse-battery-41"


def log_in(page, site: str, username: str) -> None:
    page.goto(f"{site}/account/log-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/account/")


def test_a_three_month_diary_prints_on_one_page_and_shares(browser, site, artifacts):
    alice = User.objects.create(username="alice", password=make_password(PASSWORD))
    three_month_diary(alice)
    today = timezone.localdate()
    for width in (360, 1280):
        page = new_page(browser, width=width)
        log_in(page, site, "alice")
        page.goto(f"{site}/report/")
        check(page, width, "report form")
        page.locator("#id_start").fill(str(today - timedelta(days=90)))
        page.locator("#id_questions").fill("Is it my posture? Should I stretch before or after?")
        page.get_by_role("button", name="Show the report").click()
        page.wait_for_selector(".report")
        assert "75 % less pain" in page.locator(".report-change").inner_text()
        check(page, width, "report")
        page.screenshot(path=str(artifacts / f"report-{width}.png"), full_page=True)
        for paper in ("A4", "Letter"):
            pdf = page.pdf(format=paper, print_background=True)
            reader = PdfReader(io.BytesIO(pdf))
            assert len(reader.pages) == 1, f"{paper}: {len(reader.pages)} pages"
            text = reader.pages[0].extract_text()
            words = " ".join(text.split())  # a line may wrap anywhere in a narrow column
            assert "Should I stretch before or after?" in words  # the last section printed
            assert "Trigger Point Finder" not in text.split("\n")[0]  # no site header

        page.goto(f"{site}/report/shares/")
        check(page, width, "share screen")
        page.locator("#id_recipient").fill(f"Sam {width}")
        page.get_by_role("button", name="Create the link").click()
        url = page.locator("#share-url").input_value()
        check(page, width, "share created")

        visitor = new_page(browser, width=width)
        response = visitor.goto(url)
        assert response.status == 200
        assert response.headers["referrer-policy"] == "no-referrer"
        assert f"for Sam {width}" in visitor.content()
        check(visitor, width, "shared report")
        visitor.goto(f"{site}/finding-a-therapist/")
        check(visitor, width, "finding a therapist")
        visitor.context.close()

        page.goto(f"{site}/report/shares/")
        assert "Opened 1 time" in page.content()
        page.get_by_role("button", name=f"Withdraw the link for Sam {width}").click()
        assert "Withdrawn" in page.content()
        page.context.close()
