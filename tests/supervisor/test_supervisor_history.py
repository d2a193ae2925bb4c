"""History queries over the generated 100,000-visit ledger: filters, sorting, paging, search."""

from __future__ import annotations

import pytest
import sqlite_utils

from canvass_app.core.errors import ValidationError
from canvass_app.services.history import (
    NotAllowed,
    build_filter,
    count_history,
    history_page,
    parse_time_bound,
    scope_filter,
    survey_summary,
)
from canvass_app.storage.history import (
    SORT_COLUMNS,
    WALK_ABOVE_MATCHES,
    HistoryFilter,
    fts_query,
    page_query_plan,
    rows_by_seq,
)

from .conftest import BIG_LEDGER_VISITS, Ledger

_ATTRIBUTE = {
    "knock_time": lambda r: r.knock_time,
    "sent_time": lambda r: r.sent_time,
    "canvasser": lambda r: r.canvasser,
    "walklist": lambda r: r.walklist_id,
    "address": lambda r: r.address_line,
    "contact": lambda r: r.contact_name,
    "outcome": lambda r: r.outcome,
    "survey": lambda r: r.data.get("successful"),
    "distance": lambda r: r.distance_miles,
    "gps_grade": lambda r: r.gps_grade,
    "state": lambda r: r.state,
}


def _sort_key(sort: str, row: object) -> tuple[int, object, int]:
    value = _ATTRIBUTE[sort](row)
    # SQLite sorts NULL first; booleans come back from JSON as Python bools.
    return (0 if value is None else 1, value if value is not None else 0, row.seq)  # type: ignore[attr-defined]


def test_counts_match_what_was_generated(big_db: sqlite_utils.Database, big_ledger: Ledger) -> None:
    assert count_history(big_db, HistoryFilter()) == BIG_LEDGER_VISITS
    for canvasser, expected in big_ledger.summary.by_canvasser.items():
        assert count_history(big_db, HistoryFilter(canvasser=canvasser)) == expected
    for state, expected in big_ledger.summary.by_state.items():
        assert count_history(big_db, HistoryFilter(states=(state,))) == expected
    unsent = tuple(s for s in big_ledger.summary.by_state if s != "sent")
    assert count_history(big_db, HistoryFilter(states=unsent)) == sum(
        big_ledger.summary.by_state[s] for s in unsent
    )
    assert (
        count_history(big_db, HistoryFilter(include_voided=False))
        == BIG_LEDGER_VISITS - big_ledger.summary.voided
    )


