"""Incident trends counted by the database: each breakdown, months in UK time, filters that
combine, the suppression of small numbers, and the repeats surfaced for review."""

from datetime import date, datetime

import pytest
import report_factories as make
from flask import Flask

from engage.extensions import db
from engage.models import Report, User
from engage.services.incidents import trends as incident_trends
from engage.services.incidents.filters import IncidentFilters
from engage.services.incidents.trends import suppressed_trends, uk_month
from engage.services.suppression import FEWER


@pytest.fixture
def officer(app: Flask):
    with app.app_context():
        yield make.staff()


def telegram(report: Report) -> Report:
    report.submission.channel = "telegram"
    db.session.flush()
    return report


def counted(user: User, **filters) -> tuple[int, dict[str, dict[str, int]]]:
    total, counts = incident_trends.counts(db.session, user, IncidentFilters(**filters))
    return total, {key: dict(rows) for key, rows in counts.items()}


def test_each_breakdown_counts_the_reports(officer: User):
    library = make.centre("Central Library")
    make.report(motivation=["race", "religion"], incident_types=["verbal-abuse", "harassment"])
    make.report(motivation=["race"], ward="penn")
    make.report(at=library, motivation=["disability"], ward="penn")
    telegram(make.report(motivation=["race"], location_online=True))

    total, counts = counted(officer)

    assert total == 4
    strands = counts["strand"]
    assert (strands["Race, ethnicity or nationality"], strands["Religion or belief"]) == (3, 1)
    assert (strands["Disability"], strands["Sexual orientation"], strands["Not given"]) == (1, 0, 0)
    assert counts["type"]["Verbal abuse or threats"] == 4
    assert counts["type"]["Harassment or being followed"] == 1
    # The online incident has no ward: the form never asks it.
    wards = counts["ward"]
    assert (wards["Park"], wards["Penn"], wards["Online, or not given"]) == (1, 2, 1)
    assert counts["channel"] == {"The website": 2, "Telegram": 1, "A reporting centre": 1}
    assert counts["centre"] == {"Central Library": 1, "Not through a centre": 3}


def test_a_report_counts_in_the_uk_month_it_came_in(officer: User):
    make.report(created_at=datetime(2024, 1, 15, 12, 0))
    # 11:30pm UTC on 31 March 2024 is 12:30am on 1 April in the UK (summer time began).
    make.report(created_at=datetime(2024, 3, 31, 23, 30))
    make.report(created_at=datetime(2024, 4, 2, 9, 0))

    _, counts = counted(officer)

    assert counts["month"] == {
        "January 2024": 1,
        "February 2024": 0,
        "March 2024": 0,
        "April 2024": 2,
    }
    _, april = counted(officer, date_from=date(2024, 4, 1), date_to=date(2024, 4, 30))
    assert april["month"] == {"April 2024": 2}


@pytest.mark.parametrize(
    ("moment", "month"),
    [
        (datetime(2024, 3, 31, 23, 30), date(2024, 4, 1)),
        (datetime(2024, 3, 31, 0, 30), date(2024, 3, 1)),
        (datetime(2024, 6, 30, 23, 0), date(2024, 7, 1)),  # midnight in summer time
        (datetime(2024, 10, 31, 23, 30), date(2024, 10, 1)),  # winter time: UTC is UK time
        (datetime(2024, 12, 31, 23, 59), date(2024, 12, 1)),
    ],
)
def test_uk_months(moment: datetime, month: date):
    assert uk_month(moment) == month


def test_no_reports_no_months(officer: User):
    total, counts = counted(officer)
    assert total == 0 and counts["month"] == {}


def test_the_filters_combine(officer: User):
    library = make.centre("Central Library")
    gurdwara = make.centre("Guru Nanak Gurdwara")
    march = datetime(2024, 3, 10, 12, 0)
    make.report(at=library, created_at=march, motivation=["race"], ward="park")
    make.report(at=gurdwara, created_at=march, motivation=["race"], ward="park")
    make.report(at=library, created_at=march, motivation=["religion"], ward="park")
    make.report(at=library, created_at=march, motivation=["race"], ward="penn")
    make.report(at=library, created_at=datetime(2024, 5, 1), motivation=["race"], ward="park")
    make.report(created_at=march, motivation=["race"], ward="park")

    filters = {
        "strand": "race",
        "ward": "park",
        "channel": "centre",
        "centre_id": library.id,
        "date_from": date(2024, 3, 1),
        "date_to": date(2024, 3, 31),
    }
    total, counts = counted(officer, **filters)

    assert total == 1
    assert counts["centre"]["Central Library"] == 1
    assert counts["month"] == {"March 2024": 1}
    # Each filter on its own lets more through.
    assert [counted(officer, **{key: value})[0] for key, value in filters.items()] == [
        5,
        5,
        5,
        4,
        6,
        5,
    ]


