"""One survey being answered at a door: where it stands, what was picked, where it goes.

``SurveyRun`` holds the rules the survey form used to keep in its widget, so they are
tested without Qt: the current question, the answer picked for each question, moving on
by the chosen option's action, Back, the required check, the review and the result.

Moving on follows the survey's graph (``core.survey``):

- an option picked: where its action leads (no action: the next question in order);
- a multi-select goes on by its options; with one option, continuing takes it (its
  answer is the ticked choices, the option only says where to go);
- a payment's "Other amount" goes where the options of the same kind (an amount above
  0, or 0) go when they agree, and counts as a success when they all do;
- nothing picked on an optional question: the survey skips to where that question's
  branches meet again (``Survey.join_point``), so it never follows a branch for an
  answer nobody gave (an unanswered donation does not lead into the donor's follow-up).

A refusal (a required question left empty, text too long, an amount that is not one) is
a ``Message`` naming the question by its text; the UI renders it in its language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from canvass_app.core.errors import FieldError, SurveyError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, as_message
from canvass_app.core.survey import (
    AnswerError,
    Choice,
    Option,
    Question,
    Survey,
    answer_fields,
    as_number,
    build_responses,
    is_successful,
)

# Options may carry an icon and no text: these are the icon's words.
ICON_WORDS = {
    "face-saddest": QT_TRANSLATE_NOOP("Survey", "Very unhappy"),
    "face-sad": QT_TRANSLATE_NOOP("Survey", "Unhappy"),
    "face-neutral": QT_TRANSLATE_NOOP("Survey", "Neutral"),
    "face-happy": QT_TRANSLATE_NOOP("Survey", "Happy"),
    "face-happiest": QT_TRANSLATE_NOOP("Survey", "Very happy"),
    "yes": QT_TRANSLATE_NOOP("Survey", "Yes"),
    "no": QT_TRANSLATE_NOOP("Survey", "No"),
    "questionmark": QT_TRANSLATE_NOOP("Survey", "Not sure"),
}
NO_ANSWER = QT_TRANSLATE_NOOP("Survey", "(no answer)")
SCALE_ANSWER = QT_TRANSLATE_NOOP("Survey", "{value} — {words}")


def option_words(option: Option | Choice) -> Message:
    """An option or a choice as a person reads it: its text, else its icon's words."""
    if option.text:
        return as_message(option.text)
    if option.icon in ICON_WORDS:
        return ICON_WORDS[option.icon].message()
    return as_message(option.icon or "")


def answer_words(question: Question, fields: Mapping[str, Any]) -> Message:
    """The recorded answer as the review shows it ("Available", "5 — Very happy")."""
    if question.tag not in fields:
        return NO_ANSWER.message()
    value = fields[question.tag]
    if isinstance(value, list):
        return as_message(", ".join(str(item) for item in value))
    for index, option in enumerate(question.options):
        if option.value is not None and option.value == value:
            words = option_words(option)
            return (
                SCALE_ANSWER.with_args(value=value, words=words)
                if question.type == "scale"
                else words
            )
        if question.type == "scale" and option.value is None and value == index + 1:
            return SCALE_ANSWER.with_args(value=value, words=option_words(option))
    return as_message(str(value))


@dataclass(frozen=True)
class Answer:
    """What the canvasser picked on one question (not yet turned into ``fields``)."""

    option_index: int | None = None
    choice_indexes: tuple[int, ...] = ()
    value: str | None = None  # the text typed, or a payment's other amount
    other_amount: bool = False  # payment: "Other amount" was chosen instead of an option

    @property
    def given(self) -> bool:
        """Whether anything was picked or typed (what leaving would discard)."""
        return (
            self.option_index is not None
            or bool(self.choice_indexes)
            or bool(self.value and self.value.strip())
            or self.other_amount
        )


