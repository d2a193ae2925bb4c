"""Progress of long commands: a tqdm bar on a terminal, nothing at all in a pipe or a file.

The bar goes to standard error, so standard output stays what a script reads. tqdm is
imported only when a bar is drawn: headless commands in scripts never pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# done, total: called as often as the work likes (tqdm limits how often it redraws).
ProgressUpdate = Callable[[int, int], None]


def _silent(done: int, total: int) -> None:
    return None


@contextmanager
def progress(description: str, unit: str) -> Iterator[ProgressUpdate]:
    """``with progress("Sending", "change") as update: ... update(done, total)``."""
    stream = sys.stderr
    if stream is None or not stream.isatty():
        yield _silent
        return
    from tqdm import tqdm

    bars: list[tqdm] = []  # made at the first update, when the total is known

    def update(done: int, total: int) -> None:
        if not bars:
            bars.append(
                tqdm(desc=description, unit=unit, total=total, file=stream, dynamic_ncols=True)
            )
        bar = bars[0]
        if bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        for bar in bars:
            bar.close()
