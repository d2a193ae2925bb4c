"""Surveys: questions, options, choices, branching actions, validation, flow, responses.

From api-notes.md §5.2 and §5.1 "Survey responses". A survey is a directed graph whose
edges sit on the options: an option's action jumps to another question (``question``)
or finishes (``end``); an option without an action goes to the next question in array
order. Answers are stored per question id, with ``fields`` keyed by the question's tag.

A broken survey must not crash the app for every canvasser: ``survey_problems`` lists
what is wrong, each problem naming the question, so the UI can show it and still offer
the one-tap outcomes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from canvass_app.core.errors import FieldError, SurveyError
from canvass_app.core.messages import QT_TRANSLATE_NOOP, Message, MessageTemplate

QUESTION_TYPES: tuple[str, ...] = (
    "availability",
    "multi-choice",
    "multi-select",
    "payment",
    "pdf",
    "scale",
    "text",
    "verification",
    "youtube",
)

# (minimum, maximum or None) options per question type.
OPTION_COUNTS: dict[str, tuple[int, int | None]] = {
    "availability": (2, None),
    "multi-choice": (2, None),
    "payment": (2, None),
    "multi-select": (1, None),
    "pdf": (2, 2),
    "scale": (5, 5),
    "text": (2, 2),
    "verification": (1, 2),
    "youtube": (1, 2),
}

ICONS: tuple[str, ...] = (
    "face-neutral",
    "face-happy",
    "face-sad",
    "face-happiest",
    "face-saddest",
    "yes",
    "no",
    "questionmark",
)
# v3 writes icons in camelCase on actions.
_ICON_ALIASES = {
    "faceNeutral": "face-neutral",
    "faceHappy": "face-happy",
    "faceSad": "face-sad",
    "faceHappiest": "face-happiest",
    "faceSaddest": "face-saddest",
    "questionMark": "questionmark",
    "question-mark": "questionmark",
}

ACTION_TYPES: tuple[str, ...] = ("question", "end", "pdf", "edit")
KEYBOARDS: tuple[str, ...] = ("text", "email", "number")
DEFAULT_TEXT_MAX = 256

SURVEY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://polis.example/canvass-app/surveys")


def normalize_type(raw: str) -> str:
    """``multiChoice`` / ``multi_choice`` / ``Multi-Choice`` → ``multi-choice``."""
    kebab = re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", raw.strip())
    return kebab.replace("_", "-").lower()


def normalize_icon(raw: str) -> str:
    return _ICON_ALIASES.get(raw, raw)


# --- the model ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    type: str
    question_id: str | None = None


@dataclass(frozen=True)
class Option:
    text: str | None
    icon: str | None
    tag: str | None
    success: bool
    value: str | int | float | None
    action: Action | None

    @property
    def label(self) -> str:
        return self.text or self.icon or ""


@dataclass(frozen=True)
class Choice:
    text: str | None
    icon: str | None
    tag: str | None
    success: bool
    value: str | int | float | None

    @property
    def label(self) -> str:
        return self.text or self.icon or ""


@dataclass(frozen=True)
class Question:
    question_id: str
    text: str
    tag: str
    type: str
    options: tuple[Option, ...]
    required: bool = False
    choices: tuple[Choice, ...] = ()
    url: str | None = None
    multiline: bool = False
    max_length: int = DEFAULT_TEXT_MAX
    keyboard: str = "text"
    placeholder: str = ""

    @property
    def label(self) -> str:
        """How messages for people name this question: its text (its tag if it has none)."""
        return self.text or self.tag


@dataclass(frozen=True)
class Survey:
    id: str
    name: str
    questions: tuple[Question, ...]
    campaign_id: str | None = None

    def first_question(self) -> Question | None:
        return self.questions[0] if self.questions else None

    def find_question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.question_id == question_id), None)

    def question(self, question_id: str) -> Question:
        found = self.find_question(question_id)
        if found is None:
            raise SurveyError(
                FieldError("questionId", f"survey {self.name!r} has no question {question_id!r}")
            )
        return found

    def index_of(self, question_id: str) -> int:
        for index, question in enumerate(self.questions):
            if question.question_id == question_id:
                return index
        raise SurveyError(
            FieldError("questionId", f"survey {self.name!r} has no question {question_id!r}")
        )

    def next_question_id(self, question: Question | str, option_index: int) -> str | None:
        """Where an option leads: a question id, or None for the end of the survey."""
        current = self.question(question) if isinstance(question, str) else question
        option = _option_at(current, option_index)
        action = option.action
        if action is not None and action.type == "end":
            return None
        if action is not None and action.question_id:
            return action.question_id
        # No action, or a pdf/edit action without a target: carry on in array order.
        index = self.index_of(current.question_id)
        if index + 1 < len(self.questions):
            return self.questions[index + 1].question_id
        return None

    def targets(
        self, question: Question, option_indexes: Iterable[int] | None = None
    ) -> set[str | None]:
        """Where the given options (all of them by default) lead; None is the end."""
        if option_indexes is None:
            if not question.options:  # on in array order, as an option without an action
                index = self.index_of(question.question_id)
                following = self.questions[index + 1 : index + 2]
                return {following[0].question_id if following else None}
            option_indexes = range(len(question.options))
        return {self.next_question_id(question, index) for index in option_indexes}

    def join_point(self, targets: Iterable[str | None]) -> str | None:
        """The first question every one of ``targets`` goes through (None: only the end).

        A question left unanswered must not pick a branch for the person: the survey goes
        on where its branches meet again (their nearest common post-dominator).
        """
        dominators = self._post_dominators()
        common: set[str | None] | None = None
        for target in targets:
            reached = dominators.get(target, frozenset({None}))
            common = set(reached) if common is None else common & reached
        joins = [q for q in (common or ()) if q is not None]
        # Post-dominators of one node form a chain; the nearest one has the longest chain.
        return max(joins, key=lambda q: len(dominators[q]), default=None)

    def _post_dominators(self) -> dict[str | None, frozenset[str | None]]:
        """For each question, the questions every path from it to the end goes through."""
        found: dict[str | None, frozenset[str | None]] = {None: frozenset({None})}
        visiting: set[str] = set()

        def of(question_id: str | None) -> frozenset[str | None]:
            if question_id in found:
                return found[question_id]
            question = self.find_question(question_id or "")
            if question is None or question.question_id in visiting:  # a loop: treat as end
                return frozenset({None})
            visiting.add(question.question_id)
            common: frozenset[str | None] | None = None
            for target in self.targets(question):
                reached = of(target)
                common = reached if common is None else common & reached
            visiting.discard(question.question_id)
            found[question.question_id] = frozenset({question.question_id}) | (
                common or frozenset()
            )
            return found[question.question_id]

        for question in self.questions:
            of(question.question_id)
        return found

    def path(self, answers: Mapping[str, int]) -> list[Question]:
        """The questions shown for ``answers`` (question id → chosen option index).

        Follows the flow from the first question; stops at the end, at the first
        question not answered yet (included), or if a question would repeat.
        """
        shown: list[Question] = []
        current = self.first_question()
        seen: set[str] = set()
        while current is not None and current.question_id not in seen:
            shown.append(current)
            seen.add(current.question_id)
            if current.question_id not in answers:
                break
            next_id = self.next_question_id(current, answers[current.question_id])
            current = self.find_question(next_id) if next_id else None
        return shown


def _option_at(question: Question, option_index: int) -> Option:
    if not 0 <= option_index < len(question.options):
        raise SurveyError(
            FieldError(
                f"question {question.question_id}",
                f"question {question.label!r} has {len(question.options)} options; "
                f"option {option_index} does not exist",
            )
        )
    return question.options[option_index]


# --- parsing and validation ---------------------------------------------------------------


def _where(index: int, question_id: str | None) -> str:
    return f"questions[{index}] ({question_id or 'no id'})"


def _named(text: object, tag: object) -> str:
    """The start of a message: the question's text and tag, as far as they are known."""
    parts = []
    if isinstance(text, str) and text.strip():
        shown = text if len(text) <= 60 else text[:57] + "..."
        parts.append(f"{shown!r}")
    if isinstance(tag, str) and tag.strip():
        parts.append(f"tag {tag!r}")
    return "question " + (", ".join(parts) if parts else "without text or tag")


