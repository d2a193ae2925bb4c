"""Surveys: every validation rule names its question; flow; answers; the seeded surveys."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from canvass_app.core.errors import SurveyError
from canvass_app.core.interaction import validate_data
from canvass_app.core.survey import (
    QUESTION_TYPES,
    AnswerError,
    Question,
    answer_fields,
    build_responses,
    default_survey_data,
    is_successful,
    normalize_type,
    parse_survey,
    showcase_survey_data,
    survey_problems,
)


def _base() -> dict[str, Any]:
    """Three questions: q-avail → q-pet (or end), q-pet → q-name, q-name → end."""
    return {
        "id": "survey-1",
        "data": {
            "name": "Pets",
            "campaignId": "camp-1",
            "questions": [
                {
                    "questionId": "q-avail",
                    "text": "Available?",
                    "tag": "available",
                    "type": "availability",
                    "options": [
                        {"text": "No", "value": "false", "action": {"type": "end"}},
                        {
                            "text": "Yes",
                            "value": "true",
                            "success": True,
                            "action": {"type": "question", "questionId": "q-pet"},
                        },
                    ],
                },
                {
                    "questionId": "q-pet",
                    "text": "Favourite pet?",
                    "tag": "pet",
                    "type": "multi-choice",
                    "options": [{"text": "Cat"}, {"text": "Dog", "value": "dog"}],
                },
                {
                    "questionId": "q-name",
                    "text": "Mother's name?",
                    "tag": "mothername",
                    "type": "text",
                    "max": 10,
                    "options": [{"text": "Save"}, {"text": "Skip"}],
                },
            ],
        },
    }


def _q(doc: dict[str, Any], index: int) -> dict[str, Any]:
    question: dict[str, Any] = doc["data"]["questions"][index]
    return question


def test_base_survey_parses() -> None:
    survey = parse_survey(_base())
    assert survey.id == "survey-1" and survey.name == "Pets" and survey.campaign_id == "camp-1"
    assert [q.question_id for q in survey.questions] == ["q-avail", "q-pet", "q-name"]
    assert survey_problems(_base()) == []


def test_bare_data_is_accepted() -> None:
    survey = parse_survey(_base()["data"], survey_id="s-9")
    assert survey.id == "s-9" and len(survey.questions) == 3


Mutation = Callable[[dict[str, Any]], None]


def _set(index: int, **values: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        _q(doc, index).update(values)

    return mutate


def _delete(index: int, key: str) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        del _q(doc, index)[key]

    return mutate


def _option(index: int, option: int, **values: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        _q(doc, index)["options"][option].update(values)

    return mutate


# (mutation, index of the question it breaks, its id, words the message must contain)
ERROR_CASES: list[tuple[str, Mutation, int, str, str]] = [
    ("unknown type", _set(1, type="essay"), 1, "q-pet", "type 'essay' is unknown"),
    ("missing tag", _delete(1, "tag"), 1, "q-pet", "tag"),
    ("missing text", _delete(2, "text"), 2, "q-name", "text is missing"),
    (
        "availability 1 option",
        _set(0, options=[{"text": "Yes"}]),
        0,
        "q-avail",
        "at least 2 options",
    ),
    ("multi-choice 1 option", _set(1, options=[{"text": "Cat"}]), 1, "q-pet", "at least 2"),
    (
        "text 3 options",
        _set(2, options=[{"text": "a"}, {"text": "b"}, {"text": "c"}]),
        2,
        "q-name",
        "exactly 2",
    ),
    (
        "scale 4 options",
        _set(1, type="scale", options=[{"icon": "yes"}] * 4),
        1,
        "q-pet",
        "exactly 5",
    ),
    (
        "pdf 3 options",
        _set(1, type="pdf", url="u", options=[{"text": "a"}] * 3),
        1,
        "q-pet",
        "exactly 2",
    ),
    (
        "verification 3 options",
        _set(1, type="verification", options=[{"text": "a"}] * 3),
        1,
        "q-pet",
        "1 to 2",
    ),
    ("youtube 0 options", _set(1, type="youtube", url="u", options=[]), 1, "q-pet", "1 to 2"),
    (
        "payment 1 option",
        _set(1, type="payment", options=[{"text": "$5"}]),
        1,
        "q-pet",
        "at least 2",
    ),
    (
        "multi-select no choices",
        _set(1, type="multi-select", options=[{"text": "Next"}]),
        1,
        "q-pet",
        "at least 1 choice",
    ),
    (
        "multi-select no options",
        _set(1, type="multi-select", options=[], choices=[{"text": "A"}]),
        1,
        "q-pet",
        "at least 1 options",
    ),
    (
        "pdf without url",
        _set(1, type="pdf", options=[{"text": "a"}, {"text": "b"}]),
        1,
        "q-pet",
        "url",
    ),
    (
        "option without text or icon",
        _option(1, 0, text=None),
        1,
        "q-pet",
        "needs a text or an icon",
    ),
    ("unknown icon", _option(1, 0, icon="smiley"), 1, "q-pet", "icon 'smiley' is unknown"),
    (
        "unknown action type",
        _option(1, 0, action={"type": "jump"}),
        1,
        "q-pet",
        "action type 'jump' is unknown",
    ),
    (
        "question action without id",
        _option(1, 0, action={"type": "question"}),
        1,
        "q-pet",
        "needs the questionId",
    ),
    (
        "dangling action",
        _option(1, 0, action={"type": "question", "questionId": "q-gone"}),
        1,
        "q-pet",
        "'q-gone', which is not in this survey",
    ),
    ("text max not a number", _set(2, max="long"), 2, "q-name", "max must be a whole number"),
    ("text max zero", _set(2, max=0), 2, "q-name", "max must be a whole number"),
    (
        "text keyboard invalid",
        _set(2, keyboard="phone"),
        2,
        "q-name",
        "keyboard 'phone' is unknown",
    ),
    (
        "duplicate questionId",
        _set(2, questionId="q-pet"),
        2,
        "q-pet",
        "already used by questions[1]",
    ),
    ("required not a bool", _set(1, required="yes"), 1, "q-pet", "required must be true or false"),
    (
        "option value an object",
        _option(1, 0, value={"a": 1}),
        1,
        "q-pet",
        "value must be a string or a number",
    ),
]


@pytest.mark.parametrize(
    ("mutation", "index", "question_id", "words"),
    [case[1:] for case in ERROR_CASES],
    ids=[case[0] for case in ERROR_CASES],
)
def test_each_survey_error_names_the_question(
    mutation: Mutation, index: int, question_id: str, words: str
) -> None:
    doc = _base()
    mutation(doc)
    with pytest.raises(SurveyError) as caught:
        parse_survey(doc)
    matching = [e for e in caught.value.errors if words in e.message]
    assert matching, f"no error says {words!r}: {caught.value}"
    error = matching[0]
    assert error.field.startswith(f"questions[{index}] ({question_id})"), error.field
    # The message names the question by its text or tag as well.
    question = _base()["data"]["questions"][index]
    assert question["tag"] in error.message or question["text"] in error.message
    assert survey_problems(doc) == caught.value.errors


def test_cycle_is_reported_with_the_questions_in_it() -> None:
    doc = _base()
    # q-name's options go back to q-avail: avail → pet → name → avail.
    _q(doc, 2)["options"][0]["action"] = {"type": "question", "questionId": "q-avail"}
    with pytest.raises(SurveyError) as caught:
        parse_survey(doc)
    (error,) = [e for e in caught.value.errors if "loops" in e.message]
    assert "q-avail" in error.message and "q-pet" in error.message and "q-name" in error.message
    assert "questions[0] (q-avail)" == error.field


def test_self_loop_is_a_cycle() -> None:
    doc = _base()
    _q(doc, 1)["options"][0]["action"] = {"type": "question", "questionId": "q-pet"}
    assert any("loops" in e.message for e in survey_problems(doc))


def test_every_problem_is_listed_at_once() -> None:
    doc = _base()
    _set(0, type="essay")(doc)
    _delete(1, "tag")(doc)
    _set(2, keyboard="phone")(doc)
    problems = survey_problems(doc)
    assert {p.field.split(" ")[0] for p in problems} >= {
        "questions[0]",
        "questions[1]",
        "questions[2]",
    }


def test_survey_level_problems() -> None:
    assert survey_problems("nope")[0].message == "a survey must be a JSON object"
    problems = survey_problems({"id": "s", "data": {"questions": "x"}})
    assert {p.field for p in problems} == {"name", "questions"}
    assert survey_problems({"data": {"name": "x"}})[0].field == "/id"
    assert survey_problems({"id": "s", "data": {"name": "x", "questions": [5]}})[0].field == (
        "questions[0] (no id)"
    )


def test_camel_case_types_and_icons_are_accepted() -> None:
    doc = _base()
    _q(doc, 1)["type"] = "multiChoice"
    _q(doc, 1)["options"][0]["icon"] = "faceHappy"
    survey = parse_survey(doc)
    assert survey.questions[1].type == "multi-choice"
    assert survey.questions[1].options[0].icon == "face-happy"
    assert normalize_type("multiSelect") == "multi-select"
    assert normalize_type("multi_choice") == "multi-choice"


def test_missing_question_id_gets_a_stable_generated_one() -> None:
    doc = _base()
    # Nothing points at q-name, so dropping its id leaves the flow intact.
    del _q(doc, 2)["questionId"]
    first = parse_survey(doc).questions[2].question_id
    assert first == parse_survey(copy.deepcopy(doc)).questions[2].question_id
    assert first not in ("q-avail", "q-pet")


# --- flow ---------------------------------------------------------------------------------


def test_flow() -> None:
    survey = parse_survey(_base())
    avail, pet, name = survey.questions
    assert survey.first_question() is avail
    assert survey.question("q-pet") is pet
    assert survey.next_question_id(avail, 0) is None  # end
    assert survey.next_question_id(avail, 1) == "q-pet"  # explicit action
    assert survey.next_question_id(pet, 0) == "q-name"  # no action: next in order
    assert survey.next_question_id("q-name", 1) is None  # no action, last: end
    with pytest.raises(SurveyError, match="option 5 does not exist"):
        survey.next_question_id(pet, 5)
    with pytest.raises(SurveyError, match="no question 'q-x'"):
        survey.question("q-x")


def test_path() -> None:
    survey = parse_survey(_base())

    def tags(answers: dict[str, int]) -> list[str]:
        return [q.tag for q in survey.path(answers)]

    assert tags({}) == ["available"]
    assert tags({"q-avail": 0}) == ["available"]
    assert tags({"q-avail": 1}) == ["available", "pet"]
    assert tags({"q-avail": 1, "q-pet": 1, "q-name": 0}) == ["available", "pet", "mothername"]
    assert parse_survey({"id": "e", "data": {"name": "Empty"}}).first_question() is None


# --- answers ------------------------------------------------------------------------------


def _question(**values: Any) -> Question:
    survey = parse_survey({"id": "s", "data": {"name": "one", "questions": [values]}})
    return survey.questions[0]


def test_answer_shapes() -> None:
    survey = parse_survey(_base())
    avail, pet, name = survey.questions
    assert answer_fields(avail, option_index=0) == {"available": "false"}
    assert answer_fields(pet, option_index=0) == {"pet": "Cat"}  # text when no value
    assert answer_fields(pet, option_index=1) == {"pet": "dog"}  # value when present
    assert answer_fields(name, value="  Jane Doe ") == {"mothername": "Jane Doe"}
    assert answer_fields(name) == {}
    assert answer_fields(name, value="   ") == {}


def test_text_max_length_is_enforced_with_a_clear_message() -> None:
    name = parse_survey(_base()).questions[2]
    with pytest.raises(AnswerError) as caught:
        answer_fields(name, value="Jane Alexandra Doe")
    message = str(caught.value)
    assert "18 characters" in message and "at most 10" in message
    # a person reads it: the question is named by its text, not its id or tag
    said = caught.value.message.render()
    assert said.startswith("The answer to “Mother's name?”") and "q-name" not in said
    assert "mothername" not in said


def test_multi_select_gives_choice_texts() -> None:
    question = _question(
        questionId="q-buy",
        text="Which pets?",
        tag="buypet",
        type="multi-select",
        choices=[{"text": "Horse"}, {"text": "Snake"}, {"text": "Cat"}],
        options=[{"text": "Next"}],
    )
    assert answer_fields(question, choice_indexes=[0, 1]) == {"buypet": ["Horse", "Snake"]}
    assert answer_fields(question, choice_indexes=[]) == {}
    with pytest.raises(SurveyError, match="choice 7 does not exist"):
        answer_fields(question, choice_indexes=[7])


def test_scale_gives_a_number() -> None:
    faces = ["face-saddest", "face-sad", "face-neutral", "face-happy", "face-happiest"]
    by_position = _question(
        questionId="q-cat",
        text="Cats?",
        tag="catlikeness",
        type="scale",
        options=[{"icon": icon} for icon in faces],
    )
    assert answer_fields(by_position, option_index=3) == {"catlikeness": 4}
    by_value = _question(
        questionId="q-cat",
        text="Cats?",
        tag="catlikeness",
        type="scale",
        options=[{"icon": icon, "value": str(10 * (i + 1))} for i, icon in enumerate(faces)],
    )
    assert answer_fields(by_value, option_index=0) == {"catlikeness": 10}


def test_required_question_without_answer_is_an_error() -> None:
    doc = _base()
    _q(doc, 2)["required"] = True
    name = parse_survey(doc).questions[2]
    with pytest.raises(AnswerError, match="required") as caught:
        answer_fields(name)
    assert (
        caught.value.message.render() == "“Mother's name?” is required: answer it before going on."
    )
    assert caught.value.message.context == "Survey"  # translated under its context


def test_build_responses_and_success() -> None:
    survey = parse_survey(_base())
    avail, pet, name = survey.questions
    responses = build_responses(
        [
            (avail, answer_fields(avail, option_index=1)),
            (pet, answer_fields(pet, option_index=1)),
            (name, {}),
        ]
    )
    assert responses == {
        "q-avail": {"questionId": "q-avail", "fields": {"available": "true"}},
        "q-pet": {"questionId": "q-pet", "fields": {"pet": "dog"}},
        "q-name": {"questionId": "q-name", "fields": {}},
    }
    assert is_successful(avail, 1) and not is_successful(avail, 0)
    assert not is_successful(avail, None)
    data = {
        "campaignId": "c",
        "contactId": "p",
        "householdId": "h",
        "contactHouseholdId": "ch",
        "timestamp": "2024-05-01T10:00:00.000Z",
        "unavailable": False,
        "survey": {"surveyId": survey.id, "responses": responses},
    }
    assert validate_data(data) == []


# --- the seeded surveys -------------------------------------------------------------------


def test_default_survey_validates_and_matches_the_docs() -> None:
    survey = parse_survey(default_survey_data(), survey_id="default")
    available, reason = survey.questions
    assert (available.type, available.tag) == ("availability", "available")
    assert [(o.text, o.value) for o in available.options] == [
        ("Unavailable", "false"),
        ("Available", "true"),
    ]
    assert survey.next_question_id(available, 0) == reason.question_id
    assert survey.next_question_id(available, 1) is None
    assert (reason.type, reason.tag) == ("multi-choice", "unavailable_reason")
    assert [o.text for o in reason.options] == [
        "Not Home",
        "Refused",
        "Inaccessible",
        "Moved",
        "Other Language",
        "Deceased",
    ]
    assert all(survey.next_question_id(reason, i) is None for i in range(6))
    assert answer_fields(reason, option_index=5) == {"unavailable_reason": "Deceased"}


def test_seeded_question_ids_are_stable() -> None:
    assert default_survey_data() == default_survey_data()
    assert showcase_survey_data() == showcase_survey_data()
    assert default_survey_data("c-1")["campaignId"] == "c-1"


def test_showcase_survey_uses_every_type_and_branches() -> None:
    survey = parse_survey(showcase_survey_data(), survey_id="showcase")
    assert {q.type for q in survey.questions} == set(QUESTION_TYPES)
    branching = [
        q
        for q in survey.questions
        if len({survey.next_question_id(q, i) for i in range(len(q.options))}) > 1
    ]
    assert len(branching) >= 3
    # Every question is reachable from the first.
    reachable: set[str] = set()
    todo = [survey.questions[0].question_id]
    while todo:
        qid = todo.pop()
        if qid in reachable:
            continue
        reachable.add(qid)
        question = survey.question(qid)
        todo.extend(
            n
            for i in range(len(question.options))
            if (n := survey.next_question_id(question, i)) is not None
        )
    assert reachable == {q.question_id for q in survey.questions}
