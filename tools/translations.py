"""The translation pipeline: Qt's own tools over the whole package.

The ``.ts`` files in ``canvass_app/resources/translations/`` are the source of truth: a
translator edits them with Qt Linguist (``.venv/bin/pyside6-linguist FILE.ts``) or any tool
that speaks the format. This script only runs Qt's tools on them:

    python tools/translations.py update     # pyside6-lupdate: every .py of canvass_app -> .ts
    python tools/translations.py release    # pyside6-lrelease: .ts -> .qm (beside it, or --out)
    python tools/translations.py check      # fails on a stale .ts or an unfinished string

``make translations`` runs ``update`` and ``release``; ``make lint`` runs ``check``. The
wheel's build compiles the ``.qm`` itself (``setup.py``), so no ``.qm`` is committed.

The ``.ts`` keeps no line numbers (``-locations none``): a line moved in the code then
leaves the catalogue as it is, so ``check`` fails only when a text changed; contexts and
their messages are sorted (``-sort-messages``), so branches that add strings merge the
file like any text, without conflicts on locations or on "the end of a context". Strings that
left the code are dropped (``-no-obsolete``) after lupdate has offered their translation to
a similar new text (marked unfinished, for the translator to confirm).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "canvass_app"
TRANSLATIONS = PACKAGE / "resources" / "translations"
LUPDATE_OPTIONS = ("-silent", "-locations", "none", "-no-obsolete", "-sort-messages")


def qt_tool(name: str) -> Path:
    """A Qt tool shipped inside the PySide6 package (what pyside6-<name> runs)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise SystemExit(f"translations: PySide6 is not installed; {name} comes with it")
    tool = Path(spec.origin).parent / (name + (".exe" if sys.platform == "win32" else ""))
    if not tool.exists():
        raise SystemExit(f"translations: {tool} is missing from this PySide6")
    return tool


def catalogues() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*.ts"))


def sources() -> list[Path]:
    """Every Python module of the package: lupdate finds tr(), translate() and
    QT_TRANSLATE_NOOP() wherever they are, so no list of modules is kept by hand."""
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def update(ts: Path) -> None:
    """Refresh ``ts`` from the code (new texts unfinished, gone ones dropped)."""
    subprocess.run(
        [str(qt_tool("lupdate")), *LUPDATE_OPTIONS, *map(str, sources()), "-ts", str(ts)],
        check=True,
    )


def release(ts: Path, out_dir: Path) -> Path:
    """Compile ``ts`` into ``out_dir``/<same name>.qm (unfinished strings stay English)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    qm = out_dir / ts.with_suffix(".qm").name
    subprocess.run([str(qt_tool("lrelease")), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


# --- reading a catalogue --------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translations: tuple[str, ...]  # one, or one per plural form
    unfinished: bool

    def where(self) -> str:
        return f"{self.context}: {self.source!r}"


def entries(ts: Path) -> list[Entry]:
    found: list[Entry] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                texts: tuple[str, ...] = ()
                kind = "unfinished"
            else:
                forms = translation.findall("numerusform")
                texts = tuple((f.text or "") for f in forms) if forms else (translation.text or "",)
                kind = translation.get("type") or ""
            if kind in ("obsolete", "vanished"):
                continue
            unfinished = kind == "unfinished" or not any(t.strip() for t in texts)
            found.append(Entry(name, message.findtext("source") or "", texts, unfinished))
    return found


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields and Qt's ``%n`` in ``text`` (raises on broken braces)."""
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return fields | ({"%n"} if "%n" in text else set())


def placeholder_problems(items: Iterable[Entry]) -> list[str]:
    problems: list[str] = []
    for entry in items:
        if entry.unfinished:
            continue
        try:
            wanted = placeholders(entry.source)
        except ValueError:
            continue  # not a format string in the code either (shown as it is)
        for text in entry.translations:
            try:
                got = placeholders(text)
            except ValueError as error:
                problems.append(f"{entry.where()}: the translation breaks a brace ({error})")
                continue
            if got != wanted:
                problems.append(
                    f"{entry.where()}: the translation has {sorted(got) or 'no placeholders'}, "
                    f"the English {sorted(wanted) or 'none'}"
                )
    return problems


# --- the check ------------------------------------------------------------------------


def check(ts: Path) -> list[str]:
    """What is wrong with ``ts`` (empty when it is current and complete), in words."""
    with tempfile.TemporaryDirectory() as scratch:
        refreshed = Path(scratch) / ts.name
        shutil.copy(ts, refreshed)
        update(refreshed)
        stale = refreshed.read_bytes() != ts.read_bytes()
        after = entries(refreshed)
    before = entries(ts)
    lines: list[str] = []
    if stale:
        old = {(e.context, e.source) for e in before}
        new = {(e.context, e.source) for e in after}
        added = [e for e in after if (e.context, e.source) not in old]
        gone = [e for e in before if (e.context, e.source) not in new]
        lines.append(
            f"{ts.name} is out of date with the code: lupdate would add {len(added)} and "
            f"drop {len(gone)} string(s)."
        )
        lines += [f"  + {e.where()}" for e in added]
        lines += [f"  - {e.where()}" for e in gone]
        if not added and not gone:
            lines.append("  (the same strings, written differently: refresh it)")
    unfinished = [e for e in after if e.unfinished]
    if unfinished:
        lines.append(f"{ts.name} has {len(unfinished)} unfinished string(s):")
        lines += [f"  {e.where()}" for e in unfinished]
    wrong = placeholder_problems(after)
    if wrong:
        lines.append(f"{ts.name}: {len(wrong)} translation(s) do not keep the placeholders:")
        lines += [f"  {line}" for line in wrong]
    if not lines:
        return []
    shown = ts.relative_to(ROOT) if ts.is_relative_to(ROOT) else ts
    todo = ["run `make translations`"]
    if unfinished:
        todo.append(
            f"translate the {len(unfinished)} unfinished string(s) in {shown} with Qt Linguist "
            f"(.venv/bin/pyside6-linguist {shown}) or an editor"
        )
    if wrong:
        todo.append("fix the placeholders named above ({name} and %n as in the English)")
    lines.append("What to do: " + ", then ".join(todo) + "; commit the .ts (docs/DEVELOPING.md).")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "release", "check"))
    parser.add_argument(
        "--ts", type=Path, action="append", help="a catalogue (default: every .ts of the app)"
    )
    parser.add_argument("--out", type=Path, help="release: where the .qm go (default: beside)")
    args = parser.parse_args(argv)
    files = [p.resolve() for p in args.ts] if args.ts else catalogues()
    failed = False
    for ts in files:
        if args.command == "update":
            update(ts)
            counted = entries(ts)
            unfinished = sum(e.unfinished for e in counted)
            print(f"{ts.name}: {len(counted)} strings, {unfinished} unfinished")
        elif args.command == "release":
            release(ts, args.out or ts.parent)
        else:
            problems = check(ts)
            for line in problems:
                print(line, file=sys.stderr)
            failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
