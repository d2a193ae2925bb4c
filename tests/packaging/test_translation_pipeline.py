"""The translation pipeline's check (tools/translations.py, run by `make lint`): it passes on
the catalogue in the checkout and fails, naming the string and what to do, on a temporary
copy made stale, left unfinished, or with a placeholder lost.

The copies are edited as a translator's tool would (the XML of the .ts); the code is never
touched: a message removed from the copy is what a new string in the code looks like to it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "translations.py"
SHIPPED = ROOT / "canvass_app" / "resources" / "translations" / "canvass_es.ts"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("translations_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def _check(ts: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), "check", "--ts", str(ts)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _edit(ts: Path, context: str, source: str) -> tuple[ET.ElementTree, ET.Element, ET.Element]:
    """(tree, the context element, the message element) of one string of ``ts``."""
    tree = ET.parse(ts)
    for element in tree.getroot().iter("context"):
        if element.findtext("name") == context:
            for message in element.iter("message"):
                if message.findtext("source") == source:
                    return tree, element, message
    raise AssertionError(f"{context}: {source!r} is not in {ts}")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "canvass_es.ts"
    path.write_bytes(SHIPPED.read_bytes())
    return path


def test_the_catalogue_in_the_checkout_passes(copy: Path) -> None:
    result = _check(copy)
    assert result.returncode == 0, result.stderr


def test_a_string_new_in_the_code_makes_the_catalogue_stale_and_unfinished(copy: Path) -> None:
    tree, context, message = _edit(copy, "SyncStatusWidget", "Sync now")
    context.remove(message)
    tree.write(copy, encoding="utf-8", xml_declaration=True)

    result = _check(copy)

    assert result.returncode == 1
    assert "lupdate would add 1 and drop 0 string(s)" in result.stderr
    assert "+ SyncStatusWidget: 'Sync now'" in result.stderr
    assert "1 unfinished string(s)" in result.stderr
    assert "run `make translations`, then translate the 1 unfinished string(s)" in result.stderr
    assert "Qt Linguist" in result.stderr


def test_an_unfinished_translation_fails_and_is_named(copy: Path) -> None:
    tree, _, message = _edit(copy, "MainWindow", "Sync now")
    translation = message.find("translation")
    assert translation is not None
    translation.set("type", "unfinished")
    tree.write(copy, encoding="utf-8", xml_declaration=True)

    result = _check(copy)

    assert result.returncode == 1
    assert "has 1 unfinished string(s):\n  MainWindow: 'Sync now'" in result.stderr
    assert "translate the 1 unfinished string(s) in" in result.stderr


def test_a_string_gone_from_the_code_makes_it_stale(copy: Path) -> None:
    tree, context, message = _edit(copy, "MainWindow", "Sync now")
    gone = ET.fromstring(ET.tostring(message))
    source = gone.find("source")
    assert source is not None
    source.text = "A string no code has"
    context.append(gone)
    tree.write(copy, encoding="utf-8", xml_declaration=True)

    result = _check(copy)

    assert result.returncode == 1
    assert "lupdate would add 0 and drop 1 string(s)" in result.stderr
    assert "- MainWindow: 'A string no code has'" in result.stderr
    assert "What to do: run `make translations`; commit the .ts" in result.stderr


def test_a_translation_that_loses_a_placeholder_fails(copy: Path) -> None:
    tree, _, message = _edit(copy, "DoorSession", "Saved the survey for {name}. Ctrl+Z undoes it.")
    translation = message.find("translation")
    assert translation is not None
    translation.text = "Encuesta guardada. Ctrl+Z la deshace."
    tree.write(copy, encoding="utf-8", xml_declaration=True)

    result = _check(copy)

    assert result.returncode == 1
    assert "1 translation(s) do not keep the placeholders" in result.stderr
    assert "has no placeholders, the English ['name']" in result.stderr


def test_every_spanish_translation_keeps_exactly_the_placeholders_of_its_english() -> None:
    tool = _tool()
    entries = tool.entries(SHIPPED)
    assert len(entries) > 600
    assert tool.placeholder_problems(entries) == []
    # The check sees what it must: a wrong name, a lost %n, a broken brace.
    made_up = [
        tool.Entry("C", "{count} visits for {name}", ("{cuenta} visitas para {name}",), False),
        tool.Entry("C", "%n visits", ("visitas",), False),
        tool.Entry("C", "{name} left", ("{name salió",), False),
        tool.Entry("C", "{name} left", ("{name} se fue",), False),
    ]
    assert len(tool.placeholder_problems(made_up)) == 3


# The two places that look a template up by variable: the Message machinery itself,
# whose templates are all marked where they are written.
_LOOKUP_MACHINERY = {"canvass_app/core/messages.py", "canvass_app/ui/i18n.py"}


def test_every_marked_text_is_a_literal_lupdate_can_see() -> None:
    """``QT_TRANSLATE_NOOP(context, text)``, ``tr(text)`` and ``translate(context, text)``
    with a variable are invisible to lupdate: the text never reaches the catalogue."""
    import ast

    root = Path(__file__).resolve().parents[2]
    hidden = []
    for path in sorted((root / "canvass_app").rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative in _LOOKUP_MACHINERY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            wanted = {"QT_TRANSLATE_NOOP": 2, "translate": 2, "tr": 1}.get(name or "")
            if wanted is None or (name == "translate" and "QTransform" in ast.unparse(func)):
                continue
            literal = [
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                for arg in node.args[:wanted]
            ]
            if len(literal) < wanted or not all(literal):
                hidden.append(f"{relative}:{node.lineno}: {ast.unparse(node)[:70]}")
    assert not hidden, "texts lupdate cannot see:\n" + "\n".join(hidden)
