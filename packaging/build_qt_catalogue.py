"""Build ``resources/i18n/qtbase_zh_CN.qm``: Chinese for the words Qt's own dialogs show.

Qt's own Chinese catalogue is incomplete (its file dialog still says 「Look in:」 and 「Files
of type:」) and some PySide6 wheels ship none.  The app loads Qt's catalogue where there is
one and this one over it (:func:`lawgov_desktop.gui.app.install_translations`), so the
Chinese interface shows no English in the dialogs Qt draws itself: the file dialog (the
non-native one, which Linux desktops without a portal get), message box buttons, text
context menus.  The words are listed by Qt context in ``resources/i18n/qtbase_zh_CN.json``
(``"Context|English": "中文"``).

Run after editing the table: ``python packaging/build_qt_catalogue.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
TABLE = I18N / "qtbase_zh_CN.json"
QM = I18N / "qtbase_zh_CN.qm"


def ts_document(table: dict[str, str]) -> bytes:
    """A Qt Linguist ``.ts`` document of the table, one context per Qt class."""
    root = ET.Element("TS", version="2.1", language="zh_CN")
    contexts: dict[str, ET.Element] = {}
    for key, chinese in table.items():
        context, english = key.split("|", 1)
        ctx = contexts.get(context)
        if ctx is None:
            ctx = contexts[context] = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = context
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = english
        ET.SubElement(msg, "translation").text = chinese
    return b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="utf-8")


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from update_translations import tool

    table = json.loads(TABLE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / "qtbase_zh_CN.ts"
        ts.write_bytes(ts_document(table))
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(QM)], check=True, capture_output=True)
    print(f"{QM.relative_to(ROOT)}: {len(table)} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
