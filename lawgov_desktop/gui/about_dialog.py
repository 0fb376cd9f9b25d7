"""Help → About: version, the licence of every bundled part, and where the user's data lives.

The licence table is read from the installed packages' own metadata (``License-Expression``,
``License``, or the licence classifiers), walking the app's run-time requirements, so a new
dependency appears without anyone editing this file.  Frozen builds may carry no package
metadata; :data:`KNOWN_LICENCES` is the fallback there, and a test keeps it equal to the
installed metadata.  The parts that are not Python packages — Python, SQLite, Qt's libraries
inside PySide6, the bundled font — are listed explicitly.

Paths are shown in read-only line edits (select, copy, or the Copy button) with a button to
open the folder: the first thing support asks is "where is your project file?".
"""

from __future__ import annotations

import importlib.metadata as md
import os
import platform
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lawgov_desktop import APP_NAME, __version__
from lawgov_desktop.gui.dialog_size import resize_to_fit
from lawgov_desktop.logs import log_dir
from lawgov_desktop.paths import backups_dir_for, cache_dir, data_dir, resources_dir

DIST_NAME = "lawgov-desktop"

#: Licences of the run-time packages, for builds that carry no package metadata (frozen apps).
#: Checked against the installed metadata by tests/gui/test_help_dialogs.py.
KNOWN_LICENCES: dict[str, str] = {
    "PySide6-Essentials": "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
    "shiboken6": "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only",
    "sqlite-utils": "Apache-2.0",
    "jieba": "MIT",
    "marisa-trie": "MIT AND (BSD-2-Clause OR LGPL-2.1-or-later)",
    "python-docx": "MIT",
    "openpyxl": "MIT",
    "et-xmlfile": "MIT",
    "lxml": "BSD-3-Clause",
    "platformdirs": "MIT",
    "typing_extensions": "PSF-2.0",
    "click": "BSD-3-Clause",
    "click-default-group": "Public Domain",
    "pluggy": "MIT",
    "python-dateutil": "BSD-3-Clause",
    "sqlite-fts4": "Apache-2.0",
    "tabulate": "MIT",
    "tzdata": "Apache-2.0",
    "pip": "MIT",
    "six": "MIT",
}

