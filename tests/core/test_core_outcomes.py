"""Statuses, status groups and one-tap outcomes against api-notes §5.7 and §5.8."""

from __future__ import annotations

import pytest

from canvass_app.core.errors import ValidationError
from canvass_app.core.interaction import validate_data
from canvass_app.core.outcomes import (
    CONTACT_STATES,
    DEFAULT_STATUS_GROUPS,
    DEFAULT_STATUSES,
    ONE_TAP_OUTCOMES,
    STATUS_TYPES,
    Status,
    StatusGroup,
    group_of,
    is_contacted,
    is_do_not_knock,
    outcome_by_digit,
    outcome_by_key,
    outcome_data,
    stable_id,
    status_by_name,
    status_for_state,
)


def test_enums_from_the_docs() -> None:
    assert len(CONTACT_STATES) == 10 and len(set(CONTACT_STATES)) == 10
    assert "unknown" in CONTACT_STATES and "come-back" in CONTACT_STATES
    assert set(STATUS_TYPES) == {"successful", "unsuccessful", "appointment", "unavailable", "list"}


def test_default_groups_and_statuses_counts_and_unique_stable_ids() -> None:
    assert len(DEFAULT_STATUS_GROUPS) == 10
    assert len(DEFAULT_STATUSES) == 13
    ids = [g.id for g in DEFAULT_STATUS_GROUPS] + [s.id for s in DEFAULT_STATUSES]
    assert len(set(ids)) == len(ids)
    assert stable_id("status", "Not Home") == status_by_name(DEFAULT_STATUSES, "Not Home").id  # type: ignore[union-attr]


def test_every_default_status_points_at_a_default_group_with_its_state() -> None:
    for status in DEFAULT_STATUSES:
        group = group_of(status, DEFAULT_STATUS_GROUPS)
        assert group is not None, status.name
        assert status.contact_state in CONTACT_STATES
        assert group.contact_state == status.contact_state, status.name
        assert status.default_status is True


@pytest.mark.parametrize(
    ("name", "state", "group", "icon", "pin", "icon_color"),
    [
        ("Default", "not-contacted-normal", "Default", "faHome:solid", "#01B5D6", "#01B5D6"),
        (
            "High Priority",
            "not-contacted-high-priority",
            "High Priority",
            "faStar:solid",
            "#FFBE00",
            "#FFBE00",
        ),
        (
            "Do Not Knock",
            "not-contacted-do-not-knock",
            "Do Not Knock",
            "faTimes:solid",
            "#E95C41",
            "#E95C41",
        ),
        (
            "Successful",
            "contacted-available-successful",
            "Successful",
            "faThumbsUp:solid",
            "#C8C8C8",
            "#73C1B1",
        ),
        (
            "Not Successful",
            "contacted-available-not-successful",
            "Not Successful",
            "faThumbsDown:solid",
            "#C8C8C8",
            "#E95C41",
        ),
        ("Appointment", "appointment", "Appointment", "faCalendar:regular", "#C8C8C8", "#01B5D6"),
        ("Come Back", "come-back", "Come Back", "faRedo:solid", "#C8C8C8", "#01B5D6"),
        (
            "Not Home",
            "contacted-unavailable-not-home",
            "Not Home",
            "polisNotHome",
            "#C8C8C8",
            "#C8C8C8",
        ),
        (
            "Refused",
            "contacted-unavailable-other",
            "Refused",
            "faTimes:solid",
            "#C8C8C8",
            "#E95C41",
        ),
        (
            "Inaccessible",
            "contacted-unavailable-other",
            "Bad Contact Info",
            "faTimes:solid",
            "#C8C8C8",
            "#E95C41",
        ),
        (
            "Moved",
            "contacted-unavailable-other",
            "Bad Contact Info",
            "faTimes:solid",
            "#C8C8C8",
            "#E95C41",
        ),
        (
            "Other Language",
            "contacted-unavailable-other",
            "Bad Contact Info",
            "faTimes:solid",
            "#C8C8C8",
            "#E95C41",
        ),
        (
            "Deceased",
            "contacted-unavailable-other",
            "Bad Contact Info",
            "faTimes:solid",
            "#C8C8C8",
            "#E95C41",
        ),
    ],
)
def test_default_status_table(
    name: str, state: str, group: str, icon: str, pin: str, icon_color: str
) -> None:
    status = status_by_name(DEFAULT_STATUSES, name)
    assert status is not None
    assert (status.contact_state, status.icon, status.pin_color, status.icon_color) == (
        state,
        icon,
        pin,
        icon_color,
    )
    found_group = group_of(status, DEFAULT_STATUS_GROUPS)
    assert found_group is not None and found_group.name == group


def test_group_status_types() -> None:
    types = {g.name: g.status_type for g in DEFAULT_STATUS_GROUPS}
    assert types == {
        "Appointment": "appointment",
        "Bad Contact Info": "unavailable",
        "Come Back": "unavailable",
        "Default": "list",
        "Do Not Knock": "list",
        "High Priority": "list",
        "Not Home": "unavailable",
        "Not Successful": "unsuccessful",
        "Refused": "unavailable",
        "Successful": "successful",
    }


def test_documents_round_trip() -> None:
    for status in DEFAULT_STATUSES:
        assert Status.from_document({"id": status.id, "data": status.to_data()}) == status
    for group in DEFAULT_STATUS_GROUPS:
        assert StatusGroup.from_document({"id": group.id, "data": group.to_data()}) == group


