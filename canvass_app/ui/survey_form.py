"""The survey form: one question at a time, then a review, all from the keyboard.

The rules (where an option leads, the required check, what is recorded) are
``core.survey_run.SurveyRun``'s; this widget shows its current question, passes the keys
and clicks to it, and renders its messages in the interface language. Keys: letters pick
options (and tick a multi-select's choices), Enter goes on (Ctrl+Enter in a multi-line
answer), Backspace or Alt+Left goes back, Esc leaves the survey (asking first when
answers would be lost). On the review the arrows, Page Up/Down, Home and End scroll.

A survey that cannot be used shows its problems, each naming the question, and the
one-tap outcomes keep working.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QRegularExpressionValidator,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from canvass_app.core.errors import FieldError
from canvass_app.core.survey import Question, Survey
from canvass_app.core.survey_run import SurveyResult, SurveyRun, option_words
from canvass_app.ui.columns_layout import ColumnsLayout
from canvass_app.ui.i18n import render

__all__ = ["SurveyFormWidget", "SurveyResult"]

OPTION_KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OPTION_HEIGHT = 44  # the theme's target size; a scale's two lines get 56


def _key_range(first: int, count: int) -> str:
    """ "A", or "A–E": the letters of ``count`` keys from ``first``."""
    last = min(first + count, len(OPTION_KEYS)) - 1
    if last < first:
        return ""
    return OPTION_KEYS[first] if last == first else f"{OPTION_KEYS[first]}–{OPTION_KEYS[last]}"


class _LettersAreKeysEdit(QLineEdit):
    """A number field: letters cannot be typed in it, so they stay the form's option keys."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if plain and Qt.Key.Key_A.value <= event.key() <= Qt.Key.Key_Z.value:
                event.ignore()  # not ours: the letter's shortcut fires
                return True
        return super().event(event)