def _is_value(value: object) -> bool:
    return value is None or (isinstance(value, str | int | float) and not isinstance(value, bool))


class _SurveyReader:
    """Collects every problem while building the model, so one pass reports them all."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def problem(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def read(self, doc: object, survey_id: str | None) -> Survey:
        if not isinstance(doc, dict):
            self.problem("/", "a survey must be a JSON object")
            return Survey(survey_id or "", "", ())
        if isinstance(doc.get("data"), dict):
            data: Mapping[str, Any] = doc["data"]
            found_id = doc.get("id")
            if not isinstance(found_id, str) or not found_id:
                self.problem("/id", "the survey document has no id")
                found_id = ""
            survey_id = survey_id or found_id
        elif "data" in doc:
            self.problem("/data", "must be an object with name and questions")
            return Survey(survey_id or "", "", ())
        else:
            data = doc
            doc_id = doc.get("id")
            survey_id = survey_id or (doc_id if isinstance(doc_id, str) else "")
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem("name", "the survey needs a name")
            name = ""
        campaign_id = data.get("campaignId")
        if campaign_id is not None and not isinstance(campaign_id, str):
            self.problem("campaignId", "must be a string id")
            campaign_id = None
        raw_questions = data.get("questions", [])
        if not isinstance(raw_questions, list):
            self.problem("questions", "must be a list of questions")
            raw_questions = []
        questions = [
            self._question(index, raw, survey_id or "") for index, raw in enumerate(raw_questions)
        ]
        kept = tuple(q for q in questions if q is not None)
        self._check_ids_and_flow(raw_questions, kept)
        return Survey(id=survey_id or "", name=name, questions=kept, campaign_id=campaign_id)

    def _question(self, index: int, raw: object, survey_id: str) -> Question | None:
        if not isinstance(raw, dict):
            self.problem(_where(index, None), "each question must be an object")
            return None
        raw_id = raw.get("questionId")
        if raw_id is not None and (not isinstance(raw_id, str) or not raw_id.strip()):
            self.problem(
                _where(index, None),
                f"{_named(raw.get('text'), raw.get('tag'))}: questionId must be a non-empty string",
            )
            raw_id = None
        # The API generates an id when none is given; ours is stable so answers keep their key.
        question_id = raw_id or str(
            uuid.uuid5(SURVEY_NAMESPACE, f"{survey_id}:{index}:{raw.get('tag')}")
        )
        where = _where(index, raw_id)
        named = _named(raw.get("text"), raw.get("tag"))
        text, tag = raw.get("text"), raw.get("tag")
        if not isinstance(text, str) or not text.strip():
            self.problem(where, f"{named}: the question text is missing")
            text = ""
        if not isinstance(tag, str) or not tag.strip():
            self.problem(
                where, f"{named}: the tag (the key its answers are stored under) is missing"
            )
            tag = ""
        raw_type = raw.get("type")
        qtype = normalize_type(raw_type) if isinstance(raw_type, str) else ""
        if qtype not in QUESTION_TYPES:
            self.problem(
                where,
                f"{named}: type {raw_type!r} is unknown; use one of {', '.join(QUESTION_TYPES)}",
            )
        required = raw.get("required", False)
        if not isinstance(required, bool):
            self.problem(where, f"{named}: required must be true or false")
            required = False

        raw_options = raw.get("options", [])
        if not isinstance(raw_options, list):
            self.problem(where, f"{named}: options must be a list")
            raw_options = []
        options = tuple(
            option
            for option_index, raw_option in enumerate(raw_options)
            if (option := self._option(where, named, option_index, raw_option)) is not None
        )
        if qtype in OPTION_COUNTS:
            low, high = OPTION_COUNTS[qtype]
            count = len(raw_options)
            if count < low or (high is not None and count > high):
                wanted = (
                    f"exactly {low}"
                    if low == high
                    else f"{low} to {high}"
                    if high is not None
                    else f"at least {low}"
                )
                self.problem(
                    where,
                    f"{named}: a {qtype} question needs {wanted} options, it has {count}",
                )

        choices: tuple[Choice, ...] = ()
        if qtype == "multi-select":
            raw_choices = raw.get("choices", [])
            if not isinstance(raw_choices, list):
                self.problem(where, f"{named}: choices must be a list")
                raw_choices = []
            if not raw_choices:
                self.problem(where, f"{named}: a multi-select question needs at least 1 choice")
            choices = tuple(
                choice
                for choice_index, raw_choice in enumerate(raw_choices)
                if (choice := self._choice(where, named, choice_index, raw_choice)) is not None
            )

        url = raw.get("url")
        if url is not None and not isinstance(url, str):
            self.problem(where, f"{named}: url must be a string")
            url = None
        if qtype in ("pdf", "youtube") and not (isinstance(url, str) and url.strip()):
            self.problem(
                where, f"{named}: a {qtype} question needs the url of its document or video"
            )

        multiline, max_length, keyboard, placeholder = False, DEFAULT_TEXT_MAX, "text", ""
        if qtype == "text":
            multiline = raw.get("multiline", False)
            if not isinstance(multiline, bool):
                self.problem(where, f"{named}: multiline must be true or false")
                multiline = False
            max_length = raw.get("max", DEFAULT_TEXT_MAX)
            if isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 1:
                self.problem(
                    where,
                    f"{named}: max must be a whole number of characters, 1 or more, got {max_length!r}",
                )
                max_length = DEFAULT_TEXT_MAX
            keyboard = raw.get("keyboard", "text")
            if keyboard not in KEYBOARDS:
                self.problem(
                    where,
                    f"{named}: keyboard {keyboard!r} is unknown; use one of {', '.join(KEYBOARDS)}",
                )
                keyboard = "text"
            placeholder = raw.get("placeholder", "")
            if not isinstance(placeholder, str):
                self.problem(where, f"{named}: placeholder must be a string")
                placeholder = ""

        return Question(
            question_id=question_id,
            text=text,
            tag=tag,
            type=qtype,
            options=options,
            required=required,
            choices=choices,
            url=url,
            multiline=multiline,
            max_length=max_length,
            keyboard=keyboard,
            placeholder=placeholder,
        )

    def _label_parts(
        self, where: str, named: str, raw: Mapping[str, Any]
    ) -> tuple[str | None, str | None, str | None, bool, str | int | float | None]:
        text, icon, tag = raw.get("text"), raw.get("icon"), raw.get("tag")
        if text is not None and not isinstance(text, str):
            self.problem(where, f"{named}: text must be a string")
            text = None
        if isinstance(text, str) and not text.strip():
            text = None
        icon_reported = False
        if icon is not None:
            if not isinstance(icon, str) or normalize_icon(icon) not in ICONS:
                icon_reported = True
                self.problem(
                    where, f"{named}: icon {icon!r} is unknown; use one of {', '.join(ICONS)}"
                )
                icon = None
            else:
                icon = normalize_icon(icon)
        if text is None and icon is None and not icon_reported:
            self.problem(where, f"{named}: needs a text or an icon")
        if tag is not None and not isinstance(tag, str):
            self.problem(where, f"{named}: tag must be a string")
            tag = None
        success = raw.get("success", False)
        if not isinstance(success, bool):
            self.problem(where, f"{named}: success must be true or false")
            success = False
        value = raw.get("value")
        if not _is_value(value):
            self.problem(where, f"{named}: value must be a string or a number")
            value = None
        return text, icon, tag, success, value

    def _option(self, where: str, named: str, index: int, raw: object) -> Option | None:
        at = f"{where}.options[{index}]"
        if not isinstance(raw, dict):
            self.problem(at, f"{named}: each option must be an object")
            return None
        text, icon, tag, success, value = self._label_parts(at, named, raw)
        action: Action | None = None
        raw_action = raw.get("action")
        if raw_action is not None:
            if not isinstance(raw_action, dict):
                self.problem(at, f"{named}: the action must be an object with a type")
            else:
                action_type = raw_action.get("type")
                target = raw_action.get("questionId")
                if action_type not in ACTION_TYPES:
                    self.problem(
                        at,
                        f"{named}: action type {action_type!r} is unknown; "
                        f"use one of {', '.join(ACTION_TYPES)}",
                    )
                elif target is not None and not isinstance(target, str):
                    self.problem(at, f"{named}: the action's questionId must be a string")
                elif action_type == "question" and not target:
                    self.problem(at, f"{named}: a question action needs the questionId to go to")
                else:
                    action = Action(type=action_type, question_id=target or None)
        return Option(text=text, icon=icon, tag=tag, success=success, value=value, action=action)

    def _choice(self, where: str, named: str, index: int, raw: object) -> Choice | None:
        at = f"{where}.choices[{index}]"
        if not isinstance(raw, dict):
            self.problem(at, f"{named}: each choice must be an object")
            return None
        text, icon, tag, success, value = self._label_parts(at, named, raw)
        return Choice(text=text, icon=icon, tag=tag, success=success, value=value)

    def _check_ids_and_flow(
        self, raw_questions: list[Any], questions: tuple[Question, ...]
    ) -> None:
        positions: dict[str, int] = {}
        for index, question in enumerate(questions):
            if question.question_id in positions:
                first = positions[question.question_id]
                self.problem(
                    _where(index, question.question_id),
                    f"{_named(question.text, question.tag)}: questionId {question.question_id!r} "
                    f"is already used by questions[{first}]",
                )
            else:
                positions[question.question_id] = index

        # Dangling targets.
        edges: dict[str, list[str]] = {q.question_id: [] for q in questions}
        for index, question in enumerate(questions):
            for option_index, option in enumerate(question.options):
                action = option.action
                if action is not None and action.type == "end":
                    continue
                if action is not None and action.question_id:
                    target = action.question_id
                    if target not in positions:
                        self.problem(
                            f"{_where(index, question.question_id)}.options[{option_index}]",
                            f"{_named(question.text, question.tag)}: option "
                            f"{option.label!r} goes to question {target!r}, "
                            "which is not in this survey",
                        )
                        continue
                elif index + 1 < len(questions):
                    target = questions[index + 1].question_id
                else:
                    continue
                edges[question.question_id].append(target)
        self._check_cycles(questions, edges)

    def _check_cycles(self, questions: tuple[Question, ...], edges: dict[str, list[str]]) -> None:
        white, grey, black = 0, 1, 2
        colour = dict.fromkeys(edges, white)
        by_id = {q.question_id: q for q in questions}
        reported: set[frozenset[str]] = set()

        def visit(node: str, trail: list[str]) -> None:
            colour[node] = grey
            trail.append(node)
            for target in edges[node]:
                if colour[target] == grey:
                    cycle = trail[trail.index(target) :]
                    key = frozenset(cycle)
                    if key not in reported:
                        reported.add(key)
                        names = " → ".join(
                            f"{qid} ({by_id[qid].tag!r})" for qid in [*cycle, target]
                        )
                        start = next(i for i, q in enumerate(questions) if q.question_id == target)
                        self.problem(
                            _where(start, target),
                            f"{_named(by_id[target].text, by_id[target].tag)}: the flow loops "
                            f"back on itself: {names}",
                        )
                elif colour[target] == white:
                    visit(target, trail)
            trail.pop()
            colour[node] = black

        for question in questions:
            if colour[question.question_id] == white:
                visit(question.question_id, [])


def survey_problems(doc: object, survey_id: str | None = None) -> list[FieldError]:
    """Every problem with a survey, without raising; empty when it can be used."""
    reader = _SurveyReader()
    reader.read(doc, survey_id)
    return reader.errors


def parse_survey(doc: object, survey_id: str | None = None) -> Survey:
    """A survey from ``{id, data: {name, questions, ...}}`` or from the bare ``data``.

    Raises SurveyError listing every problem, each naming its question.
    """
    reader = _SurveyReader()
    survey = reader.read(doc, survey_id)
    if reader.errors:
        raise SurveyError(reader.errors)
    return survey


# --- answers ------------------------------------------------------------------------------


def as_number(value: object) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    return None


# What a person reads when an answer cannot be taken: the question named by its text.
ANSWER_REQUIRED = QT_TRANSLATE_NOOP(
    "Survey", "“{question}” is required: answer it before going on."
)
ANSWER_TOO_LONG = QT_TRANSLATE_NOOP(
    "Survey",
    "The answer to “{question}” is {length} characters long; at most {limit} fit.",
)
ANSWER_NOT_A_NUMBER = QT_TRANSLATE_NOOP(
    "Survey", "The answer to “{question}” must be a number; “{value}” is not one."
)
ANSWER_NOT_AN_AMOUNT = QT_TRANSLATE_NOOP(
    "Survey", "The amount for “{question}” must be a number of 0 or more; “{value}” is not."
)


class AnswerError(SurveyError):
    """An answer that cannot be recorded; ``message`` says so in the person's words."""

    def __init__(self, question: Question, message: Message) -> None:
        self.message = message
        super().__init__(FieldError(f"question {question.question_id}", str(message)))


