"""``lawgov-desktop``: start the desktop app (or render a screenshot of it and exit).

Start-up stays light on purpose: only Qt, the store and the GUI modules are imported here;
anything heavy (tokenisers, exporters) is imported by the feature that needs it, when used.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from lawgov_desktop import APP_ID, __version__
from lawgov_desktop.gui.fonts import apply_app_font
from lawgov_desktop.gui.settings import APPLICATION, LANGUAGES, ORGANIZATION, UiSettings
from lawgov_desktop.paths import PROJECT_SUFFIX, resources_dir

if TYPE_CHECKING:
    from lawgov_desktop.gui.main_window import MainWindow
    from lawgov_desktop.store.project import Project

SCREENSHOT_SIZE = (1600, 1000)
#: Called with the main window once it is shown, before the event loop runs: tools that drive
#: the real app add theirs here (``lawgov bench`` through :mod:`lawgov_desktop.bench.app_probe`),
#: so that the app itself never imports them.
WINDOW_HOOKS: list[Callable[[QWidget], None]] = []


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="lawgov-desktop",
                                 description="Read, compare and tag rule-of-law government reports.")
    ap.add_argument("--db", metavar="PATH", help="project file (default: LAWGOV_DB or the default project)")
    ap.add_argument("--open", metavar="REPORT_ID", type=int, nargs="+", default=[],
                    help="open these reports side by side")
    ap.add_argument("--screenshot", metavar="PNG", help="render the window to PNG and exit")
    ap.add_argument("--lang", choices=LANGUAGES, help="user-interface language (default: as last chosen, zh_CN)")
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return ap


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def install_translations(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Load our own and Qt's Chinese catalogues (English is the untranslated source)."""
    installed: list[QTranslator] = []
    if lang != "zh_CN":
        return installed
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    # Qt's own dialogs (file dialog, message box buttons, text menus): Qt's catalogue, where the
    # installation has one, then ours over it — Qt's zh_CN lacks 「Look in:」 and 「Files of
    # type:」, and some wheels ship none (the translator installed last is asked first)
    candidates = [(translations_dir(), "lawgov_zh_CN"),
                  (Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)), "qtbase_zh_CN"),
                  (translations_dir(), "qtbase_zh_CN")]
    for folder, name in candidates:
        tr = QTranslator(app)
        if tr.load(name, str(folder)) and app.installTranslator(tr):
            installed.append(tr)
    return installed


def wait_events(msecs: int) -> None:
    """Let Qt lay out and paint for a moment without a running event loop."""
    from PySide6.QtCore import QEventLoop

    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()


def take_screenshot(window: MainWindow, path: Path, report_ids: list[int]) -> int:
    """Open ``report_ids`` (default: the first two reports), render the window to ``path``."""
    window.save_on_close = False
    window.reading.close_all()
    ids = report_ids or [r.id for r in window.project.reports.list()[:2]]
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for rid in ids:
        window.open_report(rid, new_pane=True)
    wait_events(150)
    window.resize(*SCREENSHOT_SIZE)
    wait_events(150)
    pixmap = window.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = pixmap.save(str(path), "PNG")
    window.close()
    if not ok:
        print(f"cannot write {path}", file=sys.stderr)
        return 1
    return 0


def project_argument(db: str | None, rest: list[str]) -> tuple[str | None, list[str]]:
    """A project file named without ``--db`` (``lawgov-desktop 报告.lawgov``: a double-click on
    a project, the file association), taken out of the arguments left for Qt."""
    if db is None:
        for i, arg in enumerate(rest):
            if not arg.startswith("-") and arg.lower().endswith(PROJECT_SUFFIX):
                return arg, rest[:i] + rest[i + 1:]
    return db, rest


