"""The survey form: one question at a time, following each option's action, then a review.

The flow (where an option leads), the answer fields and the response document all come
from ``core.survey``; this widget shows questions, keeps what was picked, and refuses
"Next" on a required question with the message core gives. A survey that cannot be used
shows its problems, each naming the question, and the one-tap outcomes keep working.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.errors import FieldError, SurveyError
from canvass_app.core.survey import (
    Question,
    Survey,
    answer_fields,
    build_responses,
    is_successful,
)

OPTION_KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class QuestionAnswer:
    """What the canvasser picked on one question (not yet turned into fields)."""

    option_index: int | None = None
    choice_indexes: list[int] = field(default_factory=list)
    value: str | None = None


@dataclass(frozen=True)
class SurveyResult:
    """A finished survey, ready for ``services.visits.VisitDraft``."""

    survey_id: str
    responses: dict[str, Any]
    successful: bool
    answered: tuple[tuple[Question, dict[str, Any]], ...]


def icon_word(icon: str | None) -> str:
    """Words for an option icon (options may have an icon and no text)."""
    from PySide6.QtCore import QCoreApplication

    words = {
        "face-saddest": QCoreApplication.translate("SurveyFormWidget", "Very unhappy"),
        "face-sad": QCoreApplication.translate("SurveyFormWidget", "Unhappy"),
        "face-neutral": QCoreApplication.translate("SurveyFormWidget", "Neutral"),
        "face-happy": QCoreApplication.translate("SurveyFormWidget", "Happy"),
        "face-happiest": QCoreApplication.translate("SurveyFormWidget", "Very happy"),
        "yes": QCoreApplication.translate("SurveyFormWidget", "Yes"),
        "no": QCoreApplication.translate("SurveyFormWidget", "No"),
        "questionmark": QCoreApplication.translate("SurveyFormWidget", "Not sure"),
    }
    return words.get(icon or "", icon or "")


def option_text(text: str | None, icon: str | None) -> str:
    return text if text else icon_word(icon)


def answer_summary(question: Question, fields: Mapping[str, Any]) -> str:
    """The answer as a person reads it on the review page."""
    if question.tag not in fields:
        return ""
    value = fields[question.tag]
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    for option in question.options:
        if option.value is not None and option.value == value:
            label = option_text(option.text, option.icon)
            return f"{value} — {label}" if question.type == "scale" else label
    return str(value)


def answer_from_fields(question: Question, fields: Mapping[str, Any]) -> QuestionAnswer:
    """The inverse of ``answer_fields`` as far as it goes: re-open a saved answer to edit it."""
    answer = QuestionAnswer()
    if question.tag not in fields:
        return answer
    value = fields[question.tag]
    if question.type == "multi-select" and isinstance(value, list):
        labels = [choice.label for choice in question.choices]
        answer.choice_indexes = [labels.index(item) for item in value if item in labels]
        return answer
    if question.type == "text":
        answer.value = str(value)
        return answer
    for index, option in enumerate(question.options):
        if value == option.value or value == option.label:
            answer.option_index = index
            return answer
    if question.type == "scale" and isinstance(value, int) and 1 <= value <= len(question.options):
        answer.option_index = value - 1
    elif question.type == "payment":
        answer.value = str(value)
    return answer


class SurveyFormWidget(QWidget):
    """Questions → review → Save. Emits ``survey_completed`` with a SurveyResult."""

    survey_completed = Signal(object)  # SurveyResult
    start_requested = Signal()  # the "Start the survey" button

    PAGE_EMPTY, PAGE_QUESTION, PAGE_REVIEW, PAGE_PROBLEMS = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Survey"))
        self._survey: Survey | None = None
        self._trail: list[str] = []
        self._answers: dict[str, QuestionAnswer] = {}
        self._save_label = self.tr("Save visit")

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)

        # empty page
        self.empty_label = QLabel(self.tr("Pick a person in the walklist to start the survey."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(self.tr("No survey open"))
        self.start_button = QPushButton(self.tr("Start the survey (Enter)"))
        self.start_button.setAccessibleName(self.tr("Start the survey"))
        self.start_button.clicked.connect(self.start_requested)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(1)
        self.pages.addWidget(empty_page)

        # question page
        question_page = QWidget()
        qlayout = QVBoxLayout(question_page)
        self.progress_label = QLabel()
        self.progress_label.setAccessibleName(self.tr("Question number"))
        self.question_label = QLabel()
        self.question_label.setObjectName("questionText")
        self.question_label.setWordWrap(True)
        self.question_label.setAccessibleName(self.tr("Question"))
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setAccessibleName(self.tr("How to answer"))
        self.link_label = QLabel()
        self.link_label.setOpenExternalLinks(True)
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.link_label.setWordWrap(True)
        self.link_label.setAccessibleName(self.tr("Link"))
        self.input_area = QWidget()
        self.input_layout = QVBoxLayout(self.input_area)
        self.input_layout.setContentsMargins(0, 0, 0, 0)
        self.options_area = QWidget()
        self.options_layout = QGridLayout(self.options_area)
        self.options_layout.setContentsMargins(0, 0, 0, 0)
        self.options_layout.setSpacing(6)
        self.option_group = QButtonGroup(self)
        self.option_group.setExclusive(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("surveyMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Survey message"))
        self.message_label.setVisible(False)

        scroll_body = QWidget()
        body = QVBoxLayout(scroll_body)
        body.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.progress_label,
            self.question_label,
            self.hint_label,
            self.link_label,
            self.input_area,
            self.options_area,
            self.message_label,
        ):
            body.addWidget(widget)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(scroll_body)
        qlayout.addWidget(scroll, 1)

        nav = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀ Back"))
        self.back_button.setAccessibleName(self.tr("Back to the previous question"))
        self.back_button.setToolTip(self.tr("Backspace"))
        self.back_button.clicked.connect(self.go_back)
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.next_button.setAccessibleName(self.tr("Next question"))
        self.next_button.setToolTip(self.tr("Enter"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.go_next)
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        qlayout.addLayout(nav)
        self.pages.addWidget(question_page)

        # review page
        review_page = QWidget()
        rlayout = QVBoxLayout(review_page)
        review_title = QLabel(self.tr("Check the answers before saving"))
        review_title.setObjectName("questionText")
        review_title.setAccessibleName(self.tr("Review"))
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        self.review_label.setTextFormat(Qt.TextFormat.RichText)
        self.review_label.setAccessibleName(self.tr("Answers to review"))
        self.review_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        review_scroll = QScrollArea()
        review_scroll.setWidgetResizable(True)
        review_scroll.setFrameShape(QFrame.Shape.NoFrame)
        review_scroll.setWidget(self.review_label)
        rnav = QHBoxLayout()
        self.review_back_button = QPushButton(self.tr("◀ Back"))
        self.review_back_button.setAccessibleName(self.tr("Back to the last question"))
        self.review_back_button.setToolTip(self.tr("Backspace"))
        self.review_back_button.clicked.connect(self.go_back)
        self.save_button = QPushButton(self._save_label)
        self.save_button.setAccessibleName(self.tr("Save the visit"))
        self.save_button.setToolTip(self.tr("Enter"))
        self.save_button.clicked.connect(self.save)
        rnav.addWidget(self.review_back_button)
        rnav.addStretch(1)
        rnav.addWidget(self.save_button)
        rlayout.addWidget(review_title)
        rlayout.addWidget(review_scroll, 1)
        rlayout.addLayout(rnav)
        self.pages.addWidget(review_page)

        # problems page
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setObjectName("surveyMessage")
        self.problems_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.problems_label.setAccessibleName(self.tr("Survey problems"))
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages.addWidget(self.problems_label)

        # keyboard: Enter = next/save, Backspace = back (text fields keep their own keys)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for sequence in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self, context=context)
            shortcut.activated.connect(self._on_enter_pressed)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self, context=context)
            shortcut.activated.connect(self._on_ctrl_enter_pressed)
        back = QShortcut(QKeySequence(Qt.Key.Key_Backspace), self, context=context)
        back.activated.connect(self._on_backspace_pressed)
        self._option_shortcuts: list[QShortcut] = []
        for index, letter in enumerate(OPTION_KEYS):
            shortcut = QShortcut(QKeySequence(letter), self, context=context)
            shortcut.activated.connect(lambda i=index: self._pick_option(i))
            self._option_shortcuts.append(shortcut)

        self._input_line: QLineEdit | None = None
        self._input_text: QPlainTextEdit | None = None
        self._choice_boxes: list[QCheckBox] = []
        self.pages.setCurrentIndex(self.PAGE_EMPTY)

    # --- public ----------------------------------------------------------------------

    @property
    def survey(self) -> Survey | None:
        return self._survey

    @property
    def current_question(self) -> Question | None:
        if (
            self._survey is None
            or not self._trail
            or self.pages.currentIndex() != self.PAGE_QUESTION
        ):
            return None
        return self._survey.find_question(self._trail[-1])

    def clear(self, message: str | None = None, *, can_start: bool = True) -> None:
        self.start_button.setVisible(can_start)
        self._survey = None
        self._trail = []
        self._answers = {}
        if message is not None:
            self.empty_label.setText(message)
        self.pages.setCurrentIndex(self.PAGE_EMPTY)

    def show_problems(self, survey_name: str, problems: Sequence[FieldError]) -> None:
        """A survey that cannot be used: say what is wrong; the outcome bar still works."""
        self.clear()
        lines = "\n".join(f"• {problem}" for problem in problems)
        self.problems_label.setText(
            self.tr(
                "The survey “{name}” cannot be used:\n{lines}\n\n"
                "Record the door with the one-tap outcomes (keys 1–7) and tell your "
                "organiser so they can fix the survey."
            ).format(name=survey_name or self.tr("(no name)"), lines=lines)
        )
        self.pages.setCurrentIndex(self.PAGE_PROBLEMS)

    def start(
        self,
        survey: Survey,
        *,
        responses: Mapping[str, Any] | None = None,
        save_label: str | None = None,
    ) -> None:
        """Open ``survey`` at its first question; ``responses`` re-opens saved answers."""
        self._survey = survey
        self._trail = []
        self._answers = {}
        self._save_label = save_label or self.tr("Save visit")
        self.save_button.setText(self._save_label)
        for question_id, response in (responses or {}).items():
            question = survey.find_question(question_id)
            if question is not None and isinstance(response, Mapping):
                fields = response.get("fields")
                if isinstance(fields, Mapping):
                    self._answers[question_id] = answer_from_fields(question, fields)
        first = survey.first_question()
        if first is None:
            self.show_problems(
                survey.name, [FieldError("questions", self.tr("the survey has no questions"))]
            )
            return
        self._trail = [first.question_id]
        self._show_question(first)

    def go_next(self) -> None:
        question = self.current_question
        if self._survey is None or question is None:
            return
        self._store_inputs(question)
        answer = self._answers.get(question.question_id, QuestionAnswer())
        try:
            self._fields_for(question, answer)
        except SurveyError as error:
            self._show_message(self._plain_error(error))
            return
        if answer.option_index is not None:
            next_id = self._survey.next_question_id(question, answer.option_index)
        else:
            next_id = self._next_in_order(question)
        if next_id is None or next_id in self._trail or self._survey.find_question(next_id) is None:
            self._show_review()
            return
        self._trail.append(next_id)
        self._show_question(self._survey.question(next_id))

    def go_back(self) -> None:
        if self._survey is None:
            return
        if self.pages.currentIndex() == self.PAGE_REVIEW:
            self._show_question(self._survey.question(self._trail[-1]))
            return
        question = self.current_question
        if question is not None:
            self._store_inputs(question)
        if len(self._trail) > 1:
            self._trail.pop()
            self._show_question(self._survey.question(self._trail[-1]))

    def result(self) -> SurveyResult:
        """The answers along the path taken (answers on abandoned branches are dropped)."""
        assert self._survey is not None
        answered: list[tuple[Question, dict[str, Any]]] = []
        successful = False
        for question_id in self._trail:
            question = self._survey.question(question_id)
            answer = self._answers.get(question_id, QuestionAnswer())
            answered.append((question, self._fields_for(question, answer)))
            if answer.option_index is not None and is_successful(question, answer.option_index):
                successful = True
        return SurveyResult(
            survey_id=self._survey.id,
            responses=build_responses(answered),
            successful=successful,
            answered=tuple(answered),
        )

    def save(self) -> None:
        if self._survey is None or self.pages.currentIndex() != self.PAGE_REVIEW:
            return
        try:
            result = self.result()
        except SurveyError as error:  # an answer went stale after Back; say which
            self._show_message(self._plain_error(error))
            return
        self.survey_completed.emit(result)

    def choose_option(self, index: int) -> None:
        """Pick option ``index`` of the current question (keys A, B, C…)."""
        self._pick_option(index)

    # --- internals -------------------------------------------------------------------

    def _next_in_order(self, question: Question) -> str | None:
        # No option picked (an optional question): carry on in array order, as core does
        # for an option without an action.
        assert self._survey is not None
        index = self._survey.index_of(question.question_id)
        questions = self._survey.questions
        return questions[index + 1].question_id if index + 1 < len(questions) else None

    @staticmethod
    def _fields_for(question: Question, answer: QuestionAnswer) -> dict[str, Any]:
        if question.type == "multi-select":
            return answer_fields(
                question,
                option_index=answer.option_index,
                choice_indexes=answer.choice_indexes or None,
            )
        if question.type == "text":
            return answer_fields(question, option_index=answer.option_index, value=answer.value)
        if question.type == "payment" and answer.value:
            return answer_fields(question, option_index=answer.option_index, value=answer.value)
        return answer_fields(question, option_index=answer.option_index)

    @staticmethod
    def _plain_error(error: SurveyError) -> str:
        return "; ".join(problem.message for problem in error.errors)

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))

    def _hint_for(self, question: Question) -> str:
        hints = {
            "availability": self.tr("Pick one."),
            "multi-choice": self.tr("Pick one."),
            "multi-select": self.tr("Tick every one that applies, then pick how to go on."),
            "scale": self.tr("Pick a point on the scale from 1 to 5."),
            "text": self.tr("Type the answer."),
            "verification": self.tr("Check, then pick the result."),
            "payment": self.tr("Pick an amount, or type another amount."),
            "pdf": self.tr("Offer the document, then pick what happened."),
            "youtube": self.tr("Offer the video, then pick what happened."),
        }
        hint = hints.get(question.type, "")
        if question.required:
            hint = self.tr("Required.") + " " + hint
        return hint

    def _clear_inputs(self) -> None:
        while self.input_layout.count():
            item = self.input_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen now, deleted on the next loop turn
                widget.deleteLater()
        while self.options_layout.count():
            item = self.options_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                self.option_group.removeButton(widget)  # type: ignore[arg-type]
                widget.hide()
                widget.deleteLater()
        self._input_line = None
        self._input_text = None
        self._choice_boxes = []

    def _show_question(self, question: Question) -> None:
        assert self._survey is not None
        self._clear_inputs()
        self._show_message("")
        answer = self._answers.setdefault(question.question_id, QuestionAnswer())
        self.progress_label.setText(
            self.tr("{survey} — question {n}").format(survey=self._survey.name, n=len(self._trail))
        )
        self.question_label.setText(question.text)
        self.hint_label.setText(self._hint_for(question))
        if question.url:
            label = {
                "pdf": self.tr("Open the document"),
                "youtube": self.tr("Open the video"),
            }.get(question.type, self.tr("Open the link"))
            self.link_label.setText(f'<a href="{question.url}">{label}</a> — {question.url}')
            self.link_label.setAccessibleName(label)
            self.link_label.setVisible(True)
        else:
            self.link_label.setVisible(False)

        if question.type == "multi-select":
            for index, choice in enumerate(question.choices):
                box = QCheckBox(option_text(choice.text, choice.icon))
                box.setAccessibleName(option_text(choice.text, choice.icon))
                box.setChecked(index in answer.choice_indexes)
                self.input_layout.addWidget(box)
                self._choice_boxes.append(box)
        elif question.type == "text":
            if question.multiline:
                text_edit = QPlainTextEdit()
                text_edit.setPlaceholderText(question.placeholder)
                text_edit.setPlainText(answer.value or "")
                text_edit.setTabChangesFocus(True)
                text_edit.setAccessibleName(question.text)
                text_edit.setMinimumHeight(100)
                self.input_layout.addWidget(text_edit)
                self._input_text = text_edit
            else:
                line = QLineEdit()
                line.setPlaceholderText(question.placeholder)
                line.setMaxLength(question.max_length)
                line.setText(answer.value or "")
                line.setAccessibleName(question.text)
                self._apply_keyboard(line, question.keyboard)
                self.input_layout.addWidget(line)
                self._input_line = line
            limit = QLabel(self.tr("At most {n} characters.").format(n=question.max_length))
            limit.setAccessibleName(self.tr("Length limit"))
            self.input_layout.addWidget(limit)
        elif question.type == "payment":
            line = QLineEdit()
            line.setPlaceholderText(self.tr("Other amount"))
            line.setAccessibleName(self.tr("Other amount"))
            self._apply_keyboard(line, "number")
            line.setText(answer.value or "")
            self.input_layout.addWidget(line)
            self._input_line = line
        self.input_area.setVisible(self.input_layout.count() > 0)

        columns = 5 if question.type == "scale" else 2
        for index, option in enumerate(question.options):
            words = option_text(option.text, option.icon)
            key = OPTION_KEYS[index] if index < len(OPTION_KEYS) else ""
            if question.type == "scale":
                # five across: the point on top, its words below, so nothing is cut off
                number = option.value if option.value is not None else index + 1
                shown = f"{key}:  {number}\n{words}" if key else f"{number}\n{words}"
                words = f"{number} — {words}"
            else:
                shown = f"{key}  {words}" if key else words
            button = QPushButton(shown)
            button.setCheckable(True)
            button.setMinimumHeight(64 if question.type == "scale" else 52)
            button.setAccessibleName(words)
            if key:
                button.setToolTip(self.tr("Key {key}").format(key=key))
            self.option_group.addButton(button, index)
            button.setChecked(answer.option_index == index)
            button.clicked.connect(lambda _=False, i=index: self._pick_option(i))
            self.options_layout.addWidget(button, index // columns, index % columns)
        self.options_area.setVisible(bool(question.options))

        # a widget added to a shown layout appears only on the next loop turn; show the
        # new ones now so focus (and the form's keys) can land on them at once
        for layout in (self.input_layout, self.options_layout):
            for position in range(layout.count()):
                item = layout.itemAt(position)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.show()
        self.back_button.setEnabled(len(self._trail) > 1)
        self.pages.setCurrentIndex(self.PAGE_QUESTION)
        focus: QWidget | None = self._input_line or self._input_text
        if focus is None and self._choice_boxes:
            focus = self._choice_boxes[0]
        if focus is None:
            buttons = self.option_group.buttons()
            checked = self.option_group.checkedButton()
            focus = checked or (buttons[0] if buttons else self.next_button)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _apply_keyboard(line: QLineEdit, keyboard: str) -> None:
        if keyboard == "number":
            line.setValidator(
                QRegularExpressionValidator(QRegularExpression(r"^-?\d*([.,]\d*)?$"), line)
            )
            line.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        elif keyboard == "email":
            line.setInputMethodHints(
                Qt.InputMethodHint.ImhEmailCharactersOnly | Qt.InputMethodHint.ImhNoAutoUppercase
            )

    def _store_inputs(self, question: Question) -> None:
        answer = self._answers.setdefault(question.question_id, QuestionAnswer())
        if self._choice_boxes:
            answer.choice_indexes = [
                i for i, box in enumerate(self._choice_boxes) if box.isChecked()
            ]
        if self._input_line is not None:
            answer.value = (
                self._input_line.text().replace(",", ".")
                if (question.type == "payment" or question.keyboard == "number")
                else self._input_line.text()
            )
            if not answer.value.strip():
                answer.value = None
        if self._input_text is not None:
            answer.value = self._input_text.toPlainText() or None

    def _pick_option(self, index: int) -> None:
        question = self.current_question
        if question is None or not 0 <= index < len(question.options):
            return
        answer = self._answers.setdefault(question.question_id, QuestionAnswer())
        answer.option_index = index
        button = self.option_group.button(index)
        if button is not None:
            button.setChecked(True)
            button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._show_message("")

    def _show_review(self) -> None:
        assert self._survey is not None
        rows = []
        from html import escape

        for question_id in self._trail:
            question = self._survey.question(question_id)
            answer = self._answers.get(question_id, QuestionAnswer())
            fields = self._fields_for(question, answer)
            shown = answer_summary(question, fields) or self.tr("(no answer)")
            rows.append(f"<p><b>{escape(question.text)}</b><br>&nbsp;&nbsp;→ {escape(shown)}</p>")
        self.review_label.setText("".join(rows))
        self.pages.setCurrentIndex(self.PAGE_REVIEW)
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_enter_pressed(self) -> None:
        # In a multi-line answer Enter is a new line; Ctrl+Enter moves on.
        if self._input_text is not None and self._input_text.hasFocus():
            self._input_text.insertPlainText("\n")
            return
        self._on_ctrl_enter_pressed()

    def _on_ctrl_enter_pressed(self) -> None:
        page = self.pages.currentIndex()
        if page == self.PAGE_QUESTION:
            self.go_next()
        elif page == self.PAGE_REVIEW:
            self.save()

    def _on_backspace_pressed(self) -> None:
        if self.pages.currentIndex() in (self.PAGE_QUESTION, self.PAGE_REVIEW):
            self.go_back()