def _answer_error(question: Question, template: MessageTemplate, **args: Any) -> AnswerError:
    return AnswerError(question, template.with_args(question=question.label, **args))


def _misuse(question: Question, detail: str) -> SurveyError:
    """A caller's mistake (not a person's answer): for the logs, in English."""
    return SurveyError(FieldError(f"question {question.question_id}", detail))


def answer_fields(
    question: Question,
    *,
    option_index: int | None = None,
    choice_indexes: Sequence[int] | None = None,
    value: object = None,
) -> dict[str, Any]:
    """The ``fields`` recorded for one question, keyed by its tag (api-notes §5.1).

    availability / multi-choice / pdf / youtube / verification: the option's value, else
    its text; payment: ``value`` (an amount) if given, else the option's value or text;
    multi-select: the list of chosen choice texts; scale: a number (the option's value,
    else its 1..5 position); text: ``value`` trimmed, within ``max``. Nothing answered
    gives ``{}``, which is an error (``AnswerError``) only for a required question.
    """
    answer: Any = None
    if question.type == "multi-select":
        if choice_indexes is not None:
            picked: list[str] = []
            for index in choice_indexes:
                if not 0 <= index < len(question.choices):
                    raise _misuse(
                        question, f"choice {index} does not exist ({len(question.choices)} choices)"
                    )
                label = question.choices[index].label
                if label not in picked:
                    picked.append(label)
            answer = picked or None
    elif question.type == "text":
        if value is not None:
            if not isinstance(value, str):
                raise _misuse(question, f"the answer must be text, got {type(value).__name__}")
            trimmed = value.strip()
            if len(trimmed) > question.max_length:
                raise _answer_error(
                    question, ANSWER_TOO_LONG, length=len(trimmed), limit=question.max_length
                )
            if question.keyboard == "number" and trimmed and as_number(trimmed) is None:
                raise _answer_error(question, ANSWER_NOT_A_NUMBER, value=trimmed)
            answer = trimmed or None
    elif question.type == "scale":
        if option_index is not None:
            option = _option_at(question, option_index)
            number = as_number(option.value)
            answer = number if number is not None else option_index + 1
        elif value is not None:
            number = as_number(value)
            if number is None:
                raise _answer_error(question, ANSWER_NOT_A_NUMBER, value=value)
            answer = number
    elif question.type == "payment" and value is not None:
        amount = as_number(value)
        if amount is None or amount < 0:
            raise _answer_error(question, ANSWER_NOT_AN_AMOUNT, value=value)
        answer = amount
    elif option_index is not None:
        option = _option_at(question, option_index)
        answer = option.value if option.value is not None else option.label

    if answer is None:
        if question.required:
            raise _answer_error(question, ANSWER_REQUIRED)
        return {}
    return {question.tag: answer}


