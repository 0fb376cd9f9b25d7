"""Whose annotations the window shows, and the team commands' menu entries.

Everything here is part of the window from its first paint, so it is kept light: the team
dialogs (merge, agreement, adjudication, import of annotations) live in :mod:`.team_view`,
imported when one of their commands is first chosen, and the annotator names are counted
when the chooser's list is opened — never at start-up, where counting them read every
annotation of the project.
"""

from __future__ import annotations

from operator import attrgetter
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QMenu, QWidget

if TYPE_CHECKING:
    from lawgov_desktop.gui.highlighter import Span
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.store.annotations import AnnotationKey
    from lawgov_desktop.store.project import Project

#: The chooser's first two entries: every annotator, and the user's own name.
ALL, MINE = "\x00all", "\x00mine"
#: Annotation status drawn dashed: an unconfirmed suggestion.
SUGGESTED_STATUS = "suggested"
_ID, _ANNOTATOR = attrgetter("id"), attrgetter("annotator")  # of an annotation's key, in C


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamView", text)


def install_team_actions(w: MainWindow, file_menu: QMenu, view_menu: QMenu) -> None:
    """Add 文件 → 合并项目…, 导入标注… and 视图 → 一致性… to the window's menus (their
    dialogs are imported when chosen), and the annotator chooser to the annotations list."""
    w.act_merge = QAction(_tr("&Merge project…"), w)
    w.act_merge.setObjectName("actMerge")
    w.act_merge.setToolTip(_tr(
        "Bring in another project's reports, categories and annotations (the other file is only read)"))
    w.act_merge.triggered.connect(lambda: _team_view().merge_with_dialog(w))
    w.act_agreement = QAction(_tr("&Agreement…"), w)
    w.act_agreement.setObjectName("actAgreement")
    w.act_agreement.triggered.connect(lambda: _team_view().open_agreement_dialog(w))
    w.act_import_annotations = QAction(_tr("Import &annotations…"), w)
    w.act_import_annotations.setObjectName("actImportAnnotations")
    w.act_import_annotations.setToolTip(_tr(
        "Read annotations back: LawGov JSONL or W3C, or an export of Label Studio or doccano (what was changed "
        "there is applied here)"))
    w.act_import_annotations.triggered.connect(lambda: _team_view().import_annotations_with_dialog(w))
    before = next((a for a in file_menu.actions() if a.objectName() == "actExport"), None)
    for act in (w.act_merge, w.act_import_annotations):
        if before is not None:
            file_menu.insertAction(before, act)
        else:
            file_menu.addAction(act)
    view_menu.addAction(w.act_agreement)
    if hasattr(w, "annotations_panel") and hasattr(w, "reading"):
        install_annotator_filter(w)


def _team_view() -> ModuleType:
    from lawgov_desktop.gui import team_view

    return team_view


def my_name(project: Project) -> str:
    from lawgov_desktop.store.project import default_annotator

    return project.annotations.annotator_name or default_annotator()


class AnnotatorCombo(QComboBox):
    """The chooser: 「全部标注人」, 「我的（name）」, then each annotator with their count,
    listed afresh each time the list is opened (names change as people tag and merge)."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.addItem(_tr("All annotators"), ALL)
        self.addItem(_tr("Mine ({name})").format(name=my_name(project)), MINE)

    def fill(self) -> None:
        """List every annotator with their count, keeping the current choice."""
        from lawgov_desktop.store import team

        keep = self.currentData()
        self.blockSignals(True)
        try:
            self.clear()
            self.addItem(_tr("All annotators"), ALL)
            self.addItem(_tr("Mine ({name})").format(name=my_name(self.project)), MINE)
            for name, n in team.annotator_counts(self.project):
                self.addItem(f"{name or '?'} ({n})", name)
            found = self.findData(keep) if keep is not None else 0
            self.setCurrentIndex(max(found, 0))
        finally:
            self.blockSignals(False)

    def showPopup(self) -> None:  # noqa: N802 (Qt override)
        self.fill()
        super().showPopup()


def install_annotator_filter(w: MainWindow) -> QComboBox:
    """A chooser in the annotations list's filter row: all annotators, mine, or one of them.
    The list and every pane follow it (``w.annotator_view``: None for all, else a name)."""
    panel = w.annotations_panel
    combo = AnnotatorCombo(w.project, panel)
    combo.setObjectName("annotatorFilter")
    combo.setToolTip(_tr("Whose annotations the list and the reports show"))
    w.annotator_view = None
    w.annotator_combo = combo

    def chosen() -> None:
        data = combo.currentData()
        w.annotator_view = None if data in (None, ALL) else my_name(w.project) if data == MINE else data
        panel.annotator_filter = w.annotator_view
        panel.refresh()
        for pane in w.reading.panes():
            pane.refresh_annotations()

    combo.currentIndexChanged.connect(lambda _i: chosen())
    row = panel.layout().itemAt(0)
    if row is not None and row.layout() is not None:
        row.layout().insertWidget(1, combo)
    return combo


def spans_for_annotators(pane: QWidget, rows: list[AnnotationKey], changed: set[int] | None = None) -> list[Span]:
    """The highlights of a pane from the keys of its report's annotations, as its window's
    annotator choice shows them (see :func:`install_annotator_filter`): the others' left
    out when one annotator is chosen, and each annotator's bands in a style of their own
    when several are shown.  Each span is made once, with its style, straight from its key
    (a long report's 5,000 at each open).  Who made what comes with the keys (no second
    read of the report); the pane keeps it, so a tag (``changed``) brings only its own rows."""
    from lawgov_desktop.gui.highlighter import Span

    window = pane.window()
    view = getattr(window, "annotator_view", None)
    project = pane.project
    cached = getattr(pane, "_annotators", None)
    if changed is None:
        who = dict(zip(map(_ID, rows), map(_ANNOTATOR, rows), strict=True))
    else:
        if cached is None:  # a tag before the pane's first full read: who made the others
            from lawgov_desktop.store import team

            who = team.report_annotators(project, pane.report_id)
        else:
            who = dict(cached)
        for aid in changed:
            who.pop(aid, None)
        who.update(zip(map(_ID, rows), map(_ANNOTATOR, rows), strict=True))
    pane._annotators = who
    if view is not None:
        rows = [r for r in rows if r.annotator == view]
    present = set(who.values()) if view is None else set()
    make = tuple.__new__  # what Span(...) does, without its call per row (thousands at each open)
    if len(present) < 2:  # one style for all
        return [make(Span, (aid, start, end, cats, status == SUGGESTED_STATUS, 0))
                for aid, _report, start, end, status, cats, _who in rows]
    mine = my_name(project)
    order = ([mine] if mine in present else []) + sorted(present - {mine})
    style = {name: i for i, name in enumerate(order)}
    return [make(Span, (aid, start, end, cats, status == SUGGESTED_STATUS, style.get(who_, 0)))
            for aid, _report, start, end, status, cats, who_ in rows]
