"""B6: the supervisor's history of 100,000 visits: filter, text search, sort.

The ledger comes from ``benchmarks/generate_ledger.py`` (seed 7). The review window
(``SupervisorReviewView``, History tab) is open and painted; each operation is timed from
the action (a filter picked, a search entered, a column header clicked) until the table
has repainted with the answer. The 300 ms typing debounce of the search box is excluded
(``HistoryView.apply_filters`` is what Enter and the debounce call). Target: each kind of
operation within 100 ms (median over its variants; the spread shows the worst).
"""

from __future__ import annotations

import time
from typing import Any

from benchlib import Figure, Part, iqr_text, ledger_dir, median, temp_dir

SEARCHES = ("garcia", "maria", "dog", "bus routes", "gate 4411", "refused", "elm", "omar khan")


def _timed(action: Any, probe: Any) -> float:
    import qtbench

    probe.reset()
    start = time.perf_counter()
    action()
    painted = qtbench.paint_or_none(probe, 30.0)
    end = painted if painted is not None else time.perf_counter()
    return (end - start) * 1000


def _part(name: str, values: list[float]) -> Part:
    return Part(
        name,
        median(values),
        "ms",
        None,
        f"{name.split(' (')[0]} within 100 ms",
        "max",
        100.0,
        spread=f"{iqr_text(values, 'ms', 0)}; max {max(values):.0f} ms",
        samples=len(values),
    )


def run(quick: bool) -> Figure:
    import qtbench
    from PySide6.QtCore import Qt

    visits = 10_000 if quick else 100_000
    app = qtbench.application()
    filters: list[float] = []
    searches: list[float] = []
    sorts: list[float] = []
    labels: dict[str, list[str]] = {"filter": [], "sort": []}
    with temp_dir("b6") as root:
        data_dir = ledger_dir(root, visits)
        from canvass_app.ui.supervisor.review_view import SupervisorReviewView

        open_start = time.perf_counter()
        review = SupervisorReviewView(data_dir, canvasser=None, supervisor=True)
        try:
            review.resize(1400, 900)
            history = review.history
            table = history.table
            probe = qtbench.PaintProbe(table.viewport())
            review.show()
            qtbench.wait_for_paint(probe)
            open_ms = (time.perf_counter() - open_start) * 1000
            total_rows = history.model.rowCount()
            qtbench.spin(0.3)

            # --- filters: every choice of each picker, then back to "all" (not timed)
            for box in (
                history.state_box,
                history.canvasser_box,
                history.outcome_box,
                history.grade_box,
                history.walklist_box,
            ):
                for index in range(1, min(box.count(), 5)):
                    filters.append(_timed(lambda b=box, i=index: b.setCurrentIndex(i), probe))
                    labels["filter"].append(box.itemText(index))
                box.setCurrentIndex(0)
                qtbench.spin(0.05)

            # --- text search (Enter, or the debounce, runs apply_filters)
            for text in SEARCHES:

                def search(t: str = text) -> None:
                    history.search_edit.setText(t)
                    history.apply_filters()

                searches.append(_timed(search, probe))
            history.search_edit.setText("")
            history.apply_filters()
            qtbench.spin(0.05)

            # --- sort: each column, descending then ascending
            for column in range(history.model.columnCount()):
                for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
                    sorts.append(_timed(lambda c=column, o=order: table.sortByColumn(c, o), probe))
                    labels["sort"].append(f"{column}:{order.name}")
        finally:
            review.close()
            app.processEvents()
    slow = [
        f"{label} {ms:.0f} ms"
        for label, ms in zip(labels["filter"], filters, strict=True)
        if ms > 100
    ] + [
        f"sort {label} {ms:.0f} ms"
        for label, ms in zip(labels["sort"], sorts, strict=True)
        if ms > 100
    ]
    return Figure(
        "B6",
        "history of 100,000 visits: filter, text search, sort",
        [
            _part("a filter (median)", filters),
            _part("a text search (median)", searches),
            _part("a sort (median)", sorts),
            Part("open the review until painted", open_ms, "ms", None, "recorded", "info", None),
        ],
        "QT_QPA_PLATFORM=offscreen python benchmarks/run.py --only B6",
        notes=[
            f"{total_rows} visits (generate_ledger seed 7); {len(filters)} filter picks, "
            f"{len(searches)} searches ({', '.join(SEARCHES)}), {len(sorts)} sorts "
            "(every column, both orders).",
            "Over 100 ms: " + ("; ".join(slow) if slow else "none"),
        ],
    )