def set_app_icon(app: QApplication) -> None:
    """The app's icon for every window (title bar, task bar, Alt+Tab) in all its sizes."""
    folder = resources_dir() / "icons"
    icon = QIcon()
    for png in sorted(folder.glob("lawgov-desktop-*.png")):
        icon.addFile(str(png))
    if not icon.isNull():
        app.setWindowIcon(icon)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``lawgov-desktop`` and ``python -m lawgov_desktop``."""
    args, qt_args = build_parser().parse_known_args(sys.argv[1:] if argv is None else argv)
    args.db, qt_args = project_argument(args.db, qt_args)
    existing = QApplication.instance()
    if existing is None:
        gc.disable()  # a new process: no cyclic collection until the window is painted (_resume_collection)
        from lawgov_desktop.gui.system_libs import startup_problem

        problem = startup_problem()
        if problem:  # Qt would abort with a core dump: say what to install instead
            print(problem, file=sys.stderr)
            return 1
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setDesktopFileName(APP_ID)
    if existing is None:
        set_app_icon(app)
    settings = UiSettings()
    if args.lang:
        settings.set_language(args.lang)
    translators = install_translations(app, settings.language())
    if existing is None:  # a real session (not a test's app): the library's messages in the window's language
        from lawgov_desktop.messages import set_language

        set_language(settings.language())
    from lawgov_desktop.gui.error_hook import open_log_file, start_error_reporting

    # the log (its file opened once the window is painted); the error dialog in a real session
    # (not a screenshot, not inside a test's app)
    start_error_reporting(app, show_dialogs=existing is None and not args.screenshot,
                          what="screenshot" if args.screenshot else "window")
    try:
        return _run(app, args, settings, owns_loop=existing is None)
    finally:
        open_log_file()  # however start-up ended, what was logged reaches the file
        for tr in translators:
            app.removeTranslator(tr)
        gc.enable()  # however start-up ended


def offer_backups(path: Path) -> bool:
    """After a project could not be opened: offer its Backups dialog; True if one was restored."""
    from PySide6.QtWidgets import QMessageBox

    from lawgov_desktop.gui.backups_dialog import BackupsDialog
    from lawgov_desktop.store.backups import list_backups

    found = list_backups(path, inspect=False)
    if not found:
        return False
    answer = QMessageBox.question(
        None, QCoreApplication.translate("App", "Restore from a backup?"),
        QCoreApplication.translate("App", "There are {n} backups of {name}. Open the Backups dialog to check "
                                          "them and restore one?").format(n=len(found), name=path.name))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    restored: list[str] = []
    dialog = BackupsDialog(path, None)
    dialog.restored.connect(restored.append)
    dialog.exec()
    dialog.deleteLater()
    return bool(restored)


def _open(args: argparse.Namespace, path: Path, readonly: bool) -> Project | None:
    """Open the project; when it is refused, say why and offer to restore a backup (then retry)."""
    from lawgov_desktop.store.db import ProjectError
    from lawgov_desktop.store.open import open_project

    while True:
        try:
            return open_project(args.db, readonly=readonly)
        except ProjectError as exc:
            from PySide6.QtWidgets import QMessageBox  # message boxes: set up when one is shown

            QMessageBox.critical(None, QCoreApplication.translate("App", "Cannot open the project"), str(exc))
            if args.screenshot or readonly or not offer_backups(path):
                return None


class _AfterFirstPaint(QObject):
    """Run ``fn`` once, in the event loop's next turn after ``window``'s first paint."""

    def __init__(self, window: QWidget, fn: Callable[[], None]) -> None:
        super().__init__(window)
        self.fn = fn
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        self.deleteLater()
        self.fn()


#: Cyclic garbage collection resumes this long after start at the latest (a window not painted).
RESUME_COLLECTION_MS = 5000


def _resume_collection() -> None:
    """Move what start-up built out of the collector's way, then collect again.

    Start-up builds objects that live as long as the window: collecting among them while the
    window is built only costs time (~20 ms of a start, in 80 collections), and every
    collection while tagging would re-scan them (measured: pauses of 10-30 ms) unless frozen.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _backup_on_open(project: Project) -> str:
    """Snapshot the project as it was before this session; the problem, if it failed, else ""."""
    from lawgov_desktop.store.db import ProjectError

    try:
        project.backups.on_open()
    except (OSError, ProjectError) as exc:
        return str(exc)
    return ""


def _report_backup_problem(window: MainWindow, problem: str) -> None:
    if problem:
        window.show_message(QCoreApplication.translate("App", "Could not back up the project on opening: {why}")
                            .format(why=problem))


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def unwritable_mode(path: Path, problem: str) -> str:
    """Tell the user the project's folder cannot be written; "readonly", or "fail" when there is nothing to open."""
    from PySide6.QtWidgets import QMessageBox

    folder = path.parent
    if path.is_file():
        QMessageBox.warning(
            None, _tr("Project opened read-only"),
            _tr("The folder {folder} cannot be written to ({why}), so “{name}” is opened read-only: you can "
                "read and search, but not tag. Check the folder's permissions, or copy the project to a "
                "folder you can write to and open it there.").format(folder=folder, why=problem, name=path.name))
        return "readonly"
    QMessageBox.critical(
        None, _tr("Cannot create the project"),
        _tr("LawGov Desktop keeps its projects in {folder}, but that folder cannot be created or written to "
            "({why}). Make sure you can write there, or set the LAWGOV_HOME environment variable to a folder "
            "you can write to, then start the app again.").format(folder=folder, why=problem))
    return "fail"


def _has_backups(path: Path) -> bool:
    """Whether backups of ``path`` exist (the backups' code loads only for a file that is not a project)."""
    from lawgov_desktop.store.backups import list_backups

    return bool(list_backups(path, inspect=False))


def choose_mode(path: Path) -> str:
    """How this window may open ``path``: "write", "readonly", "cancel" (the user's choice) or "fail".

    A missing data folder is created first (the first run has none), so that "the project does not
    exist yet" can never look like "the project is open in another window".
    """
    from lawgov_desktop.gui import instance_lock
    from lawgov_desktop.paths import folder_write_problem
    from lawgov_desktop.store.db import not_a_project_problem

    foreign = not_a_project_problem(path)
    if foreign and not _has_backups(path):
        from PySide6.QtWidgets import QMessageBox  # message boxes: set up when one is shown

        # said before the lock file is made: nothing is put beside another program's file (one
        # with backups of ours beside it is our project, damaged: opening it offers the backups)
        QMessageBox.critical(None, _tr("Cannot open the project"), foreign)
        return "fail"
    problem = folder_write_problem(path.parent)
    if problem:
        return unwritable_mode(path, problem)
    mode = instance_lock.acquire_or_ask(path, None)
    if mode == "unwritable":  # the folder changed under us since the check
        return unwritable_mode(path, _tr("the lock file cannot be created"))
    return mode


def _run(app: QApplication, args: argparse.Namespace, settings: UiSettings, owns_loop: bool) -> int:
    from lawgov_desktop.gui import instance_lock
    from lawgov_desktop.paths import resolve_project_path

    apply_app_font(app)
    path, _is_default = resolve_project_path(args.db)
    mode = "write"
    if not args.screenshot:  # a render-and-exit run edits nothing: it neither takes nor asks for the lock
        mode = choose_mode(path)
        if mode in ("cancel", "fail"):
            return 1 if mode == "fail" else 0
    try:
        return _run_project(app, args, settings, owns_loop, path, readonly=mode == "readonly")
    finally:
        if owns_loop or args.screenshot:
            instance_lock.release(path)


def _run_project(app: QApplication, args: argparse.Namespace, settings: UiSettings, owns_loop: bool,
                 path: Path, readonly: bool) -> int:
    from lawgov_desktop.gui.bridge import ProjectBridge
    from lawgov_desktop.gui.main_window import MainWindow

    project = _open(args, path, readonly)
    if project is None:
        return 1
    backup_problem = ""
    back_up = not readonly and not args.screenshot
    if back_up and not owns_loop:  # embedded in a running application: no loop of ours to defer to
        back_up = False
        backup_problem = _backup_on_open(project)
    bridge = ProjectBridge(project)
    try:
        restore = not (args.screenshot or args.open)
        window = MainWindow(bridge, settings, restore=restore)
        if args.screenshot:
            return take_screenshot(window, Path(args.screenshot), args.open)
        for rid in args.open:
            window.open_report(rid, new_pane=True)
        window.show()
        if backup_problem:
            _report_backup_problem(window, backup_problem)
        from lawgov_desktop.gui.error_hook import open_log_file

        _AfterFirstPaint(window, open_log_file)
        if back_up:
            # the snapshot of how the project was before this session copies the whole file: made
            # as soon as the window has been painted (before any edit can be made), rather than
            # keeping a large project's window from appearing
            _AfterFirstPaint(window, lambda: _report_backup_problem(window, _backup_on_open(project)))
        if owns_loop and not WINDOW_HOOKS:  # a tool driving the app (the benchmark) gets no welcome
            from lawgov_desktop.gui.welcome import show_welcome_once  # the first start only, non-modal

            _AfterFirstPaint(window, lambda: show_welcome_once(window, settings))
        for hook in WINDOW_HOOKS:
            hook(window)
        if not owns_loop:
            return 0  # embedded in a running Qt application (tests): nothing more to run
        if gc.isenabled():
            gc.freeze()  # see _resume_collection
        else:  # paused since main(): resumed once the window is painted (or after a while regardless)
            _AfterFirstPaint(window, _resume_collection)
            QTimer.singleShot(RESUME_COLLECTION_MS, _resume_collection)
        return app.exec()
    finally:
        if owns_loop or args.screenshot:
            bridge.detach()
            project.close()


if __name__ == "__main__":
    raise SystemExit(main())