def answer_from_fields(question: Question, fields: Mapping[str, Any]) -> Answer:
    """The inverse of ``answer_fields`` as far as it goes: re-open a saved answer to edit it."""
    if question.tag not in fields:
        return Answer()
    value = fields[question.tag]
    if question.type == "multi-select" and isinstance(value, list):
        labels = [choice.label for choice in question.choices]
        return Answer(choice_indexes=tuple(labels.index(item) for item in value if item in labels))
    if question.type == "text":
        return Answer(value=str(value))
    for index, option in enumerate(question.options):
        if value == option.value or value == option.label:
            return Answer(option_index=index)
    if question.type == "scale" and isinstance(value, int) and 1 <= value <= len(question.options):
        return Answer(option_index=value - 1)
    if question.type == "payment":
        return Answer(value=str(value), other_amount=True)
    return Answer()


def fields_for(question: Question, answer: Answer) -> dict[str, Any]:
    """The ``fields`` of ``answer``; raises ``AnswerError`` (with its Message) if refused."""
    if question.type == "multi-select":
        return answer_fields(question, choice_indexes=answer.choice_indexes or None)
    if question.type == "text":
        return answer_fields(question, value=answer.value)
    if question.type == "payment" and answer.other_amount:
        return answer_fields(question, value=answer.value)
    return answer_fields(question, option_index=answer.option_index)


def amount_options(question: Question, amount: object) -> list[int]:
    """The payment options of the same kind as an amount typed: above 0, or exactly 0."""
    number = as_number(amount)
    if number is None:
        return []
    found = []
    for index, option in enumerate(question.options):
        value = as_number(option.value)
        if value is not None and (value > 0) == (number > 0):
            found.append(index)
    return found