_CLASSIFIER_NAMES = {
    "MIT License": "MIT", "BSD License": "BSD", "Apache Software License": "Apache-2.0",
    "Python Software Foundation License": "PSF-2.0", "Public Domain": "Public Domain",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
}
_SPELLINGS = {"apache license, version 2.0": "Apache-2.0", "apache 2.0": "Apache-2.0", "apache-2": "Apache-2.0",
              "bsd": "BSD", "mit license": "MIT", "psf": "PSF-2.0"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("AboutDialog", text)


@dataclass(frozen=True)
class Part:
    """One bundled part: what it is, its version and its licence."""

    name: str
    version: str
    licence: str
    what: str = ""


def licence_of(dist: md.Distribution) -> str:
    """A package's licence from its metadata: SPDX expression, short License field, or classifiers."""
    meta = dist.metadata
    expr = (meta.get("License-Expression") or "").strip()
    if expr:
        return expr
    field = (meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 60:  # some packages paste the whole text here
        return _SPELLINGS.get(field.lower(), field)
    names = [c.split("::")[-1].strip() for c in (meta.get_all("Classifier") or []) if c.startswith("License ::")]
    names = [_CLASSIFIER_NAMES.get(n, n) for n in names if n != "OSI Approved"]
    return " OR ".join(dict.fromkeys(names)) or KNOWN_LICENCES.get(meta["Name"] or "", "")


def _requirement_names(dist: md.Distribution) -> list[str]:
    """Run-time requirements (no extras) of ``dist``, by name."""
    names = []
    for req in dist.requires or []:
        spec, _, marker = req.partition(";")
        if "extra" in marker:
            continue
        name = re.split(r"[\s<>=!~\[(]", spec.strip(), maxsplit=1)[0]
        if name:
            names.append(name)
    return names


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def package_parts() -> list[Part]:
    """Every installed run-time dependency of the app, direct and indirect, with its licence."""
    try:
        root = md.distribution(DIST_NAME)
    except md.PackageNotFoundError:  # frozen build without metadata: the known list
        return [Part(name, _version(name) or "—", lic) for name, lic in KNOWN_LICENCES.items()
                if name != "pip"]  # pip is a requirement of sqlite-utils, never bundled in the app
    parts: dict[str, Part] = {}
    todo = _requirement_names(root)
    while todo:
        name = todo.pop(0)
        key = _canonical(name)
        if key in parts:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:  # a requirement for another platform
            continue
        parts[key] = Part(dist.metadata["Name"] or name, dist.version, licence_of(dist) or "?")
        todo.extend(_requirement_names(dist))
    return sorted(parts.values(), key=lambda p: p.name.lower())


def _version(name: str) -> str:
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return ""


def all_parts() -> list[Part]:
    """The app itself, what is not a Python package, then the packages."""
    return [
        Part(APP_NAME, __version__, "MIT", _tr("this program")),
        Part("Qt", qVersion(), "LGPL-3.0-only", _tr("user-interface libraries, inside PySide6")),
        Part("LawGov Sans SC", "2.004", "OFL-1.1", _tr("bundled font: a subset of Noto Sans CJK SC")),
        Part("Python", platform.python_version(), "PSF-2.0", _tr("programming language and its standard library")),
        Part("SQLite", sqlite3.sqlite_version, "Public Domain", _tr("the project file's database engine")),
        *package_parts(),
    ]


def app_licence_text() -> str:
    """The app's LICENSE: beside the sources or in the bundle, else from the package metadata."""
    for folder in (resources_dir().parent, resources_dir()):
        path = folder / "LICENSE"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        dist = md.distribution(DIST_NAME)
        for name in ("licenses/LICENSE", "LICENSE"):
            text = dist.read_text(name)
            if text:
                return text
    except md.PackageNotFoundError:
        pass
    return "MIT License\n\nCopyright (c) 2026 LawGov Desktop contributors\n"


def font_licence_text() -> str:
    path = resources_dir() / "fonts" / "OFL.txt"
    return path.read_text(encoding="utf-8") if path.is_file() else "SIL Open Font License, Version 1.1"


def app_icon_pixmap(size: int = 96) -> QPixmap | None:
    """The app icon from ``resources/icons`` (largest PNG, else the SVG), None when there is none."""
    folder = resources_dir() / "icons"
    pngs = sorted(folder.glob("lawgov-desktop-*.png"),
                  key=lambda p: int(re.sub(r"\D", "", p.stem) or 0)) if folder.is_dir() else []
    candidates = [p for p in pngs if int(re.sub(r"\D", "", p.stem) or 0) >= size] + pngs[::-1]
    candidates.append(folder / "lawgov-desktop.svg")
    for path in candidates:
        if path.is_file():
            icon = QIcon(str(path))
            if not icon.isNull():
                return icon.pixmap(size, size)
    return None


def data_locations(project_path: Path | None, settings_file: str) -> list[tuple[str, str, bool]]:
    """(label, path, is a folder) of every place the app keeps the user's things."""
    rows = [(_tr("Data folder"), str(data_dir()), True)]
    if project_path is not None:
        rows.append((_tr("Project file"), str(project_path), False))
        rows.append((_tr("Backups folder"), str(backups_dir_for(project_path)), True))
    rows += [
        (_tr("Log folder"), str(log_dir()), True),
        (_tr("Settings"), settings_file, False),
        (_tr("Cache folder"), str(cache_dir()), True),
    ]
    return rows


class TextDialog(QDialog):
    """A licence text, read-only, in a plain monospace view."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view = QPlainTextEdit(text, self)
        view.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        resize_to_fit(self, 640, 520)


class AboutDialog(QDialog):
    """Three tabs: about, licences, where the data lives."""

    def __init__(self, parent: QWidget | None = None, project_path: str | os.PathLike | None = None,
                 settings_file: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.project_path = Path(project_path) if project_path else None
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._about_tab(), self.tr("About"))
        self.tabs.addTab(self._licences_tab(), self.tr("Licences"))
        self.tabs.addTab(self._paths_tab(settings_file), self.tr("Where your data is"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        resize_to_fit(self, 720, 520)

    # -- tabs ----------------------------------------------------------------------------
    def _about_tab(self) -> QWidget:
        page = QWidget(self)
        icon = QLabel(page)
        icon.setObjectName("aboutIcon")
        pixmap = app_icon_pixmap(96)
        if pixmap is not None:
            icon.setPixmap(pixmap)
        else:
            icon.hide()
        name = QLabel(f"<h2>{APP_NAME}</h2>", page)
        self.version_label = QLabel(self.tr("Version {version}").format(version=__version__), page)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        what = QLabel(self.tr("Read, compare and tag annual rule-of-law government reports (法治政府建设年度报告), "
                              "and export the tagged excerpts. Everything stays on this computer: the app never "
                              "connects to the internet."), page)
        what.setWordWrap(True)
        legal = QLabel(self.tr("© 2026 LawGov Desktop contributors. Free software under the MIT licence; "
                               "the parts it bundles keep their own licences (see Licences)."), page)
        legal.setWordWrap(True)
        system = QLabel(f"Python {platform.python_version()} · Qt {qVersion()} · "
                        f"{platform.system()} {platform.release()} ({platform.machine()})", page)
        system.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        system.setEnabled(False)
        text = QVBoxLayout()
        for w in (name, self.version_label, what, legal, system):
            text.addWidget(w)
        text.addStretch(1)
        row = QHBoxLayout(page)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(12)
        row.addLayout(text, 1)
        return page

    def _licences_tab(self) -> QWidget:
        page = QWidget(self)
        self.parts = all_parts()
        self.licence_table = QTableWidget(len(self.parts), 3, page)
        self.licence_table.setObjectName("licenceTable")
        self.licence_table.setHorizontalHeaderLabels([self.tr("Part"), self.tr("Version"), self.tr("Licence")])
        self.licence_table.verticalHeader().hide()
        self.licence_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licence_table.setWordWrap(False)
        for row, part in enumerate(self.parts):
            name = QTableWidgetItem(part.name)
            if part.what:
                name.setToolTip(part.what)
            self.licence_table.setItem(row, 0, name)
            self.licence_table.setItem(row, 1, QTableWidgetItem(part.version))
            self.licence_table.setItem(row, 2, QTableWidgetItem(part.licence))
        header = self.licence_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        note = QLabel(self.tr("Qt is used under the GNU LGPL version 3 through PySide6; you may replace the Qt "
                              "libraries in the installed app with your own build. The bundled font is under the "
                              "SIL Open Font License 1.1."), page)
        note.setWordWrap(True)
        app_button = QPushButton(self.tr("App licence (MIT)…"), page)
        app_button.clicked.connect(lambda: self.show_text(self.tr("Licence of {app}").format(app=APP_NAME),
                                                          app_licence_text()))
        font_button = QPushButton(self.tr("Font licence (OFL)…"), page)
        font_button.clicked.connect(lambda: self.show_text(self.tr("Font licence"), font_licence_text()))
        qt_button = QPushButton(self.tr("About Qt…"), page)
        qt_button.clicked.connect(lambda: QMessageBox.aboutQt(self))
        buttons = QHBoxLayout()
        for b in (app_button, font_button, qt_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.licence_table, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)
        return page

    def _paths_tab(self, settings_file: str) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.path_fields: dict[str, QLineEdit] = {}
        for label, path, is_folder in data_locations(self.project_path, settings_file):
            field = QLineEdit(path, page)
            field.setReadOnly(True)
            field.setCursorPosition(0)
            field.setMinimumWidth(360)
            copy = QToolButton(page)
            copy.setText(self.tr("Copy"))
            copy.setToolTip(self.tr("Copy the path"))
            copy.clicked.connect(lambda _=False, p=path: QGuiApplication.clipboard().setText(p))
            show = QToolButton(page)
            show.setText(self.tr("Open"))
            show.setToolTip(self.tr("Open the folder"))
            folder = path if is_folder else str(Path(path).parent)
            show.clicked.connect(lambda _=False, f=folder: QDesktopServices.openUrl(QUrl.fromLocalFile(f)))
            show.setEnabled(bool(path) and Path(folder).is_dir())
            row = QHBoxLayout()
            row.addWidget(field, 1)
            row.addWidget(copy)
            row.addWidget(show)
            form.addRow(label, row)
            self.path_fields[label] = field
        note = QLabel(self.tr("Your projects, backups and logs are never kept in the program's install folder. "
                              "Setting the LAWGOV_HOME environment variable moves all of them under one folder "
                              "(portable use)."), page)
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        return page

    def show_text(self, title: str, text: str) -> TextDialog:
        dialog = TextDialog(title, text, self)
        dialog.show()
        return dialog


def open_about_dialog(window: QWidget, project_path: str | os.PathLike | None = None,
                      settings_file: str = "") -> AboutDialog:
    """Show the About dialog (non-modal, one at a time)."""
    dialog = window.findChild(AboutDialog)
    if dialog is None:
        dialog = AboutDialog(window, project_path, settings_file)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
