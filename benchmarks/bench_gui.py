"""B4, B5 and B8: the door screen (``ui.app.build_main_window``) under load.

B4: longest main-thread stall while the window is open and 5,000 queued visits sync to
the reference server (its own process). A 1 ms precise QTimer heartbeat measures the gaps;
its baseline is the same heartbeat with the window open and idle, in the same process.
Target: no gap over 50 ms.

B5: open a walklist of 50,000 households (from ``build_main_window`` until the walklist
tree first paints), and one keystroke of search: the key press, the search the debounce
timer would start (``WalklistView.apply_search_now``, what the timer calls), and the
repaint. The deliberate 200 ms typing debounce is not counted. Targets: first paint
within 1 s; a keystroke within 100 ms (median).

B8: resident memory of a process with the 50,000-household walklist open in the door
screen and the 100,000-visit ledger open in the supervisor's review (History shown and
scrolled). Target: under 300 MB.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import generate_walklist as walk
from benchlib import (
    Figure,
    Part,
    ServerProcess,
    iqr_text,
    ledger_dir,
    median,
    percentile,
    queue_visits,
    range_text,
    rss_mb,
    temp_dir,
    write_walklist_in_child,
)

STALL_LIMIT_MS = 50.0


def _window(data_dir: Path, **options: Any) -> Any:
    from canvass_app.ui.app import build_main_window

    options.setdefault("api_url", None)
    options.setdefault("token", None)
    options.setdefault("list_id", walk.LIST_ID)
    options.setdefault("start_services", False)
    return build_main_window(data_dir=data_dir, **options)


def _show(window: Any) -> None:
    window.resize(1280, 860)
    window.show()


# --- B4 -----------------------------------------------------------------------------------


def run_b4(quick: bool) -> Figure:
    import qtbench

    app = qtbench.application()
    visits = 500 if quick else 5_000
    idle_s = 1.5 if quick else 3.0
    with temp_dir("b4") as root:
        data_dir = root / "laptop"
        walk.write_walklist(data_dir, households=walk.DRAFT_HOUSEHOLDS)
        queue_visits(data_dir, visits, seed=404)
        with ServerProcess() as server:
            window = _window(data_dir, api_url=server.url, token=server.token)
            heartbeat = qtbench.Heartbeat()
            try:
                probe = qtbench.PaintProbe(window.walklist_view.tree.viewport())
                _show(window)
                qtbench.wait_for_paint(probe)
                qtbench.spin(0.5)  # let the first layout settle

                heartbeat.start()
                qtbench.spin(idle_s)
                heartbeat.stop()
                idle_gaps = list(heartbeat.gaps_ms)

                finished: list[Any] = []
                window.sync_controller.sync_finished.connect(finished.append)

                def drained() -> bool:
                    return any(report.remaining == 0 for report in finished)

                heartbeat.start()
                start = time.perf_counter()
                # what build_main_window(start_services=True) does
                window.sync_controller.start()
                window.position_service.start()
                ok = qtbench.spin_until(drained, 600)
                sync_s = time.perf_counter() - start
                qtbench.spin(1.0)  # the window's reaction to the finished pass
                heartbeat.stop()
                busy_gaps = list(heartbeat.gaps_ms)
                worst = sorted(heartbeat.worst, reverse=True)[:5]
                sent = sum(report.sent for report in finished)
            finally:
                window.shutdown()
                window.close()
                app.processEvents()
    longest = max(busy_gaps) if busy_gaps else 0.0
    idle_longest = max(idle_gaps) if idle_gaps else 0.0
    over = sum(1 for gap in busy_gaps if gap > STALL_LIMIT_MS)
    notes = [
        f"{visits} queued visits sent in {sync_s:.1f} s ({sent} sent over "
        f"{len(finished)} pass(es); drained: {ok}); {len(busy_gaps)} heartbeat gaps during "
        f"the sync, {over} over {STALL_LIMIT_MS:.0f} ms.",
        "Worst gaps (ms, seconds after the sync started): "
        + ", ".join(f"{gap:.0f} @ {at - start:.2f}s" for gap, at in worst),
    ]
    return Figure(
        "B4",
        "longest main-thread stall while the window is open and 5,000 visits sync",
        [
            Part(
                "longest main-thread stall",
                longest,
                "ms",
                idle_longest,
                "no stall over 50 ms",
                "max",
                STALL_LIMIT_MS,
                spread=f"p99 gap {percentile(busy_gaps, 99):.1f} ms" if busy_gaps else "",
                samples=len(busy_gaps),
                extra={
                    "gaps_over_limit": over,
                    "baseline_p99_ms": percentile(idle_gaps, 99) if idle_gaps else None,
                },
            ),
            Part(
                "heartbeat gap p99 during sync",
                percentile(busy_gaps, 99) if busy_gaps else 0.0,
                "ms",
                percentile(idle_gaps, 99) if idle_gaps else None,
                "recorded",
                "info",
                None,
                spread=iqr_text(busy_gaps, "ms", 2),
                samples=len(busy_gaps),
            ),
        ],
        "QT_QPA_PLATFORM=offscreen python benchmarks/run.py --only B4",
        notes=notes,
    )


# --- B5 -----------------------------------------------------------------------------------

SEARCHES = ("garcia", "elm st", "14 maple", "kofi")


def _type_and_measure(window: Any, probe: Any, text: str) -> list[float]:
    """Type ``text`` one key at a time; per key: press → search → repainted (ms)."""
    import qtbench
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    view = window.walklist_view
    times: list[float] = []
    for char in text:
        probe.reset()
        start = time.perf_counter()
        QTest.keyClick(view.search_edit, char)  # type: ignore[call-overload]  # a char works
        view.apply_search_now()  # what the debounce timer runs once typing pauses
        applied = time.perf_counter()
        # A key that changes no result (a trailing space) repaints nothing: its cost is
        # the search call alone.
        painted = qtbench.paint_or_none(probe, 0.5)
        times.append(((painted or applied) - start) * 1000)
    view.search_edit.selectAll()
    QTest.keyClick(view.search_edit, Qt.Key.Key_Delete)
    view.apply_search_now()
    qtbench.spin(0.05)
    return times


def run_b5(quick: bool) -> Figure:
    import qtbench
    from PySide6.QtCore import QCoreApplication, QEvent

    qtbench.application()
    households = 5_000 if quick else 50_000
    opens = 2 if quick else 3
    open_ms: list[float] = []
    keys_ms: list[float] = []
    with temp_dir("b5") as root:
        data_dir = root / "laptop"
        people = walk.write_walklist(data_dir, households=households)
        for attempt in range(opens):
            model: Any = None
            probe: Any = None
            start = time.perf_counter()
            window = _window(data_dir)
            try:
                # Painted with rows: if the list ever loads in the background, the empty
                # tree's paint must not count as the walklist being open.
                model = window.walklist_model

                def has_rows(m: Any = model) -> bool:
                    return bool(m.rowCount() > 0)

                probe = qtbench.PaintProbe(window.walklist_view.tree.viewport(), when=has_rows)
                _show(window)
                qtbench.wait_for_paint(probe)
                open_ms.append((time.perf_counter() - start) * 1000)
                if attempt == opens - 1:
                    window.activateWindow()
                    window.walklist_view.search_edit.setFocus()
                    qtbench.spin(0.2)
                    for text in SEARCHES:
                        keys_ms.extend(_type_and_measure(window, probe, text))
            finally:
                window.shutdown()
                window.close()
                window.deleteLater()
                # processEvents outside an event loop never runs deferred deletes: without
                # this, every earlier window (and its 50,000 households) stayed alive.
                QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                del window
                model = probe = None
    return Figure(
        "B5",
        "open a walklist of 50,000 households; one keystroke of search",
        [
            Part(
                "open until the walklist first paints with its rows",
                median(open_ms),
                "ms",
                None,
                "first paint within 1 s",
                "max",
                1000.0,
                spread=range_text(open_ms, "ms", 0),
                samples=len(open_ms),
            ),
            Part(
                "one keystroke of search (median)",
                median(keys_ms),
                "ms",
                None,
                "a keystroke within 100 ms",
                "max",
                100.0,
                spread=f"{iqr_text(keys_ms, 'ms', 0)}; max {max(keys_ms):.0f} ms",
                samples=len(keys_ms),
            ),
        ],
        "QT_QPA_PLATFORM=offscreen python benchmarks/run.py --only B5",
        notes=[
            f"{households} households ({people} people) written into the offline cache by "
            "benchmarks/generate_walklist.py (seed 3); window 1280×860, offscreen platform.",
            f"Keystrokes: typing {', '.join(repr(s) for s in SEARCHES)}; the 200 ms debounce "
            "is excluded (apply_search_now is called at once).",
        ],
    )


# --- B8 -----------------------------------------------------------------------------------


def run_b8(quick: bool) -> Figure:
    import qtbench
    from PySide6.QtWidgets import QAbstractItemView

    households = 5_000 if quick else 50_000
    visits = 10_000 if quick else 100_000
    with temp_dir("b8") as root:
        # Both written by other processes: only what the app holds counts here.
        data_dir = ledger_dir(root, visits)
        write_walklist_in_child(data_dir, households)
        app = qtbench.application()
        before, _ = rss_mb()
        window = _window(data_dir)
        review: Any = None
        try:
            probe = qtbench.PaintProbe(window.walklist_view.tree.viewport())
            _show(window)
            qtbench.wait_for_paint(probe)
            after_walklist, _ = rss_mb()

            from canvass_app.ui.supervisor.review_view import SupervisorReviewView

            review = SupervisorReviewView(data_dir, canvasser=None, supervisor=True)
            review.resize(1400, 900)
            table = review.history.table
            table_probe = qtbench.PaintProbe(table.viewport())
            review.show()
            qtbench.wait_for_paint(table_probe)
            # scroll the ledger top to bottom in screenfuls, as a supervisor skimming would
            rows = review.history.model.rowCount()
            for row in range(0, rows, max(1, rows // 40)):
                table.scrollTo(
                    review.history.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop
                )
                app.processEvents()
            qtbench.spin(0.3)
            current, peak = rss_mb()
        finally:
            if review is not None:
                review.close()
            window.shutdown()
            window.close()
            app.processEvents()
    return Figure(
        "B8",
        "resident memory with the 50,000-household walklist and 100,000-visit history open",
        [
            Part(
                "resident memory, both open",
                current,
                "MB",
                None,
                "under 300 MB",
                "max",
                300.0,
                spread=f"peak (VmHWM) {peak:.0f} MB",
                samples=1,
                extra={
                    "before_window_mb": round(before, 1),
                    "after_walklist_mb": round(after_walklist, 1),
                    "peak_mb": round(peak, 1),
                    "history_rows": rows,
                },
            ),
            Part(
                "peak resident memory (VmHWM)",
                peak,
                "MB",
                None,
                "recorded",
                "info",
                None,
                samples=1,
            ),
        ],
        "QT_QPA_PLATFORM=offscreen python benchmarks/run.py --only B8",
        notes=[
            f"QApplication alone: {before:.0f} MB; with the door screen on {households} "
            f"households: {after_walklist:.0f} MB; plus the review on {visits} visits, "
            f"scrolled top to bottom: {current:.0f} MB (peak {peak:.0f} MB)."
        ],
    )