def no_counts() -> dict[str, list[tuple[str, int]]]:
    return {key: [] for key in incident_trends.BREAKDOWNS}


def table(trends, key: str):
    return next(b.table for b in trends.breakdowns if b.key == key)


def test_a_lone_small_count_takes_the_next_smallest_with_it_not_the_total():
    counts = no_counts()
    counts["channel"] = [("The website", 9), ("Telegram", 3), ("A reporting centre", 0)]
    counts["month"] = [("March 2024", 5), ("April 2024", 7)]
    counts["ward"] = [("Park", 6), ("Penn", 5), ("Not given", 1)]

    trends = suppressed_trends(12, counts)

    # 12 - 9 would give Telegram's 3 away, and the months add up to 12 whatever this table
    # shows: so the website's 9 is withheld too, and the total stays.
    assert [row.count_text for row in table(trends, "channel").rows] == ["withheld", FEWER, "0"]
    assert [row.share for row in table(trends, "channel").rows] == [None, None, 0.0]
    assert [row.count_text for row in table(trends, "ward").rows] == ["6", "withheld", FEWER]
    assert [row.count for row in table(trends, "month").rows] == [5, 7]
    assert trends.total == 12 and trends.total_text == "12" and trends.withheld


def test_two_small_counts_need_nothing_more():
    counts = no_counts()
    counts["channel"] = [("The website", 9), ("Telegram", 3), ("A reporting centre", 2)]
    counts["strand"] = [("Race", 13), ("Religion", 1)]  # several strands a report: not additive

    trends = suppressed_trends(14, counts)

    assert [row.count_text for row in table(trends, "channel").rows] == ["9", FEWER, FEWER]
    assert [(row.count_text, row.share_text) for row in table(trends, "strand").rows] == [
        ("13", "93%"),
        (FEWER, ""),
    ]
    assert trends.total == 14 and not trends.withheld


def test_a_small_total_reads_fewer_than_5():
    counts = no_counts()
    counts["channel"] = [("The website", 3), ("Telegram", 0)]
    trends = suppressed_trends(3, counts)
    assert trends.total is None and trends.total_text == FEWER
    assert [row.count_text for row in table(trends, "channel").rows] == [FEWER, "0"]


def test_suppressed_wards_sort_together_by_name(officer: User):
    for ward in ["penn", "penn", "park", "oxley", *["blakenhall"] * 5]:
        make.report(ward=ward)

    _, counts = counted(officer)

    assert list(counts["ward"])[:4] == ["Blakenhall", "Oxley", "Park", "Penn"]


def test_places_with_several_reports_are_repeat_locations(officer: User):
    first = make.report(ward="park", location_type="street")
    second = make.report(ward="park", location_type="street", motivation=["religion"])
    make.report(ward="park", location_type="home")
    make.report(ward="dont-know", location_type="street")
    make.report(ward="dont-know", location_type="street")

    analysis = incident_trends.analyse(db.session, officer, IncidentFilters())

    [group] = analysis.repeat_locations
    assert (group.ward, group.place) == ("Park", "In the street")
    assert [link.id for link in group.reports] == [first.id, second.id]
    assert group.reports[0].reference == first.submission.reference


def test_same_place_and_strand_within_90_days_are_possible_repeats(officer: User):
    home = {"ward": "penn", "location_type": "home", "motivation": ["disability"]}
    early = make.report(created_at=datetime(2024, 1, 1), **home)
    later = make.report(created_at=datetime(2024, 3, 1), **home)
    make.report(created_at=datetime(2024, 12, 1), **home)  # months after the others
    make.report(created_at=datetime(2024, 1, 2), **{**home, "motivation": ["race"]})
    make.report(created_at=datetime(2024, 1, 3), **{**home, "location_type": "street"})

    analysis = incident_trends.analyse(db.session, officer, IncidentFilters())

    [group] = analysis.possible_repeats
    assert (group.ward, group.place, group.strand) == ("Penn", "At or near home", "Disability")
    assert [link.id for link in group.reports] == [early.id, later.id]
