"""The report's data, built from plain facts without a database."""

from datetime import date, datetime, timedelta

from apps.report.builder import (
    EntryFact,
    PgicFact,
    PsfsFact,
    ReportInput,
    SuspectFact,
    WarningFact,
    build_report,
)
from apps.report.sections import ALL_SECTIONS, Section

START = date(2026, 3, 2)
END = START + timedelta(days=27)  # four weeks


def entry(day: int, pain: int, marks=(("temple-r", 6),), **extra) -> EntryFact:
    return EntryFact(
        felt_at=datetime(2026, 3, 2, 20) + timedelta(days=day),
        entered_later=extra.pop("later", False),
        overall_pain=pain,
        marks=tuple(marks),
        **extra,
    )


def report(entries, **extra):
    return build_report(
        ReportInput(
            start=extra.pop("start", START),
            end=extra.pop("end", END),
            sections=frozenset(ALL_SECTIONS),
            entries=tuple(entries),
            **extra,
        )
    )


def test_weeks_give_average_worst_and_least_pain():
    r = report([entry(0, 8), entry(1, 6), entry(2, 7), entry(7, 5), entry(8, 3)])
    first, second = r.weeks[0], r.weeks[1]
    assert (first.average, first.worst, first.least, first.entries) == (7.0, 8, 6, 3)
    assert (second.average, second.worst, second.least) == (4.0, 5, 3)
    assert r.weeks[2].average is None and r.weeks[2].entries == 0
    assert len(r.weeks) == 4


def two_weeks(first: int, last: int) -> list[EntryFact]:
    """Seven days at `first`, then seven days at `last`, three weeks later."""
    return [entry(day, first) for day in range(7)] + [entry(21 + day, last) for day in range(7)]


def test_a_halving_of_pain_is_a_substantial_improvement():
    r = report(two_weeks(8, 4))
    assert r.change is not None
    assert (r.change.baseline, r.change.latest, r.change.percent_better) == (8.0, 4.0, 50)
    assert "substantial" in r.change.verdict
    assert (r.change.moderate_line, r.change.substantial_line) == (5.6, 4.0)


def test_a_third_less_pain_is_moderately_important_and_a_fifth_is_not():
    assert "moderately important" in report(two_weeks(9, 6)).change.verdict
    assert "less than the 30 %" in report(two_weeks(10, 8)).change.verdict
    assert report(two_weeks(4, 6)).change.verdict == "worse than at the start"


def test_the_change_is_the_first_seven_days_with_an_entry_against_the_last_seven():
    entries = [entry(0, 10), *(entry(day, 6) for day in range(1, 13)), entry(27, 2)]
    r = report(entries)
    assert r.change.baseline == round((10 + 6 * 6) / 7, 1)
    assert r.change.latest == round((6 * 6 + 2) / 7, 1)


def test_fewer_than_fourteen_days_with_an_entry_show_no_change():
    assert report([entry(day, 8 - day // 7) for day in range(13)]).change is None


def test_days_logged_count_days_not_entries_and_entries_made_later_are_counted():
    r = report([entry(0, 5), entry(0, 6, later=True), entry(3, 4)])
    assert (r.days_logged, r.entries, r.entered_later, r.days_in_period) == (2, 3, 1, 28)


def test_entries_outside_the_period_are_left_out():
    r = report([entry(-1, 9), entry(0, 5), entry(28, 9)])
    assert r.entries == 1 and r.weeks[0].worst == 5


def test_body_maps_are_the_first_and_the_last_entry_with_a_map():
    r = report(
        [
            entry(0, 5, marks=()),
            entry(1, 5, marks=(("calf-l", 4),)),
            entry(9, 3, marks=(("temple-r", 2),)),
            entry(10, 3, marks=()),
        ]
    )
    assert r.start_map.marks == {"calf-l": 4} and r.start_map.on == date(2026, 3, 3)
    assert r.end_map.marks == {"temple-r": 2}


def test_the_share_of_days_each_region_hurt_counts_days_with_a_map_most_often_first():
    r = report(
        [
            entry(0, 5, marks=(("temple-r", 5), ("calf-l", 3))),
            entry(0, 5, marks=(("temple-r", 5),)),
            entry(1, 5, marks=(("temple-r", 5),)),
            entry(2, 5, marks=()),
            entry(3, 5, marks=(("temple-r", 5),)),
        ],
        region_names={"temple-r": "Right temple", "calf-l": "Left calf"},
    )
    # Of the 3 days with a map (day 2 has none): the diary's definition.
    assert r.days_with_map == 3
    assert [(s.name, s.days, s.percent) for s in r.region_shares] == [
        ("Right temple", 3, 100),
        ("Left calf", 1, 33),
    ]


def suspect(slug: str, rank: int, side: str = "r", confirmed: bool = False) -> SuspectFact:
    return SuspectFact(slug, side, f"{slug} TP", slug.title(), rank, confirmed)


def test_suspects_count_top_three_places_and_confirmed_ones_come_first():
    r = report(
        [
            entry(0, 5, suspects=(suspect("temporalis-1", 1), suspect("masseter-1", 4))),
            entry(
                1,
                5,
                suspects=(suspect("temporalis-1", 2), suspect("masseter-1", 5, confirmed=True)),
            ),
            entry(2, 5, suspects=(suspect("temporalis-1", 1),)),
        ]
    )
    assert [(s.trigger_point, s.entries, s.confirmed) for s in r.suspects] == [
        ("masseter-1", 1, True),
        ("temporalis-1", 3, False),
    ]
    assert r.suspects[1].percent == 100 and r.suspects[1].side_name == "right"


def test_warnings_are_listed_once_most_urgent_first_with_how_often():
    soon = WarningFact("numb", "Numbness", "soon")
    chest = WarningFact("chest", "Chest pressure", "emergency")
    r = report(
        [
            entry(0, 5, warnings=(soon,)),
            entry(3, 5, warnings=(soon, chest)),
            entry(5, 5, warnings=(soon,)),
        ]
    )
    assert [(w.title, w.entries) for w in r.warnings] == [("Chest pressure", 1), ("Numbness", 3)]
    assert r.warnings[1].first_on == date(2026, 3, 2) and r.warnings[1].last_on == date(2026, 3, 7)


def test_psfs_score_is_the_mean_of_an_occasion_and_two_points_is_meaningful():
    ratings = (
        PsfsFact(date(2026, 3, 2), 1, "Driving", 3),
        PsfsFact(date(2026, 3, 2), 1, "Sleeping", 5),
        PsfsFact(date(2026, 3, 20), 2, "Driving", 7),
        PsfsFact(date(2026, 3, 20), 2, "Sleeping", 6),
    )
    r = report([entry(0, 5)], psfs=ratings)
    assert (r.psfs_mean_first, r.psfs_mean_latest, r.psfs_meaningful) == (4.0, 6.5, True)
    assert [(a.activity, a.first, a.latest) for a in r.psfs] == [
        ("Driving", 3, 7),
        ("Sleeping", 5, 6),
    ]


def test_pgic_answers_are_labelled():
    r = report([entry(0, 5)], pgic=(PgicFact(date(2026, 3, 20), 2), PgicFact(date(2026, 5, 1), 1)))
    assert [(p.value, p.label) for p in r.pgic] == [(2, "Much improved")]


def test_only_the_chosen_sections_are_marked_shown():
    r = build_report(
        ReportInput(start=START, end=END, sections=frozenset({Section.PAIN}), entries=())
    )
    assert r.has("pain") and not r.has(Section.QUESTIONS)
