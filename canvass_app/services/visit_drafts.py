"""Assemble a ``services.visits.VisitDraft`` from what the door picked.

The interaction fields of a one-tap outcome come from ``core.outcomes.outcome_data``;
the answers of a survey from ``core.survey_run.SurveyResult``. What is left here is plumbing: the walklist entry's ids and
display texts, the fix, the household's position. The outcome of a finished survey is
core's ``survey_outcome``.
"""

from __future__ import annotations

from collections.abc import Sequence

from canvass_app.core.geo import Fix
from canvass_app.core.outcomes import Outcome, Status, outcome_data, survey_outcome
from canvass_app.core.survey_run import SurveyResult
from canvass_app.core.walklist import WalklistEntry
from canvass_app.services.visits import REMOVE, VisitDraft


def _common(
    entry: WalklistEntry,
    *,
    campaign_id: str,
    walklist_id: str | None,
    fix: Fix | None,
    max_accuracy_m: float,
) -> dict[str, object]:
    household = entry.household
    return {
        "campaign_id": campaign_id,
        "contact_id": entry.contact.id,
        "household_id": household.id,
        "contact_household_id": entry.contact_household_id,
        "walklist_id": walklist_id,
        "household_lat": household.address.lat,
        "household_lng": household.address.lng,
        "fix": fix,
        "max_accuracy_m": max_accuracy_m,
        "contact_name": entry.contact.display_name,
        "address_line": household.address.line,
        "unit": household.unit_num,
        "local_contact_id": entry.local_contact_id,
    }


def outcome_draft(
    entry: WalklistEntry,
    outcome: Outcome,
    *,
    statuses: Sequence[Status],
    campaign_id: str,
    survey_id: str,
    walklist_id: str | None,
    fix: Fix | None,
    max_accuracy_m: float,
    do_not_knock_override: bool = False,
) -> VisitDraft:
    """A one-tap outcome visit: no answers, fields from core.outcomes."""
    data = outcome_data(outcome, statuses)
    return VisitDraft(
        survey_id=survey_id,
        responses={},
        unavailable=bool(data.get("unavailable", False)),
        unavailable_reason=data.get("unavailableReason"),
        successful=data.get("successful"),
        status_id=data.get("statusId"),
        outcome=outcome.label,
        do_not_knock_override=do_not_knock_override,
        **_common(  # type: ignore[arg-type]
            entry,
            campaign_id=campaign_id,
            walklist_id=walklist_id,
            fix=fix,
            max_accuracy_m=max_accuracy_m,
        ),
    )


def survey_draft(
    entry: WalklistEntry,
    result: SurveyResult,
    *,
    statuses: Sequence[Status],
    campaign_id: str,
    walklist_id: str | None,
    fix: Fix | None,
    max_accuracy_m: float,
    do_not_knock_override: bool = False,
) -> VisitDraft:
    """A surveyed visit: the responses as core built them."""
    fields = survey_outcome(list(result.answered), result.successful, statuses)
    return VisitDraft(
        survey_id=result.survey_id,
        responses=result.responses,
        unavailable=fields.unavailable,
        unavailable_reason=fields.unavailable_reason,
        successful=fields.successful,
        status_id=fields.status_id,
        outcome=fields.label,
        do_not_knock_override=do_not_knock_override,
        **_common(  # type: ignore[arg-type]
            entry,
            campaign_id=campaign_id,
            walklist_id=walklist_id,
            fix=fix,
            max_accuracy_m=max_accuracy_m,
        ),
    )


def survey_edit_changes(result: SurveyResult, statuses: Sequence[Status]) -> dict[str, object]:
    """The data-relative changes (``services.visits.edit_visit``) for re-opened answers."""
    fields = survey_outcome(list(result.answered), result.successful, statuses)
    changes: dict[str, object] = {
        "/survey/responses": result.responses,
        "/successful": fields.successful,
        "/unavailable": fields.unavailable,
        "/unavailableReason": fields.unavailable_reason
        if fields.unavailable_reason is not None
        else REMOVE,
    }
    if fields.status_id is not None:
        changes["/statusId"] = fields.status_id
    return changes
