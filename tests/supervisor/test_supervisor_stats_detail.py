"""Statistics (pure, and over the 100,000-visit ledger) and one visit's detail."""

from __future__ import annotations

import pytest
import sqlite_utils

from canvass_app.core.errors import ValidationError
from canvass_app.core.survey import parse_survey, showcase_survey_data, stable_question_id
from canvass_app.services.history import (
    HistoryFilter,
    NotAllowed,
    VisitNotFoundError,
    answer_lines,
    compute_stats,
    ledger_stats,
    visit_detail,
)
from canvass_app.storage.history import StatsRow, history_page

from .conftest import Ledger


def _row(
    canvasser: str,
    when: str,
    *,
    unavailable: bool = False,
    grade: str = "good",
    outcome: str = "Not Home",
    walklist: str = "w1",
) -> StatsRow:
    return StatsRow(
        canvasser=canvasser,
        walklist_id=walklist,
        household_id="h",
        knock_time=when,
        outcome=outcome,
        unavailable=unavailable,
        successful=False,
        gps_grade=grade,
        distance_miles=None,
    )


def test_pace_contact_rate_and_gps_from_known_rows() -> None:
    rows = [
        _row("ana", "2026-11-20T10:00:00.000Z", unavailable=True),
        _row("ana", "2026-11-20T10:02:00.000Z", outcome="Successful"),
        _row("ana", "2026-11-20T10:06:00.000Z", grade="none", unavailable=True),
        # an hour later: a new shift, the break is not "time between doors"
        _row("ana", "2026-11-20T11:10:00.000Z", grade="poor", unavailable=True),
    ]
    (stats,) = compute_stats(rows, by="canvasser")
    assert stats.doors == 4
    assert stats.contacts == 1
    assert stats.contact_rate == pytest.approx(0.25)
    assert stats.median_gap_s == pytest.approx(180.0)  # gaps 120 s and 240 s
    assert stats.doors_per_hour == pytest.approx(2 / (6 / 60))  # 2 gaps in 6 minutes
    assert stats.outcomes == {"Not Home": 3, "Successful": 1}
    assert stats.gps_grades == {"good": 2, "fair": 0, "poor": 1, "none": 1}
    assert [flag.kind for flag in stats.flags] == ["far_from_door"]
    assert "1 visit recorded more than 300 m from the door" in str(stats.flags[0].message)


def test_fast_doors_and_perfect_contact_rate_are_flagged() -> None:
    rows = [
        _row("gus", f"2026-11-20T10:{minute:02d}:{second:02d}.000Z")
        for minute in range(10)
        for second in (0, 15, 30, 45)
    ]
    (stats,) = compute_stats(rows, by="canvasser")
    kinds = {flag.kind for flag in stats.flags}
    assert kinds == {"fast_doors", "high_contact_rate"}
    assert stats.fast_gaps == 39
    assert stats.median_gap_s == pytest.approx(15.0)


def test_gaps_are_per_person_even_when_grouped_by_walklist() -> None:
    rows = [
        _row("ana", "2026-11-20T10:00:00.000Z"),
        _row("ben", "2026-11-20T10:00:05.000Z"),
        _row("ana", "2026-11-20T10:05:00.000Z"),
        _row("ben", "2026-11-20T10:05:05.000Z"),
    ]
    (stats,) = compute_stats(rows, by="walklist", labels={"w1": "North End"})
    assert str(stats.label) == "North End"
    assert stats.median_gap_s == pytest.approx(300.0)
    assert stats.fast_gaps == 0


def test_group_by_must_be_known() -> None:
    with pytest.raises(ValidationError, match="group by 'canvasser' or 'walklist'"):
        compute_stats([], by="street")


def test_ledger_flags_the_suspicious_canvassers(
    big_db: sqlite_utils.Database, big_ledger: Ledger
) -> None:
    stats = {s.key: s for s in ledger_stats(big_db, HistoryFilter(), by="canvasser")}
    assert set(stats) == set(big_ledger.summary.by_canvasser)
    assert {f.kind for f in stats["gus"].flags} == {"fast_doors", "high_contact_rate"}
    assert {f.kind for f in stats["hana"].flags} == {"far_from_door", "no_gps"}
    assert stats["ana"].flags == []
    voided_ana = big_db.execute(
        "SELECT COUNT(*) FROM visits WHERE canvasser = 'ana' AND deleted = 1"
    ).fetchone()[0]
    assert stats["ana"].doors == big_ledger.summary.by_canvasser["ana"] - voided_ana
    by_list = ledger_stats(big_db, HistoryFilter(), by="walklist")
    assert {str(s.label) for s in by_list} == {"North End", "Riverside", "Old Mill", "Hilltop"}


def test_detail_renders_answers_as_the_survey_asked(big_db: sqlite_utils.Database) -> None:
    row = history_page(big_db, HistoryFilter(outcome="Successful"), limit=1)[0]
    detail = visit_detail(big_db, row.local_id)
    assert detail.survey_name == "Neighbourhood Survey"
    questions = [str(line.question) for line in detail.answers]
    assert questions[:2] == [
        "Is the contact available?",
        "How much do you support the new park plan?",
    ]
    assert str(detail.answers[0].answer) == "Available"
    assert str(detail.answers[1].answer).split(" ")[1:3] == ["of", "5"]
    assert '"campaignId"' in detail.raw_json
    assert [event.event for event in detail.log][:2] == ["saved", "sent"]


def test_detail_shows_rejections_and_conflicts(big_db: sqlite_utils.Database) -> None:
    rejected = history_page(big_db, HistoryFilter(states=("rejected",)), limit=1)[0]
    log = visit_detail(big_db, rejected.local_id).log
    assert log[-1].http_status == 422 and log[-1].message == rejected.last_error

    local_id = big_db.execute(
        "SELECT local_id FROM sync_log WHERE event = 'conflict' LIMIT 1"
    ).fetchone()[0]
    conflict = [e for e in visit_detail(big_db, local_id).log if e.event == "conflict"][0]
    assert conflict.detail == {
        "overwritten": [{"path": "/successful", "server_value": False, "local_value": True}]
    }


def test_detail_of_an_unknown_visit_names_it(big_db: sqlite_utils.Database) -> None:
    with pytest.raises(VisitNotFoundError, match="no visit with local id 'nope'"):
        visit_detail(big_db, "nope")


def test_answers_unknown_to_the_survey_are_still_shown() -> None:
    survey = parse_survey({"id": "s", "data": showcase_survey_data()})
    qid = stable_question_id("showcase", "issues")
    data = {
        "survey": {
            "surveyId": "s",
            "responses": {
                "zzz": {"questionId": "zzz", "fields": {"dogliker": "true"}},
                qid: {"questionId": qid, "fields": {"issues": ["Parks", "Safety"]}},
            },
        }
    }
    lines = answer_lines(data, survey)
    assert [(str(line.question), str(line.answer)) for line in lines] == [
        ("Which issues matter most to you?", "Parks, Safety"),
        ("dogliker (question not in the survey)", "yes"),
    ]


def test_a_canvasser_cannot_open_someone_elses_visit(big_db: sqlite_utils.Database) -> None:
    bens = history_page(big_db, HistoryFilter(canvasser="ben"), limit=1)[0]
    with pytest.raises(NotAllowed, match="recorded by someone else"):
        visit_detail(big_db, bens.local_id, canvasser="ana", supervisor=False)
    assert visit_detail(big_db, bens.local_id, canvasser="ben", supervisor=False).row == bens
    assert visit_detail(big_db, bens.local_id, canvasser=None, supervisor=True).row == bens