def test_misspelled_status_type_is_accepted() -> None:
    data = DEFAULT_STATUS_GROUPS[0].to_data() | {"statusType": "unsucessful"}
    assert StatusGroup.from_document({"id": "g", "data": data}).status_type == "unsuccessful"


def test_bad_status_document_names_every_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Status.from_document(
            {"id": "s", "data": {"name": "X", "contactState": "asleep", "defaultStatus": "yes"}}
        )
    fields = set(caught.value.fields)
    assert {"/data/icon", "/data/pinColor", "/data/statusGroupId"} <= fields
    assert "/data/contactState" in fields and "/data/defaultStatus" in fields
    assert "asleep" in str(caught.value)
    with pytest.raises(ValidationError, match="id"):
        Status.from_document({"data": {}})


def test_one_tap_outcomes_and_digits() -> None:
    assert [(o.label, o.shortcut_digit) for o in ONE_TAP_OUTCOMES] == [
        ("Not Home", 1),
        ("Come Back", 2),
        ("Refused", 3),
        ("Moved", 4),
        ("Deceased", 5),
        ("Inaccessible", 6),
        ("Other Language", 7),
    ]
    assert outcome_by_digit(3) is outcome_by_key("refused")
    assert outcome_by_digit(9) is None
    with pytest.raises(ValidationError, match="not_home"):
        outcome_by_key("asleep")


def test_not_home_outcome_data() -> None:
    data = outcome_data(outcome_by_key("not_home"), DEFAULT_STATUSES)
    not_home = status_by_name(DEFAULT_STATUSES, "Not Home")
    assert not_home is not None
    assert data == {
        "unavailable": True,
        "unavailableReason": "Not Home",
        "statusId": not_home.id,
        "successful": False,
    }


@pytest.mark.parametrize("outcome", ONE_TAP_OUTCOMES, ids=lambda o: o.key)
def test_every_outcome_is_consistent_and_valid(outcome: object) -> None:
    from canvass_app.core.outcomes import Outcome

    assert isinstance(outcome, Outcome)
    data = outcome_data(outcome, DEFAULT_STATUSES)
    status = next(s for s in DEFAULT_STATUSES if s.id == data["statusId"])
    assert status.name == outcome.status_name
    assert status.contact_state == outcome.contact_state
    assert data["unavailable"] is True and data["successful"] is False
    assert data["unavailableReason"] == outcome.label
    full = {
        "campaignId": "c",
        "contactId": "p",
        "householdId": "h",
        "contactHouseholdId": "ch",
        "timestamp": "2024-05-01T10:00:00.000Z",
        "survey": {"surveyId": "s"},
        **data,
    }
    assert validate_data(full) == []


def test_outcome_falls_back_to_a_status_with_the_same_state_or_none() -> None:
    custom = Status(
        "x",
        "Gone Away",
        "faTimes:solid",
        "#000000",
        "#000000",
        "contacted-unavailable-other",
        "g",
        default_status=False,
    )
    assert outcome_data(outcome_by_key("moved"), [custom])["statusId"] == "x"
    assert "statusId" not in outcome_data(outcome_by_key("not_home"), [custom])
    assert "statusId" not in outcome_data(outcome_by_key("not_home"), [])


def test_status_lookups() -> None:
    assert status_by_name(DEFAULT_STATUSES, "  not home ") is not None
    dnk = status_for_state(DEFAULT_STATUSES, "not-contacted-do-not-knock")
    assert is_do_not_knock(dnk)
    assert not is_do_not_knock(status_by_name(DEFAULT_STATUSES, "Refused"))
    assert not is_do_not_knock(None)
    assert is_contacted(status_by_name(DEFAULT_STATUSES, "Refused"))
    assert not is_contacted(dnk)
    assert status_for_state(DEFAULT_STATUSES, "unknown") is None


def test_survey_outcome_follows_the_default_survey() -> None:
    from canvass_app.core.outcomes import DEFAULT_STATUSES, status_by_name, survey_outcome
    from canvass_app.core.survey import answer_fields, default_survey_data, parse_survey

    survey = parse_survey(default_survey_data())
    availability = survey.first_question()
    assert availability is not None
    unavailable_index = next(
        i for i, option in enumerate(availability.options) if option.value == "false"
    )
    reason_question = survey.question(
        survey.next_question_id(availability, unavailable_index) or ""
    )
    refused = next(i for i, o in enumerate(reason_question.options) if o.text == "Refused")
    answered = [
        (availability, answer_fields(availability, option_index=unavailable_index)),
        (reason_question, answer_fields(reason_question, option_index=refused)),
    ]
    outcome = survey_outcome(answered, False, DEFAULT_STATUSES)
    assert outcome.unavailable and outcome.unavailable_reason == "Refused"
    refused_status = status_by_name(DEFAULT_STATUSES, "Refused")
    assert refused_status is not None and outcome.status_id == refused_status.id

    available_index = next(i for i, o in enumerate(availability.options) if o.value == "true")
    answered = [(availability, answer_fields(availability, option_index=available_index))]
    outcome = survey_outcome(answered, True, DEFAULT_STATUSES)
    assert not outcome.unavailable and outcome.unavailable_reason is None
    assert outcome.label == "Successful"
