"""SurveyRun: the survey at the door without Qt: every question type, required, branching."""

from __future__ import annotations

from typing import Any

import pytest

from canvass_app.core.errors import SurveyError
from canvass_app.core.survey import (
    QUESTION_TYPES,
    Survey,
    parse_survey,
    showcase_survey_data,
    stable_question_id,
)
from canvass_app.core.survey_run import (
    Answer,
    SurveyRun,
    amount_options,
    answer_words,
    option_words,
)


def showcase() -> Survey:
    return parse_survey(showcase_survey_data(), survey_id="showcase")


def qid(tag: str) -> str:
    return stable_question_id("showcase", tag)


def run_to(run: SurveyRun, tag: str) -> None:
    assert run.question is not None and run.question.tag == tag, (
        run.question.tag if run.question else "review"
    )


def labels(run: SurveyRun) -> list[str]:
    assert run.question is not None
    return [str(option_words(option)) for option in run.question.options]


def pick(run: SurveyRun, words: str) -> None:
    assert run.choose_option(labels(run).index(words))
    assert run.next(), run.problem


def test_the_showcase_uses_all_nine_types() -> None:
    assert {q.type for q in showcase().questions} == set(QUESTION_TYPES)


def test_every_type_answered_along_the_longest_path() -> None:
    """availability, scale, youtube, multi-select, pdf, payment, verification, text: 8
    answers, then the review and the result; multi-choice is on the other branch."""
    run = SurveyRun(showcase())
    run_to(run, "available")
    assert run.number == 1 and not run.can_go_back
    pick(run, "Available")
    run_to(run, "support")
    assert run.choose_option(1)  # the sad face: doubters get the video
    assert run.next()
    run_to(run, "watched_video")
    pick(run, "Watched")
    run_to(run, "issues")
    assert run.toggle_choice(0) and run.toggle_choice(3) and run.toggle_choice(0)
    run.toggle_choice(1)
    assert run.answer().choice_indexes == (1, 3)
    assert run.next()  # its one option ("Next") is taken by going on
    run_to(run, "read_platform")
    pick(run, "Read it")
    run_to(run, "donation")
    pick(run, "$25")
    run_to(run, "verified")
    pick(run, "Verified")
    run_to(run, "email")
    run.set_value("  ana@example.org ")
    assert run.next()
    assert run.reviewing and run.question is None and run.number == 8

    review = [(row.question.tag, row.answer.render()) for row in run.review()]
    assert review == [
        ("available", "Available"),
        ("support", "2 — Unhappy"),
        ("watched_video", "Watched"),
        ("issues", "Transit, Parks"),
        ("read_platform", "Read it"),
        ("donation", "$25"),
        ("verified", "Verified"),
        ("email", "ana@example.org"),
    ]
    result = run.result()
    fields: dict[str, Any] = {}
    for response in result.responses.values():
        fields.update(response["fields"])
    assert fields == {
        "available": "true",
        "support": 2,
        "watched_video": "true",
        "issues": ["Transit", "Parks"],
        "read_platform": "true",
        "donation": 25,
        "verified": "true",
        "email": "ana@example.org",
    }
    assert result.successful  # the $25 option is a success
    assert result.survey_id == "showcase"
    assert [q.tag for q, _ in result.answered] == [tag for tag, _ in review]


def test_multi_choice_on_the_unavailable_branch() -> None:
    run = SurveyRun(showcase())
    pick(run, "Unavailable")
    run_to(run, "unavailable_reason")
    assert run.question is not None and run.question.type == "multi-choice"
    pick(run, "Moved")
    assert run.reviewing
    assert [row.answer.render() for row in run.review()] == ["Unavailable", "Moved"]
    assert not run.result().successful


def test_a_required_question_refuses_to_go_on_and_names_the_question() -> None:
    run = SurveyRun(showcase())
    assert not run.next()
    assert run.problem is not None
    said = run.problem.render()
    assert said == "“Is the contact available?” is required: answer it before going on."
    assert qid("available") not in said and "'available'" not in said
    run_to(run, "available")  # did not move
    run.choose_option(1)
    assert run.problem is None  # an answer clears the refusal
    assert run.next()
    run_to(run, "support")
    assert not run.next()  # the scale is required too
    assert "How much do you support the new park plan?" in run.problem.render()


def test_back_changes_the_branch_and_drops_the_abandoned_answers() -> None:
    run = SurveyRun(showcase())
    pick(run, "Unavailable")
    pick(run, "Moved")
    assert run.reviewing
    assert run.back()
    run_to(run, "unavailable_reason")
    assert run.back()
    run_to(run, "available")
    assert not run.back()  # the first question: nowhere to go
    assert run.answer().option_index == 0  # the answer is kept when coming back
    pick(run, "Available")
    run_to(run, "support")
    run.choose_option(4)
    run.next()
    run_to(run, "issues")  # the happiest face skips the video
    run.next()
    run_to(run, "read_platform")
    pick(run, "Not now")
    run_to(run, "email")
    run.next()
    result = run.result()
    tags = [q.tag for q, _ in result.answered]
    assert tags == ["available", "support", "issues", "read_platform", "email"]
    assert "unavailable_reason" not in tags  # the abandoned branch is dropped
    assert result.successful  # the happiest face is a success
    issues = dict(result.answered)[showcase().question(qid("issues"))]
    assert issues == {}  # nothing ticked on an optional multi-select: no answer