def is_successful(question: Question, option_index: int | None) -> bool:
    """Whether the chosen option marks the visit as a success."""
    if option_index is None:
        return False
    return _option_at(question, option_index).success


def build_responses(answered: Sequence[tuple[Question, Mapping[str, Any]]]) -> dict[str, Any]:
    """``{questionId: {"questionId": id, "fields": fields}}`` for the questions shown."""
    responses: dict[str, Any] = {}
    for question, fields in answered:
        responses[question.question_id] = {
            "questionId": question.question_id,
            "fields": dict(fields),
        }
    return responses


# --- the surveys the demo seeds -----------------------------------------------------------


def stable_question_id(survey_key: str, tag: str) -> str:
    return str(uuid.uuid5(SURVEY_NAMESPACE, f"{survey_key}:{tag}"))


UNAVAILABLE_REASONS: tuple[str, ...] = (
    "Not Home",
    "Refused",
    "Inaccessible",
    "Moved",
    "Other Language",
    "Deceased",
)


def _goto(question_id: str) -> dict[str, Any]:
    return {"type": "question", "questionId": question_id}


_END: dict[str, Any] = {"type": "end"}


def default_survey_data(campaign_id: str | None = None) -> dict[str, Any]:
    """The default survey: "available?" and, when unavailable, why."""
    q_available = stable_question_id("default", "available")
    q_reason = stable_question_id("default", "unavailable_reason")
    data: dict[str, Any] = {
        "name": "Default Survey",
        "questions": [
            {
                "questionId": q_available,
                "text": "Is the contact available?",
                "tag": "available",
                "type": "availability",
                "required": True,
                "options": [
                    {
                        "text": "Unavailable",
                        "icon": "no",
                        "tag": "available_Unavailable",
                        "value": "false",
                        "success": False,
                        "action": _goto(q_reason),
                    },
                    {
                        "text": "Available",
                        "icon": "yes",
                        "tag": "available_Available",
                        "value": "true",
                        "success": False,
                        "action": dict(_END),
                    },
                ],
            },
            {
                "questionId": q_reason,
                "text": "Why is the contact unavailable?",
                "tag": "unavailable_reason",
                "type": "multi-choice",
                "required": False,
                "options": [
                    {"text": reason, "tag": f"unavailable_reason_{reason}", "action": dict(_END)}
                    for reason in UNAVAILABLE_REASONS
                ],
            },
        ],
    }
    if campaign_id is not None:
        data["campaignId"] = campaign_id
    return data