@dataclass(frozen=True)
class SurveyResult:
    """A finished survey, ready for ``services.visits.VisitDraft``."""

    survey_id: str
    responses: dict[str, Any]
    successful: bool
    answered: tuple[tuple[Question, dict[str, Any]], ...]


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review: the question and the answer in words."""

    question: Question
    answer: Message


class SurveyRun:
    """A survey being answered: questions one at a time, then the review."""

    def __init__(self, survey: Survey, responses: Mapping[str, Any] | None = None) -> None:
        """Open ``survey`` at its first question; ``responses`` re-opens saved answers."""
        first = survey.first_question()
        if first is None:
            raise SurveyError(FieldError("questions", "the survey has no questions"))
        self.survey = survey
        self._answers: dict[str, Answer] = {}
        for question_id, response in (responses or {}).items():
            question = survey.find_question(question_id)
            fields = response.get("fields") if isinstance(response, Mapping) else None
            if question is not None and isinstance(fields, Mapping):
                self._answers[question_id] = answer_from_fields(question, fields)
        self._trail: list[str] = [first.question_id]
        self.reviewing = False
        self.problem: Message | None = None  # why the last "next" was refused

    # --- where the run stands ----------------------------------------------------------

    @property
    def trail(self) -> tuple[Question, ...]:
        """The questions shown so far, in order (the path the answers took)."""
        return tuple(self.survey.question(question_id) for question_id in self._trail)

    @property
    def question(self) -> Question | None:
        """The question on screen; None on the review."""
        return None if self.reviewing else self.survey.question(self._trail[-1])

    @property
    def number(self) -> int:
        """The current question's place on the path (1 for the first)."""
        return len(self._trail)

    @property
    def can_go_back(self) -> bool:
        return self.reviewing or len(self._trail) > 1

    def answer(self, question: Question | None = None) -> Answer:
        target = question or self.question
        return self._answers.get(target.question_id, Answer()) if target else Answer()

    @property
    def has_answers(self) -> bool:
        """Whether leaving now would discard anything picked or typed."""
        return any(answer.given for answer in self._answers.values())

    # --- answering the current question ------------------------------------------------

    def _set(self, **changes: Any) -> None:
        question = self.question
        if question is None:
            return
        self._answers[question.question_id] = replace(self.answer(question), **changes)
        self.problem = None

    def choose_option(self, index: int) -> bool:
        """Pick option ``index`` of the current question (False if it has none such)."""
        question = self.question
        if question is None or not 0 <= index < len(question.options):
            return False
        self._set(option_index=index, other_amount=False)
        return True

    def choose_other_amount(self) -> bool:
        """A payment's "Other amount": the amount typed (``set_value``) is the answer."""
        question = self.question
        if question is None or question.type != "payment":
            return False
        self._set(option_index=None, other_amount=True)
        return True

    def toggle_choice(self, index: int) -> bool:
        """Tick or untick choice ``index`` of a multi-select."""
        question = self.question
        if question is None or not 0 <= index < len(question.choices):
            return False
        picked = set(self.answer(question).choice_indexes) ^ {index}
        self._set(choice_indexes=tuple(sorted(picked)))
        return True

    def set_choices(self, indexes: Iterable[int]) -> None:
        question = self.question
        if question is not None:
            valid = {index for index in indexes if 0 <= index < len(question.choices)}
            self._set(choice_indexes=tuple(sorted(valid)))

    def set_value(self, text: str) -> None:
        """The text typed: a text answer, or a payment's other amount (a comma is a point)."""
        question = self.question
        if question is None:
            return
        if question.type == "payment" or question.keyboard == "number":
            text = text.replace(",", ".")
        self._set(value=text if text.strip() else None)

    # --- moving ------------------------------------------------------------------------

    def next(self) -> bool:
        """On to the next question or the review; False (and ``problem``) if refused."""
        question = self.question
        if question is None:
            return False
        answer = self.answer(question)
        try:
            fields_for(question, answer)
        except AnswerError as error:
            self.problem = error.message
            return False
        self.problem = None
        next_id = self._next_id(question, answer)
        if next_id is None or next_id in self._trail or self.survey.find_question(next_id) is None:
            self.reviewing = True
        else:
            self._trail.append(next_id)
        return True

    def back(self) -> bool:
        """Back to the previous question (from the review: the last one); False at the first."""
        self.problem = None
        if self.reviewing:
            self.reviewing = False
            return True
        if len(self._trail) > 1:
            self._trail.pop()
            return True
        return False

    def _next_id(self, question: Question, answer: Answer) -> str | None:
        if answer.option_index is not None:
            return self.survey.next_question_id(question, answer.option_index)
        if question.type == "multi-select" and len(question.options) == 1:
            return self.survey.next_question_id(question, 0)
        if question.type == "payment" and answer.other_amount and answer.value is not None:
            targets = self.survey.targets(question, amount_options(question, answer.value))
            if len(targets) == 1:
                return next(iter(targets))
        return self.survey.join_point(self.survey.targets(question))

    # --- the review and the result -----------------------------------------------------

    def review(self) -> list[ReviewRow]:
        """The questions on the path with their answers in words."""
        return [
            ReviewRow(question, answer_words(question, fields_for(question, self.answer(question))))
            for question in self.trail
        ]

    def _successful(self, question: Question, answer: Answer) -> bool:
        if answer.option_index is not None:
            return is_successful(question, answer.option_index)
        if question.type == "multi-select" and len(question.options) == 1:
            return is_successful(question, 0)
        if question.type == "payment" and answer.other_amount and answer.value is not None:
            same_kind = amount_options(question, answer.value)
            return bool(same_kind) and all(is_successful(question, i) for i in same_kind)
        return False

    def result(self) -> SurveyResult:
        """The answers along the path taken (answers on abandoned branches are dropped).

        Raises ``AnswerError`` if an answer on the path cannot be recorded.
        """
        answered: list[tuple[Question, dict[str, Any]]] = []
        successful = False
        for question in self.trail:
            answer = self.answer(question)
            answered.append((question, fields_for(question, answer)))
            successful = successful or self._successful(question, answer)
        return SurveyResult(
            survey_id=self.survey.id,
            responses=build_responses(answered),
            successful=successful,
            answered=tuple(answered),
        )