def test_an_unanswered_question_never_picks_a_branch() -> None:
    """The payment's amounts lead to the donor's follow-up, "No thanks" to the email:
    Enter with nothing picked goes where both meet (the email), not into the follow-up."""
    survey = showcase()
    donation = survey.question(qid("donation"))
    assert survey.targets(donation) == {qid("verified"), qid("email")}
    assert survey.join_point(survey.targets(donation)) == qid("email")
    run = SurveyRun(survey)
    pick(run, "Available")
    run.choose_option(4)
    run.next()
    run.next()  # issues
    pick(run, "Read it")
    run_to(run, "donation")
    assert run.next()
    run_to(run, "email")
    # the pdf, unanswered: its branches (donation or email) meet at the email
    run = SurveyRun(survey)
    pick(run, "Available")
    run.choose_option(4)
    run.next()
    run.next()
    run_to(run, "read_platform")
    assert run.next()
    run_to(run, "email")
    run.set_value("")
    assert run.next() and run.reviewing
    fields = {q.tag: f for q, f in run.result().answered}
    assert fields["read_platform"] == {} and fields["email"] == {}


def test_join_point_of_branches_that_never_meet_is_the_end() -> None:
    survey = showcase()
    available = survey.question(qid("available"))
    # "Unavailable" ends after the reason; "Available" goes on to the end: they meet only there
    assert survey.join_point(survey.targets(available)) is None
    reason = survey.question(qid("unavailable_reason"))
    assert survey.targets(reason) == {None}
    assert survey.join_point({None}) is None


def _one_question_then_end(question: dict[str, Any]) -> Survey:
    return parse_survey(
        {
            "id": "s",
            "data": {
                "name": "One",
                "questions": [
                    {"questionId": "q1", **question},
                    {
                        "questionId": "q-last",
                        "text": "Anything else?",
                        "tag": "last",
                        "type": "text",
                        "options": [{"text": "Save"}, {"text": "Skip"}],
                    },
                ],
            },
        }
    )


def test_payment_other_amount_follows_the_amounts_branch_and_counts_as_success() -> None:
    run = SurveyRun(showcase())
    pick(run, "Available")
    run.choose_option(4)
    run.next()
    run.next()
    pick(run, "Read it")
    run_to(run, "donation")
    donation = run.question
    assert donation is not None
    assert amount_options(donation, "15") == [0, 1]  # $10 and $25
    assert amount_options(donation, "0") == [2]  # No thanks
    assert run.choose_other_amount()
    run.set_value("abc")
    assert not run.next()
    assert "Would you chip in to support the campaign?" in run.problem.render()
    assert "abc" in run.problem.render()
    run.set_value("-5")
    assert not run.next()
    run.set_value("15,50")  # a comma is a decimal point
    assert run.next()
    run_to(run, "verified")  # a donor: the receipt follow-up
    run.back()
    run.set_value("0")
    assert run.next()
    run_to(run, "email")  # like "No thanks"
    run.back()
    run.set_value("12")
    run.next()
    run.next()  # verified, unanswered
    run.next()  # email, empty
    assert run.reviewing
    result = run.result()
    assert {q.tag: f for q, f in result.answered}["donation"] == {"donation": 12}
    assert result.successful
    assert [r.answer.render() for r in run.review() if r.question.tag == "donation"] == ["12"]


def test_payment_picking_an_option_after_other_amount_drops_the_amount() -> None:
    survey = _one_question_then_end(
        {
            "text": "Chip in?",
            "tag": "gift",
            "type": "payment",
            "required": True,
            "options": [{"text": "$5", "value": 5}, {"text": "No", "value": 0}],
        }
    )
    run = SurveyRun(survey)
    assert not run.next()
    assert "“Chip in?” is required" in run.problem.render()
    run.choose_other_amount()
    assert not run.next()  # "Other amount" with nothing typed is no answer
    run.set_value("7")
    run.choose_option(1)
    assert run.answer() == Answer(option_index=1, value="7", other_amount=False)
    assert run.next()
    assert {q.tag: f for q, f in run.result().answered}["gift"] == {"gift": 0}