class SurveyFormWidget(QWidget):
    """Questions → review → Save. Emits ``survey_completed`` with a SurveyResult."""

    survey_completed = Signal(object)  # core.survey_run.SurveyResult
    start_requested = Signal()  # the "Start the survey" button
    survey_abandoned = Signal()  # Esc left the survey (after asking, if answers were given)

    PAGE_EMPTY, PAGE_QUESTION, PAGE_REVIEW, PAGE_PROBLEMS = range(4)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Survey"))
        self._run: SurveyRun | None = None
        self._review_rows: list[tuple[str, str]] = []
        self._save_label = self.tr("Save visit")
        # tests replace the question; True leaves the survey and drops its answers
        self.confirm_leave: Callable[[], bool] = self._ask_leave

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        self.pages.addWidget(self._build_empty_page())
        self.pages.addWidget(self._build_question_page())
        self.pages.addWidget(self._build_review_page())
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setObjectName("surveyMessage")
        self.problems_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.problems_label.setAccessibleName(self.tr("Survey problems"))
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages.addWidget(self.problems_label)
        self._build_keys()

        # what the keys of the question on screen do: letter index → action
        self._letter_actions: list[Callable[[], None]] = []
        self.choice_boxes: list[QCheckBox] = []
        self.input_line: QLineEdit | None = None
        self.input_text: QPlainTextEdit | None = None
        self.amount_line: QLineEdit | None = None
        self.pages.setCurrentIndex(self.PAGE_EMPTY)

    # --- building --------------------------------------------------------------------

    def _build_empty_page(self) -> QWidget:
        self.empty_label = QLabel(self.tr("Pick a person in the walklist to start the survey."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(self.tr("No survey open"))
        self.start_button = QPushButton(self.tr("Start the survey (Enter)"))
        self.start_button.setAccessibleName(self.tr("Start the survey"))
        self.start_button.clicked.connect(self.start_requested)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return page

    def _build_question_page(self) -> QWidget:
        self.question_label = QLabel()
        self.question_label.setObjectName("questionText")
        self.question_label.setWordWrap(True)
        self.question_label.setTextFormat(Qt.TextFormat.RichText)
        self.question_label.setAccessibleName(self.tr("Question"))
        self.link_label = QLabel()
        self.link_label.setOpenExternalLinks(True)
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.link_label.setWordWrap(True)
        self.link_label.setAccessibleName(self.tr("Link"))
        # a text answer, above its options (Save / Skip)
        self.input_area = QWidget()
        self.input_layout = QVBoxLayout(self.input_area)
        self.input_layout.setContentsMargins(0, 0, 0, 0)
        self.choices_area = QWidget()
        self.choices_layout = ColumnsLayout(self.choices_area)
        self.options_area = QWidget()
        self.options_layout = ColumnsLayout(self.options_area)
        self.option_group = QButtonGroup(self)
        self.option_group.setExclusive(True)
        # a payment's other amount, below the amounts offered
        self.amount_area = QWidget()
        self.amount_layout = QHBoxLayout(self.amount_area)
        self.amount_layout.setContentsMargins(0, 0, 0, 0)
        self.message_label = QLabel()
        self.message_label.setObjectName("surveyMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Survey message"))
        self.message_label.setVisible(False)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 4, 0)
        body_layout.setSpacing(6)
        for widget in (
            self.question_label,
            self.link_label,
            self.input_area,
            self.choices_area,
            self.options_area,
            self.amount_area,
            self.message_label,
        ):
            body_layout.addWidget(widget)
        body_layout.addStretch(1)
        self.question_scroll = QScrollArea()
        self.question_scroll.setWidgetResizable(True)
        self.question_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.question_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.question_scroll.setWidget(body)

        self.back_button = QPushButton(self.tr("◀ Back"))
        self.back_button.setAccessibleName(self.tr("Back to the previous question"))
        self.back_button.setToolTip(self.tr("Backspace"))
        self.back_button.clicked.connect(self.go_back)
        self.keys_label = QLabel()
        self.keys_label.setWordWrap(True)
        self.keys_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keys_label.setAccessibleName(self.tr("Keys for this question"))
        self.keys_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.next_button.setAccessibleName(self.tr("Next question"))
        self.next_button.setToolTip(self.tr("Enter"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.go_next)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.question_scroll, 1)
        layout.addLayout(self._nav_row(self.back_button, self.keys_label, self.next_button))
        return page

    def _build_review_page(self) -> QWidget:
        self.review_title = QLabel(self.tr("Check the answers, then save"))
        self.review_title.setObjectName("questionText")
        self.review_title.setAccessibleName(self.tr("Review"))
        self.review_scroll = QScrollArea()
        self.review_scroll.setWidgetResizable(True)
        self.review_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.review_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.review_body, self.review_grid = self._review_body()

        self.review_back_button = QPushButton(self.tr("◀ Back"))
        self.review_back_button.setAccessibleName(self.tr("Back to the last question"))
        self.review_back_button.setToolTip(self.tr("Backspace"))
        self.review_back_button.clicked.connect(self.go_back)
        self.review_keys_label = QLabel(
            self.tr("Arrows, Page Up/Down scroll · Enter saves · Esc leaves")
        )
        self.review_keys_label.setWordWrap(True)
        self.review_keys_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.review_keys_label.setAccessibleName(self.tr("Keys for the review"))
        self.review_keys_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        )
        self.save_button = QPushButton(self._save_label)
        self.save_button.setAccessibleName(self.tr("Save the visit"))
        self.save_button.setToolTip(self.tr("Enter"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)

        self.review_page = QWidget()
        layout = QVBoxLayout(self.review_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.review_title)
        layout.addWidget(self.review_scroll, 1)
        layout.addLayout(
            self._nav_row(self.review_back_button, self.review_keys_label, self.save_button)
        )
        return self.review_page

    @staticmethod
    def _nav_row(back: QWidget, keys: QLabel, forward: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(back)
        row.addWidget(keys, 1)
        row.addWidget(forward)
        return row

    def _build_keys(self) -> None:
        """Enter = next / save, Backspace or Alt+Left = back, Esc = leave, letters = options.

        Text fields keep their own keys (a letter types, Backspace deletes)."""
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut

        def key(sequence: QKeySequence | str, slot: Callable[[], None], on: QWidget) -> None:
            shortcut = QShortcut(QKeySequence(sequence), on, context=context)
            shortcut.activated.connect(slot)

        for sequence in ("Return", "Enter"):
            key(sequence, self._on_enter_pressed, self)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            key(sequence, self._on_ctrl_enter_pressed, self)
        for sequence in ("Backspace", "Alt+Left"):
            key(sequence, self.go_back, self)
        key("Escape", self.leave, self)
        for index, letter in enumerate(OPTION_KEYS):
            key(letter, partial(self._on_letter_pressed, index), self)
        # the review scrolls from the keyboard wherever the focus is on it
        scroll = QAbstractSlider.SliderAction
        for sequence, action in (
            ("Down", scroll.SliderSingleStepAdd),
            ("Up", scroll.SliderSingleStepSub),
            ("PgDown", scroll.SliderPageStepAdd),
            ("PgUp", scroll.SliderPageStepSub),
            ("Home", scroll.SliderToMinimum),
            ("End", scroll.SliderToMaximum),
        ):
            key(sequence, partial(self._scroll_review, action), self.review_page)

    # --- public ----------------------------------------------------------------------

    @property
    def survey(self) -> Survey | None:
        return self._run.survey if self._run is not None else None

    @property
    def current_question(self) -> Question | None:
        """The question on screen (None on the review or with no survey open)."""
        return self._run.question if self._run is not None else None

    def clear(self, message: str | None = None, *, can_start: bool = True) -> None:
        self.start_button.setVisible(can_start)
        self._run = None
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
        if survey.first_question() is None:
            self.show_problems(
                survey.name, [FieldError("questions", self.tr("the survey has no questions"))]
            )
            return
        self._run = SurveyRun(survey, responses)
        self._save_label = save_label or self.tr("Save visit")
        self.save_button.setText(self._save_label)
        self._show_question()

    def go_next(self) -> None:
        """Enter: on to the next question or the review; a refusal is shown, not passed."""
        if self._run is None or self.current_question is None:
            return
        if not self._run.next():
            self._show_problem()
            return
        if self._run.reviewing:
            self._show_review()
        else:
            self._show_question()

    def go_back(self) -> None:
        if self._run is not None and self._run.back():
            self._show_question()

    def leave(self) -> None:
        """Esc: leave the survey; asks first when answers would be discarded."""
        if self._run is None:
            return
        focus = self.focusWidget()
        if self._run.has_answers and not self.confirm_leave():
            if focus is not None:  # back where the canvasser was
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.clear(self.tr("Left the survey; no answers were saved."))
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)  # the window may move it
        self.survey_abandoned.emit()

    def result(self) -> SurveyResult:
        """The answers along the path taken (answers on abandoned branches are dropped)."""
        assert self._run is not None
        return self._run.result()

    def save(self) -> None:
        if self._run is None or not self._run.reviewing:
            return
        self.survey_completed.emit(self._run.result())

    def choose_option(self, index: int) -> None:
        """Pick option ``index`` of the current question (as a click or its letter does)."""
        if self._run is None or not self._run.choose_option(index):
            return
        button = self.option_group.button(index)
        if button is not None:
            button.setChecked(True)
            self._focus(button)
        self.amount_area.setVisible(False)
        self._show_problem()

    def review_rows(self) -> list[tuple[str, str]]:
        """(question, answer) as the review shows them."""
        return list(self._review_rows)

    # --- the question page -----------------------------------------------------------

    def _show_question(self) -> None:
        run = self._run
        assert run is not None and run.question is not None
        question = run.question
        answer = run.answer()
        self._clear_inputs()
        self._letter_actions = []
        self._show_question_text(question)
        self._show_link(question)

        if question.type == "multi-select":
            for index, choice in enumerate(question.choices):
                self._add_choice(
                    index, render(option_words(choice)), index in answer.choice_indexes
                )
        elif question.type == "text":
            self._add_text_input(question, answer.value or "")
        options = question.options
        if question.type == "multi-select" and len(options) == 1:
            options = ()  # its one option only says where to go: that is Next
        for index, option in enumerate(options):
            self._add_option(question, index, render(option_words(option)), answer.option_index)
        if question.type == "payment":
            self._add_other_amount(answer.value if answer.other_amount else None)
        self.options_layout.max_columns = 5 if question.type == "scale" else 0

        for area, layout in (
            (self.input_area, self.input_layout),
            (self.choices_area, self.choices_layout),
            (self.options_area, self.options_layout),
            (self.amount_area, self.amount_layout),
        ):
            area.setVisible(layout.count() > 0)
            self._show_children(layout)
        self.amount_area.setVisible(answer.other_amount)  # shown once "Other amount" is chosen
        self.keys_label.setText(self._keys_hint(question))
        self.back_button.setEnabled(run.can_go_back)
        self._show_problem()
        self.pages.setCurrentIndex(self.PAGE_QUESTION)
        self.question_scroll.verticalScrollBar().setValue(0)
        self._focus(self._first_focus(answer.other_amount))

    def _show_question_text(self, question: Question) -> None:
        """The question in big letters; "required" after it in small ones (one line saved)."""
        text = escape(question.text)
        if question.required:
            text += '&nbsp; <span style="font-size: 14px; font-weight: normal;">{}</span>'.format(
                escape(self.tr("(required)"))
            )
        self.question_label.setText(text)
        self.question_label.setAccessibleDescription(
            self.tr("Required question") if question.required else ""
        )

    def _show_link(self, question: Question) -> None:
        if not question.url:
            self.link_label.setVisible(False)
            return
        label = {
            "pdf": self.tr("Open the document"),
            "youtube": self.tr("Open the video"),
        }.get(question.type, self.tr("Open the link"))
        self.link_label.setText(f'<a href="{question.url}">{label}</a> — {question.url}')
        self.link_label.setAccessibleName(label)
        self.link_label.setVisible(True)

    def _add_choice(self, index: int, words: str, checked: bool) -> None:
        letter = self._letter(lambda: self._toggle_choice(index))
        box = QCheckBox(f"{letter}  {words}" if letter else words)
        box.setAccessibleName(words)
        if letter:
            box.setToolTip(self.tr("Key {key}").format(key=letter))
        box.setChecked(checked)
        box.toggled.connect(self._on_choice_toggled)
        self.choices_layout.addWidget(box)
        self.choice_boxes.append(box)

    def _add_option(self, question: Question, index: int, words: str, picked: int | None) -> None:
        letter = self._letter(lambda: self.choose_option(index))
        if question.type == "scale":
            # five across: the point and its words on two lines, so nothing is cut off
            option = question.options[index]
            number = option.value if option.value is not None else index + 1
            shown = f"{letter}:  {number}\n{words}" if letter else f"{number}\n{words}"
            words = f"{number} — {words}"
        else:
            shown = f"{letter}  {words}" if letter else words
        button = self._option_button(shown, 56 if question.type == "scale" else OPTION_HEIGHT)
        button.setAccessibleName(words)
        if letter:
            button.setToolTip(self.tr("Key {key}").format(key=letter))
        self.option_group.addButton(button, index)
        button.setChecked(picked == index)
        button.clicked.connect(lambda _=False, i=index: self.choose_option(i))
        self.options_layout.addWidget(button)

    @staticmethod
    def _option_button(shown: str, height: int) -> QPushButton:
        button = QPushButton(shown)
        button.setCheckable(True)
        # A picked option is drawn in bold: its width is the bold words', so it is never
        # cut off; the padding is small because the columns stretch the buttons anyway.
        # In the button's own style sheet, as the theme's min-width and min-height would
        # win over setMinimumSize when the widget is polished.
        button.ensurePolished()
        bold = QFont(button.font())
        bold.setBold(True)
        widest = max(QFontMetrics(bold).horizontalAdvance(line) for line in shown.split("\n"))
        button.setStyleSheet(
            f"QPushButton {{ min-width: {widest + 2}px; min-height: {height}px; "
            "padding: 2px 6px; }"
        )
        return button

    def _add_text_input(self, question: Question, value: str) -> None:
        limit = self.tr("At most {n} characters.").format(n=question.max_length)
        if question.multiline:
            text_edit = QPlainTextEdit()
            text_edit.setPlaceholderText(question.placeholder)
            text_edit.setPlainText(value)
            text_edit.setTabChangesFocus(True)
            text_edit.setAccessibleName(question.text)
            text_edit.setMinimumHeight(88)
            text_edit.textChanged.connect(lambda: self._on_value_changed(text_edit.toPlainText()))
            limit_label = QLabel(limit)  # a multi-line field can go past it: say so
            limit_label.setAccessibleName(self.tr("Length limit"))
            self.input_layout.addWidget(text_edit)
            self.input_layout.addWidget(limit_label)
            self.input_text = text_edit
            return
        line = _LettersAreKeysEdit() if question.keyboard == "number" else QLineEdit()
        line.setPlaceholderText(question.placeholder)
        line.setMaxLength(question.max_length)  # the field itself stops at the limit
        line.setToolTip(limit)
        line.setText(value)
        line.setAccessibleName(question.text)
        self._apply_keyboard(line, question.keyboard)
        line.textChanged.connect(self._on_value_changed)
        self.input_layout.addWidget(line)
        self.input_line = line

    def _add_other_amount(self, value: str | None) -> None:
        """ "Other amount" is one more option; its field takes focus only when chosen."""
        index = len(self.option_group.buttons())
        letter = self._letter(self._choose_other_amount)
        words = self.tr("Other amount")
        button = self._option_button(f"{letter}  {words}" if letter else words, OPTION_HEIGHT)
        button.setAccessibleName(self.tr("Other amount"))
        if letter:
            button.setToolTip(self.tr("Key {key}").format(key=letter))
        self.option_group.addButton(button, index)
        button.setChecked(value is not None)
        button.clicked.connect(self._choose_other_amount)
        self.options_layout.addWidget(button)

        line = _LettersAreKeysEdit()
        line.setPlaceholderText(self.tr("Amount"))
        line.setAccessibleName(self.tr("Other amount"))
        self._apply_keyboard(line, "number")
        line.setText(value or "")
        line.textChanged.connect(self._on_value_changed)
        caption = QLabel(self.tr("Other amount:"))
        caption.setBuddy(line)
        self.amount_layout.addWidget(caption)
        self.amount_layout.addWidget(line, 1)
        self.amount_line = line

    def _letter(self, action: Callable[[], None]) -> str:
        """The next free letter key, now doing ``action`` ("" once the letters run out,
        and on a text answer, where letters are typed)."""
        index = len(self._letter_actions)
        if index >= len(OPTION_KEYS) or self.input_text is not None:
            return ""
        if self.input_line is not None and not isinstance(self.input_line, _LettersAreKeysEdit):
            return ""
        self._letter_actions.append(action)
        return OPTION_KEYS[index]

    def _keys_hint(self, question: Question) -> str:
        letters = _key_range(0, len(self._letter_actions))
        if question.type == "text":
            how = self.tr("Type the answer")
            if letters and question.keyboard == "number":
                how = self.tr("Type the answer, or {keys} to go on").format(keys=letters)
        elif question.type == "multi-select":
            ticks = len(self.choice_boxes)
            how = self.tr("{keys} tick").format(keys=_key_range(0, ticks))
            if len(self._letter_actions) > ticks:
                how = self.tr("{keys} tick, {more} pick how to go on").format(
                    keys=_key_range(0, ticks),
                    more=_key_range(ticks, len(self._letter_actions) - ticks),
                )
        elif question.type == "payment":
            how = self.tr("{keys} pick, {other} other amount").format(
                keys=_key_range(0, len(self._letter_actions) - 1),
                other=_key_range(len(self._letter_actions) - 1, 1),
            )
        else:
            how = self.tr("{keys} pick").format(keys=letters)
        assert self._run is not None
        return self.tr("Question {n} · {how} · Enter next · Esc leaves").format(
            n=self._run.number, how=how
        )

    def _first_focus(self, other_amount: bool) -> QWidget:
        if self.input_line is not None:
            return self.input_line
        if self.input_text is not None:
            return self.input_text
        if other_amount and self.amount_line is not None:
            return self.amount_line
        if self.choice_boxes:
            return self.choice_boxes[0]
        checked = self.option_group.checkedButton()
        buttons = self.option_group.buttons()
        return checked or (buttons[0] if buttons else self.next_button)

    def _clear_inputs(self) -> None:
        for layout in (
            self.input_layout,
            self.choices_layout,
            self.options_layout,
            self.amount_layout,
        ):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    if isinstance(widget, QAbstractButton):
                        self.option_group.removeButton(widget)
                    widget.hide()  # gone from the screen now, deleted on the next loop turn
                    widget.deleteLater()
        self.input_line = None
        self.input_text = None
        self.amount_line = None
        self.choice_boxes = []

    @staticmethod
    def _show_children(layout: Any) -> None:
        # a widget added to a shown layout appears only on the next loop turn; show the
        # new ones now so focus (and the form's keys) can land on them at once
        for position in range(layout.count()):
            item = layout.itemAt(position)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.show()

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self._scroll_to(widget)

    def _scroll_to(self, widget: QWidget) -> None:
        body = self.question_scroll.widget()
        layout = body.layout() if body is not None else None
        if layout is not None:
            layout.activate()  # place a widget shown just now before scrolling to it
        self.question_scroll.ensureWidgetVisible(widget, 0, 8)

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

    def _show_problem(self) -> None:
        """The run's refusal (required, not a number, too long) in the interface language."""
        problem = self._run.problem if self._run is not None else None
        self.message_label.setText(render(problem) if problem is not None else "")
        self.message_label.setVisible(problem is not None)
        if problem is not None:
            self._scroll_to(self.message_label)

    # --- answering -------------------------------------------------------------------

    def _toggle_choice(self, index: int) -> None:
        if 0 <= index < len(self.choice_boxes):
            box = self.choice_boxes[index]
            box.toggle()  # the run follows through _on_choice_toggled
            self._focus(box)

    def _on_choice_toggled(self, _checked: bool) -> None:
        if self._run is not None:
            self._run.set_choices(i for i, box in enumerate(self.choice_boxes) if box.isChecked())
            self._show_problem()

    def _on_value_changed(self, text: str) -> None:
        if self._run is not None:
            self._run.set_value(text)
            self._show_problem()

    def _choose_other_amount(self) -> None:
        if self._run is None or not self._run.choose_other_amount():
            return
        other = self.option_group.button(len(self.option_group.buttons()) - 1)
        if other is not None:
            other.setChecked(True)
        self.amount_area.setVisible(True)
        if self.amount_line is not None:
            self._run.set_value(self.amount_line.text())
            self._focus(self.amount_line)
        self._show_problem()

    # --- the review ------------------------------------------------------------------

    def _review_body(self) -> tuple[QWidget, QGridLayout]:
        """A fresh body for the review's rows (the scroll area deletes the previous one)."""
        body = QWidget()
        body.setAccessibleName(self.tr("Answers to review"))
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 4, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.review_scroll.setWidget(body)
        return body, grid

    def _show_review(self) -> None:
        assert self._run is not None
        self.review_body, self.review_grid = self._review_body()
        self._review_rows = [(row.question.text, render(row.answer)) for row in self._run.review()]
        for row, (question_text, answer_text) in enumerate(self._review_rows):
            question = QLabel(question_text)
            answer = QLabel(answer_text)
            answer.setStyleSheet("font-weight: bold;")
            answer.setAccessibleName(self.tr("Answer to {question}").format(question=question_text))
            for column, label in enumerate((question, answer)):
                label.setWordWrap(True)
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                label.setTextFormat(Qt.TextFormat.PlainText)
                self.review_grid.addWidget(label, row, column)
        self.review_grid.setRowStretch(len(self._review_rows), 1)
        self.pages.setCurrentIndex(self.PAGE_REVIEW)
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- keys ------------------------------------------------------------------------

    def _on_letter_pressed(self, index: int) -> None:
        if self.pages.currentIndex() == self.PAGE_QUESTION and index < len(self._letter_actions):
            self._letter_actions[index]()

    def _on_enter_pressed(self) -> None:
        # In a multi-line answer Enter is a new line; Ctrl+Enter moves on.
        if self.input_text is not None and self.input_text.hasFocus():
            self.input_text.insertPlainText("\n")
            return
        self._on_ctrl_enter_pressed()

    def _on_ctrl_enter_pressed(self) -> None:
        page = self.pages.currentIndex()
        if page == self.PAGE_QUESTION:
            self.go_next()
        elif page == self.PAGE_REVIEW:
            self.save()

    def _scroll_review(self, action: QAbstractSlider.SliderAction) -> None:
        self.review_scroll.verticalScrollBar().triggerAction(action)

    def _ask_leave(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Leave the survey?"),
            self.tr("Leave the survey? The answers given so far are not saved."),
            parent=self,
        )
        discard = box.addButton(
            self.tr("&Discard the answers"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(self.tr("&Keep answering"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard
