"""The survey at the door from the keyboard alone, and its layout at 1366x768 and 1280x720.

Every key goes to the widget that has the focus, as on a real keyboard, so a field that
takes letters (or a button that does not) matters as it would at the door.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from canvass_app.services import visits as visit_service
from tests.ui.test_door_flows import choose_survey, first_entry, pick_person, showcase_survey

pytestmark = pytest.mark.gui

SIZES = [(1366, 768), (1280, 720)]


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None, "nothing has the keyboard focus"
    QTest.keyClick(focus, key, modifier)


def type_text(text: str) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    QTest.keyClicks(focus, text)


def open_survey(window: Any, name: str) -> Any:
    """Pick the first person and start ``name`` with Enter, as a canvasser does."""
    pick_person(window, first_entry(window))
    choose_survey(window, name)
    window.walklist_view.tree.setFocus()
    press(Qt.Key.Key_Return)
    form = window.door_view.survey_form
    assert form.current_question is not None
    return form


def on(form: Any, tag: str) -> Any:
    question = form.current_question
    assert question is not None and question.tag == tag, question.tag if question else "review"
    return question


def saved_fields(window: Any) -> dict[str, Any]:
    (visit,) = visit_service.list_visits(window.db)
    fields: dict[str, Any] = {}
    for response in visit.data["survey"]["responses"].values():
        fields.update(response["fields"])
    return fields


def test_every_question_type_from_the_keyboard_alone(window: Any) -> None:
    """The longest path of the nine-type survey: 8 answers with letters, typing and Enter."""
    form = open_survey(window, showcase_survey(window).name)
    on(form, "available")
    press(Qt.Key.Key_B)  # availability: Available
    press(Qt.Key.Key_Return)
    on(form, "support")
    press(Qt.Key.Key_B)  # scale: 2, a doubter: the video comes next
    press(Qt.Key.Key_Return)
    on(form, "watched_video")
    press(Qt.Key.Key_A)  # youtube: Watched
    press(Qt.Key.Key_Return)
    on(form, "issues")
    assert form.choice_boxes[0].hasFocus()
    press(Qt.Key.Key_B)  # multi-select: letters tick...
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_Space)  # ...and Space ticks the focused one (E: Safety → off)
    press(Qt.Key.Key_D)
    assert [box.isChecked() for box in form.choice_boxes] == [False, True, False, True, False]
    press(Qt.Key.Key_Return)
    on(form, "read_platform")
    press(Qt.Key.Key_A)  # pdf: Read it
    press(Qt.Key.Key_Return)
    on(form, "donation")
    press(Qt.Key.Key_B)  # payment: $25
    press(Qt.Key.Key_Return)
    on(form, "verified")
    press(Qt.Key.Key_A)  # verification: Verified
    press(Qt.Key.Key_Return)
    on(form, "email")
    assert form.input_line is not None and form.input_line.hasFocus()
    type_text("ana@example.org")  # text: letters are typed, not option keys
    assert form.input_line.text() == "ana@example.org"
    press(Qt.Key.Key_Return)
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    assert len(form.review_rows()) == 8
    assert visit_service.list_visits(window.db) == []  # nothing saved before Enter on the review
    press(Qt.Key.Key_Return)

    assert saved_fields(window) == {
        "available": "true",
        "support": 2,
        "watched_video": "true",
        "issues": ["Transit", "Parks"],
        "read_platform": "true",
        "donation": 25,
        "verified": "true",
        "email": "ana@example.org",
    }
    assert form.pages.currentIndex() == form.PAGE_EMPTY


def test_multi_choice_and_back_from_the_keyboard(window: Any) -> None:
    form = open_survey(window, showcase_survey(window).name)
    press(Qt.Key.Key_A)  # Unavailable
    press(Qt.Key.Key_Return)
    on(form, "unavailable_reason")
    press(Qt.Key.Key_Backspace)  # back, the answer kept
    on(form, "available")
    assert form.option_group.checkedId() == 0
    press(Qt.Key.Key_Return)
    on(form, "unavailable_reason")
    press(Qt.Key.Key_C)  # multi-choice: Inaccessible
    press(Qt.Key.Key_Return)
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Alt+Left is Back too
    on(form, "unavailable_reason")
    assert form.option_group.checkedId() == 2
    press(Qt.Key.Key_Return)
    assert form.review_grid.count() == 4  # two rows, each question beside its answer
    press(Qt.Key.Key_Return)
    assert saved_fields(window) == {"available": "false", "unavailable_reason": "Inaccessible"}


def test_enter_without_an_answer_on_a_required_question_asks_for_it(window: Any) -> None:
    form = open_survey(window, showcase_survey(window).name)
    press(Qt.Key.Key_Return)
    on(form, "available")  # did not move
    assert form.message_label.isVisible()
    message = form.message_label.text()
    assert message == "“Is the contact available?” is required: answer it before going on."
    assert "tag" not in message and "question " not in message  # no id, no tag
    # it fits: the whole message is inside the visible part of the form
    assert form.message_label.heightForWidth(form.message_label.width()) <= (
        form.message_label.height()
    )
    assert visible_in(form.question_scroll, form.message_label)
    press(Qt.Key.Key_B)
    assert not form.message_label.isVisible()
    press(Qt.Key.Key_Return)
    on(form, "support")  # the scale is required too
    press(Qt.Key.Key_Return)
    on(form, "support")
    assert "How much do you support the new park plan?" in form.message_label.text()


def test_the_required_message_is_in_the_interface_language(
    pulled_data_dir: Any, make_window: Any
) -> None:
    from PySide6.QtCore import QCoreApplication

    from canvass_app.ui.i18n import install_translators, remove_translators

    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app, "es")
    try:
        window = make_window(pulled_data_dir)
        window.resize(1280, 720)
        form = open_survey(window, "Default Survey")
        press(Qt.Key.Key_Return)
        QApplication.processEvents()
        # the survey's own words (the question) stay as the campaign wrote them
        assert form.message_label.text() == (
            "«Is the contact available?» es obligatoria: respóndala antes de seguir."
        )
        assert visible_in(form.question_scroll, form.message_label)
        assert form.keys_label.text().startswith("Pregunta 1 · A–B eligen")
    finally:
        remove_translators(app, translators)


def go_to_payment(form: Any) -> None:
    for key in (Qt.Key.Key_B, Qt.Key.Key_E):  # Available, the happiest face
        press(key)
        press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Return)  # no issue ticked: on to the platform
    press(Qt.Key.Key_A)  # Read it
    press(Qt.Key.Key_Return)
    on(form, "donation")


def test_payment_letters_work_from_the_start_and_other_amount_is_an_option(window: Any) -> None:
    form = open_survey(window, showcase_survey(window).name)
    go_to_payment(form)
    # the first amount has the focus, not a text field: letters pick at once
    assert form.option_group.buttons()[0].hasFocus()
    assert not form.amount_area.isVisible()
    press(Qt.Key.Key_C)  # No thanks
    assert form.option_group.checkedId() == 2
    press(Qt.Key.Key_D)  # Other amount: its field appears and takes the focus
    assert form.amount_area.isVisible() and form.amount_line.hasFocus()
    type_text("12,5")
    press(Qt.Key.Key_Return)
    on(form, "verified")  # an amount given: the donor's follow-up
    press(Qt.Key.Key_Backspace)
    on(form, "donation")
    assert form.amount_line.hasFocus() and form.amount_line.text() == "12.5"
    press(Qt.Key.Key_A)  # a letter in the amount field still picks an option: $10
    assert form.option_group.checkedId() == 0 and not form.amount_area.isVisible()
    press(Qt.Key.Key_Return)
    on(form, "verified")
    press(Qt.Key.Key_Return)
    on(form, "email")
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Return)
    assert saved_fields(window)["donation"] == 10


def test_enter_on_an_unanswered_payment_skips_the_donor_follow_up(window: Any) -> None:
    form = open_survey(window, showcase_survey(window).name)
    go_to_payment(form)
    press(Qt.Key.Key_Return)
    on(form, "email")  # not "verified": nobody said they donate


def test_a_number_answer_keeps_letters_for_its_options_and_multiline_takes_enter(
    window: Any,
) -> None:
    from canvass_app.core.survey import parse_survey

    survey = parse_survey(
        {
            "id": "keys",
            "data": {
                "name": "Keys",
                "questions": [
                    {
                        "questionId": "q-count",
                        "text": "How many live here?",
                        "tag": "count",
                        "type": "text",
                        "keyboard": "number",
                        "required": True,
                        "options": [
                            {"text": "Save"},
                            {"text": "Refused", "action": {"type": "end"}},
                        ],
                    },
                    {
                        "questionId": "q-note",
                        "text": "Anything to tell the organiser?",
                        "tag": "note",
                        "type": "text",
                        "multiline": True,
                        "max": 20,
                        "options": [{"text": "Save"}, {"text": "Skip"}],
                    },
                ],
            },
        }
    )
    form = window.door_view.survey_form
    form.start(survey)
    assert form.input_line.hasFocus()
    type_text("3")
    press(Qt.Key.Key_A)  # not typed into a number: it picks "Save"
    assert form.input_line.text() == "3" and form.option_group.checkedId() == 0
    press(Qt.Key.Key_Return)
    on(form, "note")
    assert form.input_text.hasFocus()
    type_text("Dog")
    press(Qt.Key.Key_Return)  # a new line in a multi-line answer
    type_text("bites")
    on(form, "note")
    assert form.input_text.toPlainText() == "Dog\nbites"
    type_text(" every visitor, really")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter goes on
    on(form, "note")
    assert form.message_label.text() == (
        "The answer to “Anything to tell the organiser?” is 31 characters long; at most 20 fit."
    )
    for _ in range(21):
        press(Qt.Key.Key_Backspace)  # in a text field Backspace deletes, it is not Back
    on(form, "note")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    assert form.review_rows() == [
        ("How many live here?", "3"),
        ("Anything to tell the organiser?", "Dog\nbites"),
    ]


def test_a_multi_select_with_two_ways_on_letters_its_options_after_its_choices(
    window: Any,
) -> None:
    from canvass_app.core.survey import parse_survey

    def question(qid: str, text: str) -> dict[str, Any]:
        return {
            "questionId": qid,
            "text": text,
            "tag": qid,
            "type": "multi-choice",
            "options": [{"text": "Yes"}, {"text": "No"}],
        }

    survey = parse_survey(
        {
            "id": "pets",
            "data": {
                "name": "Pets",
                "questions": [
                    {
                        "questionId": "q-pets",
                        "text": "Which pets live here?",
                        "tag": "pets",
                        "type": "multi-select",
                        "choices": [{"text": "Cat"}, {"text": "Dog"}, {"text": "Fish"}],
                        "options": [
                            {
                                "text": "Ask about them",
                                "action": {"type": "question", "questionId": "q-vet"},
                            },
                            {"text": "Done", "action": {"type": "end"}},
                        ],
                    },
                    question("q-vet", "Do they see a vet?"),
                ],
            },
        }
    )
    form = window.door_view.survey_form
    form.start(survey)
    assert form.keys_label.text().startswith("Question 1 · A–C tick, D–E pick how to go on")
    assert [b.text() for b in form.option_group.buttons()] == ["D  Ask about them", "E  Done"]
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_C)
    press(Qt.Key.Key_D)
    press(Qt.Key.Key_Return)
    on(form, "q-vet")
    press(Qt.Key.Key_Backspace)
    on(form, "pets")
    assert [box.isChecked() for box in form.choice_boxes] == [True, False, True]
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_Return)
    assert form.review_rows() == [("Which pets live here?", "Cat, Fish")]


def test_esc_with_no_answer_leaves_at_once(window: Any, qtbot: Any) -> None:
    form = open_survey(window, "Default Survey")
    form.confirm_leave = lambda: pytest.fail("nothing to lose: no question asked")
    with qtbot.waitSignal(form.survey_abandoned, timeout=1_000):
        press(Qt.Key.Key_Escape)
    assert form.pages.currentIndex() == form.PAGE_EMPTY
    assert "nothing" in form.empty_label.text() or "no answers" in form.empty_label.text()
    assert visit_service.list_visits(window.db) == []


def answer_the_box(key: Qt.Key, seen: list[str]) -> None:
    """Press ``key`` in the question box once it is up (it blocks until answered)."""

    def find_and_press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, find_and_press)
            return
        if not box.isActiveWindow():  # the offscreen platform activates it a moment later
            box.activateWindow()
            QTimer.singleShot(20, find_and_press)
            return
        seen.append(box.text())
        QTest.keyClick(QApplication.focusWidget() or box, key)

    QTimer.singleShot(0, find_and_press)


def test_esc_with_answers_asks_before_discarding_them(window: Any, qtbot: Any) -> None:
    form = open_survey(window, showcase_survey(window).name)

    def back_in_the_window() -> None:  # the offscreen platform does not re-activate it
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)

    press(Qt.Key.Key_B)
    press(Qt.Key.Key_Return)
    on(form, "support")
    abandoned: list[bool] = []
    form.survey_abandoned.connect(lambda: abandoned.append(True))

    seen: list[str] = []
    answer_the_box(Qt.Key.Key_Escape, seen)  # Esc in the question: keep answering
    press(Qt.Key.Key_Escape)
    assert seen and "not saved" in seen[0]
    back_in_the_window()
    on(form, "support")
    assert abandoned == []
    assert form.option_group.buttons()[0].hasFocus()  # where the canvasser was

    answer_the_box(Qt.Key.Key_K, seen)  # K: Keep answering
    press(Qt.Key.Key_Escape)
    back_in_the_window()
    on(form, "support")
    assert abandoned == []

    answer_the_box(Qt.Key.Key_D, seen)  # D: Discard the answers
    press(Qt.Key.Key_Escape)
    assert len(seen) == 3
    assert abandoned == [True]
    assert form.pages.currentIndex() == form.PAGE_EMPTY
    assert visit_service.list_visits(window.db) == []


def test_esc_on_the_review_asks_too(window: Any) -> None:
    form = open_survey(window, "Default Survey")
    press(Qt.Key.Key_B)
    press(Qt.Key.Key_Return)
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    form.confirm_leave = lambda: False
    press(Qt.Key.Key_Escape)
    assert form.pages.currentIndex() == form.PAGE_REVIEW
    form.confirm_leave = lambda: True
    press(Qt.Key.Key_Escape)
    assert form.pages.currentIndex() == form.PAGE_EMPTY


# --- layout --------------------------------------------------------------------------


def visible_in(scroll: Any, widget: QWidget) -> bool:
    """Whether all of ``widget`` is inside the scroll area's visible part."""
    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    return viewport.rect().contains(QRect(top_left, widget.size()))


def fits_without_scrolling(form: Any, widgets: list[QWidget]) -> bool:
    return form.question_scroll.verticalScrollBar().value() == 0 and all(
        visible_in(form.question_scroll, w) for w in widgets
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_question_fits_at_laptop_sizes(window: Any, size: tuple[int, int]) -> None:
    window.resize(*size)
    QApplication.processEvents()
    form = open_survey(window, showcase_survey(window).name)
    seen = []

    def check() -> None:
        QApplication.processEvents()
        question = form.current_question
        seen.append(question.type)
        controls = form.option_group.buttons() + form.choice_boxes
        controls += [w for w in (form.input_line, form.input_text) if w is not None]
        assert controls
        assert fits_without_scrolling(form, [form.question_label, *controls]), question.tag
        for button in form.option_group.buttons():  # words never cut off
            assert button.width() >= button.minimumSizeHint().width(), button.text()

    path = [
        Qt.Key.Key_B,  # Available
        Qt.Key.Key_A,  # the saddest face: the video
        Qt.Key.Key_A,  # Watched
        None,  # issues: Enter
        Qt.Key.Key_A,  # Read it
        Qt.Key.Key_A,  # $10
        Qt.Key.Key_A,  # Verified
    ]
    for key in path:
        check()
        if key is not None:
            press(key)
        press(Qt.Key.Key_Return)
    check()  # the email
    assert set(seen) == {
        "availability",
        "scale",
        "youtube",
        "multi-select",
        "pdf",
        "payment",
        "verification",
        "text",
    }
    # the other branch: six reasons in balanced rows
    assert window.start_survey()
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_Return)
    on(form, "unavailable_reason")
    check()
    assert seen[-1] == "multi-choice"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_required_message_fits_at_laptop_sizes(window: Any, size: tuple[int, int]) -> None:
    window.resize(*size)
    QApplication.processEvents()
    form = open_survey(window, showcase_survey(window).name)
    press(Qt.Key.Key_Return)
    QApplication.processEvents()
    assert fits_without_scrolling(
        form, [form.question_label, *form.option_group.buttons(), form.message_label]
    )