def showcase_survey_data(campaign_id: str | None = None) -> dict[str, Any]:
    """A survey using all nine question types, with branching on several of them."""

    def qid(tag: str) -> str:
        return stable_question_id("showcase", tag)

    faces = ("face-saddest", "face-sad", "face-neutral", "face-happy", "face-happiest")
    data: dict[str, Any] = {
        "name": "Neighbourhood Survey",
        "questions": [
            {
                "questionId": qid("available"),
                "text": "Is the contact available?",
                "tag": "available",
                "type": "availability",
                "required": True,
                "options": [
                    {
                        "text": "Unavailable",
                        "icon": "no",
                        "value": "false",
                        "action": _goto(qid("unavailable_reason")),
                    },
                    {
                        "text": "Available",
                        "icon": "yes",
                        "value": "true",
                        "action": _goto(qid("support")),
                    },
                ],
            },
            {
                "questionId": qid("unavailable_reason"),
                "text": "Why is the contact unavailable?",
                "tag": "unavailable_reason",
                "type": "multi-choice",
                "options": [
                    {"text": reason, "action": dict(_END)} for reason in UNAVAILABLE_REASONS
                ],
            },
            {
                "questionId": qid("support"),
                "text": "How much do you support the new park plan?",
                "tag": "support",
                "type": "scale",
                "required": True,
                "options": [
                    {
                        "icon": face,
                        "value": position,
                        "success": position >= 4,
                        # Doubters get the video first; supporters go straight to the issues.
                        "action": _goto(qid("watched_video") if position <= 2 else qid("issues")),
                    }
                    for position, face in enumerate(faces, start=1)
                ],
            },
            {
                "questionId": qid("watched_video"),
                "text": "Would you watch a one-minute video about the plan?",
                "tag": "watched_video",
                "type": "youtube",
                "url": "https://www.youtube.com/watch?v=park-plan-demo",
                "options": [
                    {
                        "text": "Watched",
                        "icon": "yes",
                        "value": "true",
                        "action": _goto(qid("issues")),
                    },
                    {
                        "text": "Skipped",
                        "icon": "no",
                        "value": "false",
                        "action": _goto(qid("issues")),
                    },
                ],
            },
            {
                "questionId": qid("issues"),
                "text": "Which issues matter most to you?",
                "tag": "issues",
                "type": "multi-select",
                "choices": [
                    {"text": "Housing"},
                    {"text": "Transit"},
                    {"text": "Schools"},
                    {"text": "Parks"},
                    {"text": "Safety"},
                ],
                "options": [{"text": "Next", "action": _goto(qid("read_platform"))}],
            },
            {
                "questionId": qid("read_platform"),
                "text": "May I leave you our platform to read?",
                "tag": "read_platform",
                "type": "pdf",
                "url": "https://polis.example/platform.pdf",
                "options": [
                    {
                        "text": "Read it",
                        "icon": "yes",
                        "value": "true",
                        "action": _goto(qid("donation")),
                    },
                    {
                        "text": "Not now",
                        "icon": "no",
                        "value": "false",
                        "action": _goto(qid("email")),
                    },
                ],
            },
            {
                "questionId": qid("donation"),
                "text": "Would you chip in to support the campaign?",
                "tag": "donation",
                "type": "payment",
                "options": [
                    {"text": "$10", "value": 10, "success": True, "action": _goto(qid("verified"))},
                    {"text": "$25", "value": 25, "success": True, "action": _goto(qid("verified"))},
                    {"text": "No thanks", "value": 0, "action": _goto(qid("email"))},
                ],
            },
            {
                "questionId": qid("verified"),
                "text": "Confirm the donor's name and address on the receipt.",
                "tag": "verified",
                "type": "verification",
                "options": [
                    {"text": "Verified", "icon": "yes", "value": "true"},
                    {"text": "Could not verify", "icon": "no", "value": "false"},
                ],
            },
            {
                "questionId": qid("email"),
                "text": "What email address can we reach you at?",
                "tag": "email",
                "type": "text",
                "keyboard": "email",
                "max": 254,
                "multiline": False,
                "placeholder": "name@example.org",
                "options": [
                    {"text": "Save", "action": dict(_END)},
                    {"text": "Skip", "action": dict(_END)},
                ],
            },
        ],
    }
    if campaign_id is not None:
        data["campaignId"] = campaign_id
    return data
