"""The supervisor's ledger: filters from what people type, one visit's detail, statistics.

Everything the history, stats and map views show is decided here; the widgets only draw.
Queries run through ``storage.history`` (paged and sorted in SQL); the statistics are pure
functions over slim rows so they can be tested without a database.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlite_utils

from canvass_app.core.contact import LocalContact
from canvass_app.core.errors import FieldError, SurveyError, ValidationError
from canvass_app.core.geo import GpsGrade
from canvass_app.core.interaction import format_timestamp
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, as_message, joined, plural
from canvass_app.core.outbox import OutboxState, SyncEvent
from canvass_app.core.outcomes import outcome_words
from canvass_app.core.survey import Question, Survey, parse_survey
from canvass_app.storage import history as store
from canvass_app.storage.cache import SURVEY, CacheRepo
from canvass_app.storage.contacts import ContactRepo
from canvass_app.storage.history import HistoryFilter, HistoryRow, StatsRow
from canvass_app.storage.visits import VisitRepo

__all__ = [
    "AnswerLine",
    "Flag",
    "SUPERVISOR",
    "GroupStats",
    "HistoryFilter",
    "HistoryRow",
    "Viewer",
    "VisitDetail",
    "build_filter",
    "canvassers",
    "compute_stats",
    "count_history",
    "distinct_values",
    "history_page",
    "ledger_stats",
    "parse_time_bound",
    "scope_filter",
    "survey_summary",
    "visit_detail",
]


# --- words --------------------------------------------------------------------------------

_EMPTY_TIME = QT_TRANSLATE_NOOP("History", "the date is empty; give one like 2026-11-27")
_NOT_A_TIME = QT_TRANSLATE_NOOP(
    "History", "{text} is not a date or time; write it like 2026-11-27 or 2026-11-27T08:00:00Z"
)
_NOT_A_STATE = QT_TRANSLATE_NOOP("History", "{state} is not a sync state ({known})")
_NOT_A_GRADE = QT_TRANSLATE_NOOP("History", "{grade} is not a GPS grade ({known})")
_UNTIL_BEFORE_SINCE = QT_TRANSLATE_NOOP(
    "History", "the end of the period must be later than its start"
)
_NOBODY = QT_TRANSLATE_NOOP("History", "nobody is signed in; pick who you are first")
_SOMEONE_ELSES = QT_TRANSLATE_NOOP(
    "History", "only the supervisor may see {other}'s visits; you are {canvasser}"
)
_NO_SUCH_VISIT = QT_TRANSLATE_NOOP("History", "no visit with local id {local_id} is on this device")
_NOT_YOURS = QT_TRANSLATE_NOOP(
    "History", "this visit was recorded by someone else; ask the supervisor"
)
_UNIT = QT_TRANSLATE_NOOP("History", "{address}, unit {unit}")
_NO_ANSWERS = QT_TRANSLATE_NOOP("History", "no answers")
_NOT_ANSWERED = QT_TRANSLATE_NOOP("History", "shown, not answered")
_NOT_ANSWERED_CELL = QT_TRANSLATE_NOOP("History", "(shown, not answered)")
_TAGGED = QT_TRANSLATE_NOOP("History", "{tag}: {answer}")
_YES = QT_TRANSLATE_NOOP("History", "yes")
_NO = QT_TRANSLATE_NOOP("History", "no")
_SCALE_OF = QT_TRANSLATE_NOOP("History", "{value} of {count} ({words})")
_SCALE_OF_BARE = QT_TRANSLATE_NOOP("History", "{value} of {count}")
_UNKNOWN_QUESTION = QT_TRANSLATE_NOOP("History", "{tag} (question not in the survey)")
_QUESTION_BY_ID = QT_TRANSLATE_NOOP("History", "question {question_id}")
_NO_WALKLIST = QT_TRANSLATE_NOOP("History", "(no walklist)")
_NO_OUTCOME = QT_TRANSLATE_NOOP("History", "(none)")
_FAR_ONE = QT_TRANSLATE_NOOP("History", "%n visit recorded more than 300 m from the door")
_FAR_MANY = QT_TRANSLATE_NOOP("History", "%n visits recorded more than 300 m from the door")
_FAST = QT_TRANSLATE_NOOP(
    "History", "{count} doors knocked under {seconds} s after the previous one"
)
_HIGH_RATE = QT_TRANSLATE_NOOP(
    "History", "contact rate {rate} over {doors} doors is unusually high"
)
_NO_GPS = QT_TRANSLATE_NOOP("History", "{no_fix} of {doors} visits ({share}) have no GPS fix")


def outcome_label(name: str | None) -> Message:
    """An outcome of the ledger in words ("(none)" for a visit without one)."""
    return outcome_words(name) if name else _NO_OUTCOME.message()


def unit_address(line: str, unit: str | None) -> Message:
    """An address with its unit, as the ledger shows it."""
    return _UNIT.with_args(address=line, unit=unit) if unit else as_message(line)


# --- filters ------------------------------------------------------------------------------


def parse_time_bound(text: str, name: str, *, end_of_day: bool = False) -> str:
    """A time a person typed, as the knock times are stored (UTC, ms, ``Z``).

    Accepts ``2026-11-27`` (midnight UTC, or the next midnight when ``end_of_day``),
    ``2026-11-27T08:00``, ``2026-11-27T08:00:00Z`` and times with an offset. A time
    without a zone is read as UTC.
    """
    raw = text.strip()
    if not raw:
        raise ValidationError(FieldError(name, _EMPTY_TIME.message()))
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            moment = datetime.combine(day, time(0), tzinfo=UTC)
            if end_of_day:
                moment += timedelta(days=1)
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError(FieldError(name, _NOT_A_TIME.with_args(text=repr(text)))) from None
    return format_timestamp(moment)


def build_filter(
    *,
    since: str | None = None,
    until: str | None = None,
    canvasser: str | None = None,
    walklist_id: str | None = None,
    outcome: str | None = None,
    states: Sequence[str] = (),
    gps_grades: Sequence[str] = (),
    search: str | None = None,
    include_voided: bool = True,
    added_here: bool = False,
) -> HistoryFilter:
    """A checked filter from loose input (CLI options, filter widgets).

    Raises ValidationError naming every field that is wrong.
    """
    errors: list[FieldError] = []
    since_value = until_value = None
    try:
        since_value = parse_time_bound(since, "since") if since else None
    except ValidationError as error:
        errors.extend(error.errors)
    try:
        until_value = parse_time_bound(until, "until", end_of_day=True) if until else None
    except ValidationError as error:
        errors.extend(error.errors)
    known_states = {state.value for state in OutboxState}
    for state in states:
        if state not in known_states:
            known = ", ".join(sorted(known_states))
            errors.append(
                FieldError("state", _NOT_A_STATE.with_args(state=repr(state), known=known))
            )
    known_grades = {grade.value for grade in GpsGrade}
    for grade in gps_grades:
        if grade not in known_grades:
            known = ", ".join(sorted(known_grades))
            errors.append(
                FieldError("gps_grade", _NOT_A_GRADE.with_args(grade=repr(grade), known=known))
            )
    if since_value and until_value and since_value >= until_value:
        errors.append(FieldError("until", _UNTIL_BEFORE_SINCE.message()))
    if errors:
        raise ValidationError(errors)
    return HistoryFilter(
        since=since_value,
        until=until_value,
        canvasser=canvasser or None,
        walklist_id=walklist_id or None,
        outcome=outcome or None,
        states=tuple(states),
        gps_grades=tuple(gps_grades),
        search=(search or "").strip() or None,
        include_voided=include_voided,
        added_here=added_here,
    )


class NotAllowed(ValidationError):
    """The person signed in may not see what was asked for."""


def scope_filter(flt: HistoryFilter, *, canvasser: str | None, supervisor: bool) -> HistoryFilter:
    """Canvassers see only their own visits; the supervisor sees everyone's.

    A canvasser asking for someone else's visits is refused in words rather than shown an
    empty ledger, so nobody mistakes a permission for "no visits".
    """
    if supervisor:
        return flt
    if not canvasser:
        raise NotAllowed(FieldError("canvasser", _NOBODY.message()))
    if flt.canvasser and flt.canvasser != canvasser:
        raise NotAllowed(
            FieldError(
                "canvasser", _SOMEONE_ELSES.with_args(other=flt.canvasser, canvasser=canvasser)
            )
        )
    return replace(flt, canvasser=canvasser)


@dataclass(frozen=True)
class Viewer:
    """Who looks at the ledger: a canvasser (their own visits only) or the supervisor
    (after the PIN). Views query through ``scope`` so no query of theirs is unscoped."""

    canvasser: str | None = None
    supervisor: bool = False

    def scope(self, flt: HistoryFilter) -> HistoryFilter:
        return scope_filter(flt, canvasser=self.canvasser, supervisor=self.supervisor)


SUPERVISOR = Viewer(supervisor=True)


def count_history(db: sqlite_utils.Database, flt: HistoryFilter) -> int:
    return store.count_history(db.conn, flt)


def canvassers(db: sqlite_utils.Database) -> list[store.CanvasserRecord]:
    """Canvassers registered on this laptop and anyone who recorded a visit here."""
    return store.list_canvassers(db.conn)


def distinct_values(db: sqlite_utils.Database, column: str) -> list[str]:
    """The values a filter picker offers for a filterable column."""
    return store.distinct_values(db.conn, column)


def history_page(
    db: sqlite_utils.Database,
    flt: HistoryFilter,
    *,
    sort: str = store.DEFAULT_SORT,
    descending: bool = True,
    offset: int = 0,
    limit: int = 200,
) -> list[HistoryRow]:
    return store.history_page(
        db.conn, flt, sort=sort, descending=descending, offset=offset, limit=limit
    )


# --- what a row says about its survey ----------------------------------------------------


def _answer_text(value: object) -> Message:
    """A stored answer: a yes/no in words (the availability question stores "true" and
    "false"), anything else as it was given."""
    if isinstance(value, list):
        return as_message(", ".join(str(item) for item in value))
    if isinstance(value, bool) or value in ("true", "false"):
        return (_YES if value in (True, "true") else _NO).message()
    return as_message(str(value))


def survey_summary(data: Mapping[str, Any]) -> Message:
    """A short line for the table: the answers by tag, without question ids."""
    survey = data.get("survey")
    responses = survey.get("responses") if isinstance(survey, dict) else None
    if not isinstance(responses, dict) or not responses:
        return _NO_ANSWERS.message()
    parts: list[Message] = []
    for response in responses.values():
        fields = response.get("fields") if isinstance(response, dict) else None
        if not isinstance(fields, dict):
            continue
        for tag, value in fields.items():
            parts.append(_TAGGED.with_args(tag=tag, answer=_answer_text(value)))
    return joined(parts, "; ") if parts else _NOT_ANSWERED.message()


# --- one visit in full -------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    """One question as the survey asked it, and the answer given."""

    question_id: str
    question: Message
    answer: Message


@dataclass(frozen=True)
class VisitDetail:
    row: HistoryRow
    survey_name: str | None
    answers: list[AnswerLine]
    raw_json: str
    log: list[SyncEvent]
    # the person added at the door on this laptop this visit is to, and their requests'
    # sync log (the contact, the link); None for anyone on a downloaded walklist
    person: LocalContact | None = None
    person_log: list[SyncEvent] = field(default_factory=list)


def _cached_surveys(db: sqlite_utils.Database, campaign_id: str) -> dict[str, Survey]:
    surveys: dict[str, Survey] = {}
    for doc in CacheRepo(db).documents(SURVEY, campaign_id):
        try:
            survey = parse_survey(doc)
        except SurveyError:
            continue  # a broken survey still shows its answers by tag below
        surveys[survey.id] = survey
    return surveys


def _render_answer(question: Question, fields: Mapping[str, Any]) -> Message:
    if not fields:
        return _NOT_ANSWERED_CELL.message()
    value = fields.get(question.tag, next(iter(fields.values())))
    count = len(question.options)
    # Show the option's words rather than its stored value ("Available", not "true").
    for option in question.options:
        if option.value is not None and str(option.value) == str(value) and option.text:
            if question.type == "scale":
                return _SCALE_OF.with_args(value=value, count=count, words=option.text)
            return as_message(option.text)
    if question.type == "scale":
        return _SCALE_OF_BARE.with_args(value=value, count=count)
    return _answer_text(value)


def answer_lines(data: Mapping[str, Any], survey: Survey | None) -> list[AnswerLine]:
    """The answers in the order the survey asks its questions, in the survey's words.

    Answers to questions the cached survey does not know (or with no survey cached) are
    still shown, by tag, after the known ones.
    """
    survey_data = data.get("survey")
    responses = survey_data.get("responses") if isinstance(survey_data, dict) else None
    if not isinstance(responses, dict):
        return []
    lines: list[AnswerLine] = []
    seen: set[str] = set()
    if survey is not None:
        for question in survey.questions:
            response = responses.get(question.question_id)
            if not isinstance(response, dict):
                continue
            fields = response.get("fields")
            seen.add(question.question_id)
            lines.append(
                AnswerLine(
                    question.question_id,
                    as_message(question.text),
                    _render_answer(question, fields if isinstance(fields, dict) else {}),
                )
            )
    for question_id, response in responses.items():
        if question_id in seen or not isinstance(response, dict):
            continue
        fields = response.get("fields")
        if isinstance(fields, dict) and fields:
            for tag, value in fields.items():
                lines.append(
                    AnswerLine(
                        question_id, _UNKNOWN_QUESTION.with_args(tag=tag), _answer_text(value)
                    )
                )
        else:
            lines.append(
                AnswerLine(
                    question_id,
                    _QUESTION_BY_ID.with_args(question_id=question_id),
                    _NOT_ANSWERED_CELL.message(),
                )
            )
    return lines


class VisitNotFoundError(ValidationError):
    """No visit with that local id is on this device."""


def visit_detail(
    db: sqlite_utils.Database,
    local_id: str,
    *,
    canvasser: str | None = None,
    supervisor: bool = True,
) -> VisitDetail:
    """A visit with its answers as the survey asked them, its raw data and its sync log.

    With ``supervisor=False`` only ``canvasser``'s own visits may be opened.
    """
    row = store.get_history_row(db.conn, local_id)
    if row is None:
        raise VisitNotFoundError(
            FieldError("local_id", _NO_SUCH_VISIT.with_args(local_id=repr(local_id)))
        )
    if not supervisor and row.canvasser != canvasser:
        raise NotAllowed(FieldError("local_id", _NOT_YOURS.message()))
    survey_data = row.data.get("survey")
    survey_id = survey_data.get("surveyId") if isinstance(survey_data, dict) else None
    survey = _cached_surveys(db, row.campaign_id).get(str(survey_id)) if survey_id else None
    repo = VisitRepo(db)
    person = None if row.local_contact_id is None else ContactRepo(db).get(row.local_contact_id)
    return VisitDetail(
        row=row,
        survey_name=survey.name if survey is not None else None,
        answers=answer_lines(row.data, survey),
        raw_json=json.dumps(row.data, indent=2, ensure_ascii=False, sort_keys=False),
        log=repo.events(local_id),
        person=person,
        person_log=[] if person is None else repo.events(person.local_contact_id),
    )


# --- statistics ---------------------------------------------------------------------------

# Gaps longer than this start a new shift: lunch is not "time between doors".
SHIFT_BREAK = timedelta(minutes=30)
FAST_GAP_S = 30.0
HIGH_CONTACT_RATE = 0.95
MIN_DOORS_FOR_RATE_FLAG = 20
NO_FIX_SHARE = 0.20
MIN_NO_FIX = 5


@dataclass(frozen=True)
class Flag:
    """Something a supervisor should look at, said in words."""

    kind: str  # far_from_door | fast_doors | high_contact_rate | no_gps
    message: Message


@dataclass(frozen=True)
class GroupStats:
    """Activity of one canvasser or one walklist."""

    key: str
    label: Message
    doors: int
    contacts: int
    contact_rate: float | None
    outcomes: dict[str, int]
    doors_per_hour: float | None
    median_gap_s: float | None
    gps_grades: dict[str, int]
    fast_gaps: int
    far_visits: int
    no_fix: int
    flags: list[Flag] = field(default_factory=list)


def _flags(stats: GroupStats, gaps: int) -> list[Flag]:
    flags: list[Flag] = []
    if stats.far_visits:
        flags.append(Flag("far_from_door", plural(_FAR_ONE, _FAR_MANY, stats.far_visits)))
    if stats.fast_gaps >= 3 and stats.fast_gaps >= 0.05 * max(gaps, 1):
        flags.append(
            Flag(
                "fast_doors",
                _FAST.with_args(count=stats.fast_gaps, seconds=f"{FAST_GAP_S:.0f}"),
            )
        )
    if (
        stats.contact_rate is not None
        and stats.doors >= MIN_DOORS_FOR_RATE_FLAG
        and stats.contact_rate >= HIGH_CONTACT_RATE
    ):
        flags.append(
            Flag(
                "high_contact_rate",
                _HIGH_RATE.with_args(rate=f"{stats.contact_rate:.0%}", doors=stats.doors),
            )
        )
    if stats.no_fix >= MIN_NO_FIX and stats.doors and stats.no_fix / stats.doors >= NO_FIX_SHARE:
        flags.append(
            Flag(
                "no_gps",
                _NO_GPS.with_args(
                    no_fix=stats.no_fix,
                    doors=stats.doors,
                    share=f"{stats.no_fix / stats.doors:.0%}",
                ),
            )
        )
    return flags


@dataclass
class _Accumulator:
    doors: int = 0
    contacts: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    grades: Counter[str] = field(default_factory=Counter)
    # knock times per canvasser: gaps only make sense within one person's walk
    times: dict[str, list[datetime]] = field(default_factory=dict)


def _timing(times_by_person: Mapping[str, list[datetime]]) -> tuple[list[float], float]:
    """In-shift gaps between consecutive doors, and the hours spent in shifts."""
    gaps: list[float] = []
    seconds_in_shifts = 0.0
    for times in times_by_person.values():
        ordered = sorted(times)
        for before, after in zip(ordered, ordered[1:], strict=False):
            gap = after - before
            if gap <= SHIFT_BREAK:
                gaps.append(gap.total_seconds())
                seconds_in_shifts += gap.total_seconds()
    return gaps, seconds_in_shifts / 3600


def compute_stats(
    rows: Iterable[StatsRow],
    *,
    by: str,
    labels: Mapping[str, str] | None = None,
) -> list[GroupStats]:
    """Per-canvasser (``by="canvasser"``) or per-walklist (``by="walklist"``) statistics.

    Doors are visits; a contact is a visit where the person was available. Doors per hour
    counts time within shifts (consecutive doors at most 30 minutes apart).
    """
    if by not in ("canvasser", "walklist"):
        raise ValidationError(FieldError("by", f"{by!r}: group by 'canvasser' or 'walklist'"))
    groups: dict[str, _Accumulator] = {}
    for row in rows:
        key = row.canvasser if by == "canvasser" else (row.walklist_id or "")
        acc = groups.setdefault(key, _Accumulator())
        acc.doors += 1
        acc.contacts += 0 if row.unavailable else 1
        acc.outcomes[row.outcome or ""] += 1
        acc.grades[row.gps_grade] += 1
        try:
            knocked = datetime.fromisoformat(row.knock_time)
        except ValueError:
            continue  # a visit with an unreadable time still counts, but not in timing
        acc.times.setdefault(row.canvasser, []).append(knocked)

    result: list[GroupStats] = []
    for key, acc in groups.items():
        gaps, hours = _timing(acc.times)
        stats = GroupStats(
            key=key,
            label=as_message((labels or {}).get(key) or key) if key else _NO_WALKLIST.message(),
            doors=acc.doors,
            contacts=acc.contacts,
            contact_rate=acc.contacts / acc.doors if acc.doors else None,
            outcomes=dict(acc.outcomes.most_common()),
            doors_per_hour=(len(gaps) / hours) if hours > 0 else None,
            median_gap_s=statistics.median(gaps) if gaps else None,
            gps_grades={grade.value: acc.grades.get(grade.value, 0) for grade in GpsGrade},
            fast_gaps=sum(1 for gap in gaps if gap < FAST_GAP_S),
            far_visits=acc.grades.get(GpsGrade.POOR.value, 0),
            no_fix=acc.grades.get(GpsGrade.NONE.value, 0),
        )
        result.append(replace(stats, flags=_flags(stats, len(gaps))))
    result.sort(key=lambda s: str(s.label).casefold())
    return result


def walklist_names(db: sqlite_utils.Database) -> dict[str, str]:
    """Walklist ids to the names they were downloaded under."""
    return {listing.list_id: listing.name for listing in CacheRepo(db).lists()}


def ledger_stats(db: sqlite_utils.Database, flt: HistoryFilter, *, by: str) -> list[GroupStats]:
    """Statistics of the filtered ledger (voided visits never count)."""
    labels = walklist_names(db) if by == "walklist" else None
    return compute_stats(store.stats_rows(db.conn, flt), by=by, labels=labels)