@pytest.mark.parametrize("sort", sorted(SORT_COLUMNS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_across_page_boundaries(
    big_db: sqlite_utils.Database, sort: str, descending: bool
) -> None:
    flt = HistoryFilter()
    first = history_page(big_db, flt, sort=sort, descending=descending, offset=40_000, limit=150)
    second = history_page(big_db, flt, sort=sort, descending=descending, offset=40_150, limit=150)
    both = first + second
    assert len(both) == 300
    assert len({row.seq for row in both}) == 300, "pages overlap"
    keys = [_sort_key(sort, row) for row in both]
    assert keys == sorted(keys, reverse=descending)


@pytest.mark.parametrize("sort", sorted(SORT_COLUMNS))
def test_every_sort_walks_an_index_instead_of_sorting_the_table(
    big_db: sqlite_utils.Database, sort: str
) -> None:
    for descending in (False, True):
        plan = " ".join(
            page_query_plan(big_db.conn, HistoryFilter(), sort=sort, descending=descending)
        )
        assert "USING" in plan and "INDEX" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_filters_combine(big_db: sqlite_utils.Database) -> None:
    flt = HistoryFilter(canvasser="hana", gps_grades=("poor",), outcome="Not Home")
    rows = history_page(big_db, flt, limit=500)
    assert rows, "the generator gives hana far-away visits"
    assert all(
        r.canvasser == "hana" and r.gps_grade == "poor" and r.outcome == "Not Home" for r in rows
    )
    expected = big_db.execute(
        "SELECT COUNT(*) FROM visits WHERE canvasser = ? AND gps_grade = ? AND outcome = ?",
        ["hana", "poor", "Not Home"],
    ).fetchone()[0]
    assert count_history(big_db, flt) == expected


def test_date_range_is_inclusive_then_exclusive(big_db: sqlite_utils.Database) -> None:
    flt = build_filter(since="2026-11-01", until="2026-11-10")
    rows = history_page(big_db, flt, sort="knock_time", descending=False, limit=5)
    assert rows and rows[0].knock_time >= "2026-11-01T00:00:00.000Z"
    expected = big_db.execute(
        "SELECT COUNT(*) FROM visits WHERE knock_time >= ? AND knock_time < ?",
        ["2026-11-01T00:00:00.000Z", "2026-11-11T00:00:00.000Z"],
    ).fetchone()[0]
    assert count_history(big_db, flt) == expected > 0


def test_search_finds_notes_names_addresses_and_answers(big_db: sqlite_utils.Database) -> None:
    note_count = big_db.execute(
        "SELECT COUNT(*) FROM visits WHERE notes LIKE '%gate code%'"
    ).fetchone()[0]
    assert note_count > 0
    assert count_history(big_db, HistoryFilter(search="Gate code")) == note_count

    by_answer = history_page(big_db, HistoryFilter(search="transit"), limit=50)
    assert by_answer and all("Transit" in str(survey_summary(r.data)) for r in by_answer)

    by_name = history_page(big_db, HistoryFilter(search="okafo"), limit=50)  # a prefix
    assert by_name and all("Okafor" in r.contact_name for r in by_name)

    by_street = count_history(big_db, HistoryFilter(search="maple avenue"))
    assert (
        by_street
        == big_db.execute(
            "SELECT COUNT(*) FROM visits WHERE address_line LIKE '%Maple Avenue%'"
        ).fetchone()[0]
    )


# Sorts whose index is (column, knock_time): equal values come in knock-time order.
_KNOCK_TIME_TIES = {"walklist", "outcome", "gps_grade", "state"}


def _order_key(sort: str, row: object) -> tuple[int, object, str, int]:
    """The ledger's ORDER BY, in Python: NULL first, the value, then the tie-breakers."""
    null_first, value, seq = _sort_key(sort, row)
    ties = row.knock_time if sort in _KNOCK_TIME_TIES else ""  # type: ignore[attr-defined]
    return (null_first, value, ties, seq)


# A common word (11,022 matches: the search walks the sort's index) and a rare pair (1,118:
# each match is fetched by its rowid), on either side of WALK_ABOVE_MATCHES.
@pytest.mark.parametrize(("text", "walks"), [("garcia", True), ("omar khan", False)])
def test_a_search_gives_every_match_in_sort_order_either_way(
    big_db: sqlite_utils.Database, text: str, walks: bool
) -> None:
    query = fts_query(text)
    matches = [
        int(r[0])
        for r in big_db.execute(
            "SELECT rowid FROM visits_fts WHERE visits_fts MATCH ?", [query]
        ).fetchall()
    ]
    assert (len(matches) > WALK_ABOVE_MATCHES) is walks
    everything = rows_by_seq(big_db.conn, matches)
    flt = HistoryFilter(search=text)
    assert count_history(big_db, flt) == len(matches)
    for sort in SORT_COLUMNS:
        for descending in (False, True):
            expected = sorted(everything, key=lambda r, s=sort: _order_key(s, r))
            if descending:
                expected.reverse()
            for offset in (0, len(matches) // 2, len(matches) - 150):
                page = history_page(
                    big_db, flt, sort=sort, descending=descending, offset=offset, limit=200
                )
                assert [r.seq for r in page] == [r.seq for r in expected[offset : offset + 200]], (
                    sort,
                    descending,
                    offset,
                )
            plan = " ".join(page_query_plan(big_db.conn, flt, sort=sort, descending=descending))
            # Walking: the sort's index in order, no sort of the matches. Fetching: by rowid.
            assert ("TEMP B-TREE" not in plan) is walks, plan
            assert ("INTEGER PRIMARY KEY" in plan) is not walks, plan


def test_the_default_and_canvasser_sorts_walk_indexes_of_filed_rows(
    big_db: sqlite_utils.Database,
) -> None:
    # Whole-table indexes would make SQLite read each row passed to check that it is
    # filed: one encrypted page per visit on the way to a page deep in the ledger.
    for sort, index in (
        ("knock_time", "idx_visits_history_knock"),
        ("canvasser", "idx_visits_history_canvasser"),
    ):
        for descending in (False, True):
            plan = " ".join(
                page_query_plan(big_db.conn, HistoryFilter(), sort=sort, descending=descending)
            )
            assert index in plan, plan


@pytest.mark.parametrize("text", ['"', "AND", "-x", "a:b", "NEAR(", "*", "'; DROP TABLE visits"])
def test_search_text_is_never_fts_syntax(big_db: sqlite_utils.Database, text: str) -> None:
    assert count_history(big_db, HistoryFilter(search=text)) >= 0
    assert count_history(big_db, HistoryFilter()) == BIG_LEDGER_VISITS


def test_fts_query_quotes_every_word() -> None:
    assert fts_query('elm "st') == '"elm"* """st"*'
    assert fts_query("   ") == ""


def test_unknown_sort_is_refused_in_words(big_db: sqlite_utils.Database) -> None:
    with pytest.raises(ValidationError, match="'colour' is not a column to sort by"):
        history_page(big_db, HistoryFilter(), sort="colour")


def test_build_filter_names_every_bad_field() -> None:
    with pytest.raises(ValidationError) as caught:
        build_filter(since="yesterday", states=["lost"], gps_grades=["great"])
    fields = {error.field for error in caught.value.errors}
    assert fields == {"since", "state", "gps_grade"}
    assert "'yesterday' is not a date or time" in str(caught.value)
    with pytest.raises(
        ValidationError, match="until: the end of the period must be later than its start"
    ):
        build_filter(since="2026-11-02", until="2026-11-01")


def test_time_bounds_are_written_like_knock_times() -> None:
    assert parse_time_bound("2026-11-27", "since") == "2026-11-27T00:00:00.000Z"
    assert parse_time_bound("2026-11-27", "until", end_of_day=True) == "2026-11-28T00:00:00.000Z"
    assert parse_time_bound("2026-11-27T10:00:00+02:00", "since") == "2026-11-27T08:00:00.000Z"
    assert parse_time_bound("2026-11-27T08:00:00.5Z", "since") == "2026-11-27T08:00:00.500Z"


def test_canvassers_see_only_their_own_visits(big_db: sqlite_utils.Database) -> None:
    mine = scope_filter(HistoryFilter(), canvasser="ana", supervisor=False)
    rows = history_page(big_db, mine, limit=300)
    assert rows and {r.canvasser for r in rows} == {"ana"}
    with pytest.raises(NotAllowed, match="only the supervisor may see ben's visits"):
        scope_filter(HistoryFilter(canvasser="ben"), canvasser="ana", supervisor=False)
    with pytest.raises(NotAllowed, match="nobody is signed in"):
        scope_filter(HistoryFilter(), canvasser=None, supervisor=False)
    everyone = scope_filter(HistoryFilter(), canvasser="ana", supervisor=True)
    assert count_history(big_db, everyone) == BIG_LEDGER_VISITS


def test_survey_summary_reads_answers_by_tag() -> None:
    data = {
        "survey": {
            "surveyId": "s",
            "responses": {
                "q1": {"questionId": "q1", "fields": {"available": "true"}},
                "q2": {"questionId": "q2", "fields": {"buypet": ["Horse", "Snake"]}},
                "q3": {"questionId": "q3", "fields": {}},
            },
        }
    }
    assert str(survey_summary(data)) == "available: yes; buypet: Horse, Snake"
    assert str(survey_summary({"survey": {"surveyId": "s"}})) == "no answers"