@pytest.mark.parametrize(
    ("question", "answer_with", "fields"),
    [
        (
            {
                "text": "Here?",
                "tag": "here",
                "type": "availability",
                "options": [{"text": "No", "value": "false"}, {"text": "Yes", "value": "true"}],
            },
            lambda run: run.choose_option(1),
            {"here": "true"},
        ),
        (
            {
                "text": "Colour?",
                "tag": "colour",
                "type": "multi-choice",
                "options": [{"text": "Red"}, {"text": "Blue"}, {"text": "Green"}],
            },
            lambda run: run.choose_option(2),
            {"colour": "Green"},
        ),
        (
            {
                "text": "Pets?",
                "tag": "pets",
                "type": "multi-select",
                "choices": [{"text": "Cat"}, {"text": "Dog"}],
                "options": [{"text": "Next"}],
            },
            lambda run: run.set_choices([1, 0, 9]),
            {"pets": ["Cat", "Dog"]},
        ),
        (
            {
                "text": "Gift?",
                "tag": "gift",
                "type": "payment",
                "options": [{"text": "$5", "value": 5}, {"text": "No", "value": 0}],
            },
            lambda run: run.choose_option(0),
            {"gift": 5},
        ),
        (
            {
                "text": "Read?",
                "tag": "read",
                "type": "pdf",
                "url": "https://x.example/a.pdf",
                "options": [{"text": "Yes", "value": "y"}, {"text": "No", "value": "n"}],
            },
            lambda run: run.choose_option(1),
            {"read": "n"},
        ),
        (
            {
                "text": "Mood?",
                "tag": "mood",
                "type": "scale",
                "options": [{"icon": "face-happy"} for _ in range(5)],
            },
            lambda run: run.choose_option(2),
            {"mood": 3},
        ),
        (
            {
                "text": "Age?",
                "tag": "age",
                "type": "text",
                "keyboard": "number",
                "options": [{"text": "Save"}, {"text": "Skip"}],
            },
            lambda run: run.set_value("4,5"),
            {"age": "4.5"},
        ),
        (
            {
                "text": "Checked?",
                "tag": "checked",
                "type": "verification",
                "options": [{"text": "Verified", "value": "true"}],
            },
            lambda run: run.choose_option(0),
            {"checked": "true"},
        ),
        (
            {
                "text": "Watch?",
                "tag": "watch",
                "type": "youtube",
                "url": "https://youtube.example/v",
                "options": [{"text": "Watched"}, {"text": "Skipped"}],
            },
            lambda run: run.choose_option(0),
            {"watch": "Watched"},
        ),
    ],
    ids=lambda value: value.get("type") if isinstance(value, dict) else None,
)
def test_each_type_required_answered_and_optional(
    question: dict[str, Any], answer_with: Any, fields: dict[str, Any]
) -> None:
    # required: refused with the question's text, then answered
    run = SurveyRun(_one_question_then_end({**question, "required": True}))
    assert not run.next()
    assert run.problem is not None and f"“{question['text']}” is required" in run.problem.render()
    assert not run.has_answers
    answer_with(run)
    assert run.has_answers
    assert run.next(), run.problem
    assert run.question is not None and run.question.tag == "last"
    assert run.next() and run.reviewing
    answered = {q.tag: f for q, f in run.result().answered}
    assert answered[question["tag"]] == fields
    # optional: Enter with nothing goes on and records nothing
    run = SurveyRun(_one_question_then_end(question))
    assert run.next()
    assert run.question is not None and run.question.tag == "last"
    assert run.next() and run.reviewing
    assert {q.tag: f for q, f in run.result().answered}[question["tag"]] == {}


def test_text_too_long_and_not_a_number_are_said_in_words() -> None:
    survey = _one_question_then_end(
        {
            "text": "How many in the home?",
            "tag": "count",
            "type": "text",
            "keyboard": "number",
            "max": 3,
            "options": [{"text": "Save"}, {"text": "Skip"}],
        }
    )
    run = SurveyRun(survey)
    run.set_value("lot")
    assert not run.next()
    assert run.problem.render() == (
        "The answer to “How many in the home?” must be a number; “lot” is not one."
    )
    run.set_value("12345")
    assert not run.next()
    assert run.problem.render() == (
        "The answer to “How many in the home?” is 5 characters long; at most 3 fit."
    )


def test_reopened_answers_are_shown_and_leaving_would_discard_them() -> None:
    survey = showcase()
    first = SurveyRun(survey)
    pick(first, "Available")
    first.choose_option(4)
    first.next()
    first.toggle_choice(2)
    first.next()
    pick(first, "Not now")
    first.set_value("x@example.org")
    first.next()
    saved = first.result()

    again = SurveyRun(survey, responses=saved.responses)
    assert again.has_answers  # leaving an edit would drop the saved answers
    assert again.answer().option_index == 1
    assert again.next() and again.next() and again.next() and again.next()
    run_to(again, "email")
    assert again.answer().value == "x@example.org"
    again.next()
    assert again.result().responses == saved.responses


def test_a_survey_without_questions_cannot_run() -> None:
    with pytest.raises(SurveyError, match="no questions"):
        SurveyRun(parse_survey({"id": "e", "data": {"name": "Empty"}}))


def test_icon_options_and_scale_answers_read_as_words() -> None:
    survey = showcase()
    support = survey.question(qid("support"))
    assert [option_words(o).render() for o in support.options] == [
        "Very unhappy",
        "Unhappy",
        "Neutral",
        "Happy",
        "Very happy",
    ]
    assert option_words(support.options[0]).context == "Survey"  # translatable
    assert answer_words(support, {"support": 5}).render() == "5 — Very happy"
    assert answer_words(support, {}).render() == "(no answer)"