def answer_eight(form: Any) -> None:
    """The longest path: 8 answers, then the review."""
    for key in (
        Qt.Key.Key_B,
        Qt.Key.Key_A,
        Qt.Key.Key_A,
        Qt.Key.Key_A,  # ticks Housing
        Qt.Key.Key_A,
        Qt.Key.Key_B,
        Qt.Key.Key_A,
    ):
        press(key)
        press(Qt.Key.Key_Return)
    type_text("ana@example.org")
    press(Qt.Key.Key_Return)
    assert form.pages.currentIndex() == form.PAGE_REVIEW


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_review_scrolls_from_the_keyboard(window: Any, size: tuple[int, int]) -> None:
    window.resize(*size)
    QApplication.processEvents()
    form = open_survey(window, showcase_survey(window).name)
    answer_eight(form)
    QApplication.processEvents()
    assert len(form.review_rows()) == 8
    bar = form.review_scroll.verticalScrollBar()
    first, last = (form.review_grid.itemAtPosition(row, 1).widget() for row in (0, 7))
    # a scrollbar exactly when the answers do not all fit
    assert bar.isVisible() != visible_in(form.review_scroll, last)
    assert form.save_button.hasFocus()
    if not bar.isVisible():
        return
    press(Qt.Key.Key_Down)
    assert bar.value() > 0
    press(Qt.Key.Key_Home)
    assert bar.value() == 0
    press(Qt.Key.Key_PageDown)
    assert bar.value() > 0
    press(Qt.Key.Key_PageUp)
    assert bar.value() == 0
    press(Qt.Key.Key_End)
    assert bar.value() == bar.maximum()
    assert visible_in(form.review_scroll, last) and not visible_in(form.review_scroll, first)
    press(Qt.Key.Key_Up)
    assert bar.value() < bar.maximum()
    assert form.pages.currentIndex() == form.PAGE_REVIEW  # scrolling never saves
    assert visit_service.list_visits(window.db) == []
    press(Qt.Key.Key_Return)
    assert len(visit_service.list_visits(window.db)) == 1


def test_the_review_of_eight_answers_is_whole_at_1366x768(window: Any) -> None:
    window.resize(1366, 768)
    QApplication.processEvents()
    form = open_survey(window, showcase_survey(window).name)
    answer_eight(form)
    QApplication.processEvents()
    assert all(
        visible_in(form.review_scroll, form.review_grid.itemAtPosition(row, column).widget())
        for row in range(8)
        for column in (0, 1)
    )


def test_the_survey_screenshots_are_made(window: Any, tmp_path: Any) -> None:
    """tests/ui/make_survey_screenshots.py drives the real window (docs/screenshots)."""
    from tests.ui.make_survey_screenshots import NAMES, shoot

    saved = shoot(window, tmp_path)
    assert sorted(saved) == sorted(NAMES)
    assert all(path.parent == tmp_path and path.stat().st_size > 0 for path in saved.values())
