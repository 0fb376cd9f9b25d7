"""Refresh the Chinese UI catalogue: lupdate → fill from the string tables → lrelease.

The user interface is written in English inside ``tr()``; Simplified Chinese is the default
language.  Steps:

1. ``pyside6-lupdate`` collects every ``self.tr(...)`` / ``QCoreApplication.translate(...)``
   of ``lawgov_desktop/gui/*.py`` into ``resources/i18n/lawgov_zh_CN.ts`` (keeping what is
   already translated there).
2. Strings lupdate cannot see — calls of a module helper such as
   ``_tr(text) = QCoreApplication.translate("Ctx", text)`` — are found with ``ast`` and added.
3. Untranslated messages are filled from ``resources/i18n/strings_zh_CN_*.json`` (English →
   Chinese; a key ``"Context|English"`` overrides the plain one for that context only).
4. ``pyside6-lrelease`` compiles ``lawgov_zh_CN.qm``, which the app loads at start-up.

Run with ``--check`` to fail (exit 1) when a string has no translation.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "lawgov_desktop" / "gui"
I18N = ROOT / "resources" / "i18n"
TS = I18N / "lawgov_zh_CN.ts"
QM = I18N / "lawgov_zh_CN.qm"


def tool(name: str) -> str:
    """A PySide6 tool next to this Python (the venv), else on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 (pip install -e .)")
    return found


def load_tables() -> dict[str, str]:
    table: dict[str, str] = {}
    for path in sorted(I18N.glob("strings_zh_CN_*.json")):
        table.update(json.loads(path.read_text(encoding="utf-8")))
    return table


def helper_strings(path: Path) -> list[tuple[str, str]]:
    """(context, text) of calls to module helpers wrapping ``QCoreApplication.translate``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    helpers: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "translate" and call.args
                        and isinstance(call.args[0], ast.Constant) and len(call.args) > 1
                        and not isinstance(call.args[1], ast.Constant)):
                    helpers[node.name] = str(call.args[0].value)
    found: list[tuple[str, str]] = []
    for call in ast.walk(tree):
        if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in helpers
                and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
            found.append((helpers[call.func.id], call.args[0].value))
    return found


def context_element(root: ET.Element, name: str) -> ET.Element:
    for ctx in root.findall("context"):
        if (ctx.findtext("name") or "") == name:
            return ctx
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = name
    return ctx


def fill(ts_path: Path, table: dict[str, str], extra: list[tuple[str, str]]) -> list[str]:
    """Add helper strings, fill unfinished translations; returns what is still untranslated."""
    tree = ET.parse(ts_path)
    root = tree.getroot()
    for ctx_name, text in extra:
        ctx = context_element(root, ctx_name)
        if not any(m.findtext("source") == text for m in ctx.findall("message")):
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = text
            ET.SubElement(msg, "translation", {"type": "unfinished"})
    missing: list[str] = []
    for ctx in root.findall("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.findall("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            if tr.get("type") == "obsolete" or tr.get("type") == "vanished":
                continue
            wanted = table.get(f"{name}|{source}", table.get(source))
            if wanted:  # the tables are the source of truth; the .ts only carries them to lrelease
                tr.text = wanted
                tr.attrib.pop("type", None)
            if not (tr.text or "").strip():
                missing.append(f"{name}: {source!r}")
    ET.indent(tree, space="    ")
    body = ET.tostring(root, encoding="unicode")
    ts_path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if any string is untranslated")
    args = ap.parse_args(argv)
    sources = sorted(str(p.relative_to(ROOT)) for p in GUI.glob("*.py"))
    I18N.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", "zh_CN", "-ts", str(TS.relative_to(ROOT))],
                   check=True, cwd=ROOT)
    extra = [item for src in sources for item in helper_strings(ROOT / src)]
    missing = fill(TS, load_tables(), extra)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, cwd=ROOT)
    if missing:
        print(f"{len(missing)} string(s) without a Chinese translation:", *missing, sep="\n  ")
    return 1 if missing and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
