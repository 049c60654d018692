from playwright.sync_api import expect

from tests.browser.conftest import click_region
from tests.browser.test_chart import axe_violations


def asked(page):
    """The open questions next to the submit button (not those under “All warning signs”)."""
    return page.locator("#warning-signs > .symptom-group")


def test_marking_the_chest_opens_the_chest_questions_next_to_the_submit_button(page, site):
    page.goto(site)
    questions = asked(page)
    expect(questions.get_by_label("Shortness of breath")).to_have_count(0)
    expect(page.get_by_text("All warning signs")).to_be_visible()

    click_region(page, "chest-upper-l", "front")
    for question in (
        "Pressure, tightness or crushing pain in the chest",
        "Shortness of breath",
        "Cold sweat or clamminess",
    ):
        expect(questions.get_by_label(question)).to_be_visible()
    expect(questions.get_by_role("heading", name="Other symptoms")).to_be_visible()
    expect(questions.get_by_role("heading", name="About you")).to_be_visible()
    expect(questions.get_by_label("Numbness around the groin and buttocks")).to_have_count(0)
    # the rest stay one tap away
    page.get_by_text("All warning signs").click()
    expect(
        page.locator("#symptoms-more").get_by_label("Sudden loss of hearing in one ear")
    ).to_be_visible()
    # the questions come just before the submit button
    submit = page.get_by_role("button", name="Find my trigger points")
    assert page.locator("#warning-signs + button[type=submit]").count() == 1
    expect(submit).to_be_visible()
    assert axe_violations(page) == []


def test_a_ticked_answer_is_kept_and_stays_open_when_the_marks_change(page, site):
    page.goto(site)
    click_region(page, "chest-upper-l", "front")
    asked(page).get_by_label("Shortness of breath").check()
    click_region(page, "chest-upper-l", "front")  # unmark the chest
    click_region(page, "heel-r", "back")
    answer = asked(page).get_by_label("Shortness of breath")
    expect(answer).to_be_visible()
    expect(answer).to_be_checked()
    expect(asked(page).get_by_label("Cold sweat or clamminess")).to_have_count(0)


def test_belly_marks_ask_about_fever_vomiting_and_pregnancy(page, site):
    page.goto(site)
    click_region(page, "abdomen-lower-r", "front")
    for question in ("Fever or chills", "Nausea or vomiting", "You are or might be pregnant"):
        expect(asked(page).get_by_label(question)).to_be_visible()
