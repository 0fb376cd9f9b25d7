"""Window state across restarts, and importing on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QUrl
from PySide6.QtWidgets import QApplication

from lawgov_desktop.gui.settings import UiSettings
from tests.gui.test_reading import drag_and_drop

GOOD = "测试区2023年法治政府建设情况报告\n一、主要举措\n（一）严格规范公正文明执法\n全面推行行政执法三项制度。\n"


def fitting_size(width: int, height: int) -> tuple[int, int]:
    """A size the screen can hold (restoring a geometry clamps it to the screen; offscreen is small)."""
    avail = QApplication.primaryScreen().availableGeometry()
    return min(width, avail.width() - 40), min(height, avail.height() - 60)


def test_restart_restores_panes_scroll_zoom_linked_and_docks(make_window, qtbot):
    size = fitting_size(1300, 850)
    first = make_window(size=size)
    left = first.open_report(2)
    first.open_report(4)
    left.go_to_section(9)
    first.reading.set_current(left)
    first.apply_zoom(2)
    first.set_linked(True)
    first.annotations_dock.hide()
    offset = left.top_offset()
    assert left.section_at(offset) == 9
    first.close()

    second = make_window(restore=True)
    qtbot.wait(50)
    assert second.reading.report_ids() == [2, 4]
    assert second.zoom == 2 and second.act_linked.isChecked() and second.reading.linked
    assert (second.width(), second.height()) == size
    assert not second.annotations_dock.isVisible() and second.library_dock.isVisible()
    restored = second.reading.panes()[0]
    assert second.current_pane() is restored
    qtbot.waitUntil(lambda: restored.top_offset() == offset, timeout=2000)
    assert restored.current_section() == 9
    assert restored.view.font().pointSizeF() == second.reading.panes()[1].view.font().pointSizeF()


def test_reports_gone_since_last_time_are_skipped(make_window, qtbot):
    settings = UiSettings()
    from lawgov_desktop.gui.settings import PaneState, ReadingState

    settings.set_reading(ReadingState(panes=[PaneState(99, 0), PaneState(1, 5)], zoom=50))
    settings.sync()
    window = make_window(restore=True)
    assert window.reading.report_ids() == [1]
    assert window.zoom == 24  # clamped


def test_language_choice_is_saved(main_window, dialogs):
    main_window.set_language("en")
    assert UiSettings().language() == "en"
    assert dialogs.texts("information")  # "takes effect after a restart"


def write_inputs(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 4)
    return good, bad


def test_import_on_a_worker_lists_refused_files(main_window, qtbot, dialogs, tmp_path):
    good, bad = write_inputs(tmp_path)
    dialogs.open_files = [str(good), str(bad)]
    before = main_window.library.model.rowCount()
    with qtbot.waitSignal(main_window.importer.finished, timeout=20_000) as blocker:
        main_window.act_import.trigger()
        assert main_window.importer.busy  # running in the background, the window is free
    summary = blocker.args[0]
    assert [Path(p).name for p, _ in summary.imported] == ["good.txt"]
    assert [Path(p).name for p, _ in summary.refused] == ["bad.bin"]
    kind, _title, text = dialogs.shown[-1]
    assert kind == "warning" and "bad.bin" in text and "good.txt" not in text
    assert main_window.library.model.rowCount() == before + 1  # refreshed through bridge.announce
    titles = [r.title for r in main_window.project.reports.list()]
    assert "测试区2023年法治政府建设情况报告" in titles
    assert not main_window.importer.busy


def test_dropping_files_on_the_window_imports_them(main_window, qtbot, tmp_path):
    good, _bad = write_inputs(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(good))])
    with qtbot.waitSignal(main_window.importer.finished, timeout=20_000) as blocker:
        assert drag_and_drop(main_window.reading, mime)
    assert len(blocker.args[0].imported) == 1


def test_cancelled_import_keeps_what_was_done_and_says_so(main_window, qtbot, dialogs, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"r{i:02}.txt").write_text(GOOD.replace("2023", str(1990 + i)), encoding="utf-8")
    importer = main_window.importer
    with qtbot.waitSignal(importer.finished, timeout=20_000) as blocker:
        importer.start([folder])
        importer.progress.cancel()  # the dialog's Cancel button
    summary = blocker.args[0]
    if summary.cancelled:  # the worker may have finished before it saw the request
        assert len(summary.imported) < 30 and "取消" in dialogs.shown[-1][2] or "cancel" in dialogs.shown[-1][2]
    assert main_window.project.health.counts()["reports"] == 5 + len(summary.imported)


def test_second_import_while_one_runs_is_refused_politely(main_window, qtbot, dialogs, tmp_path):
    good, _bad = write_inputs(tmp_path)
    importer = main_window.importer
    with qtbot.waitSignal(importer.finished, timeout=20_000):
        assert importer.start([good])
        assert not importer.start([good])
    assert any("import" in t.lower() or "导入" in t for t in dialogs.texts("information"))


def test_window_position_survives_too(make_window):
    size = fitting_size(700, 640)
    first = make_window(size=size)
    first.move(QPoint(13, 17))
    first.close()
    second = make_window(restore=True)
    assert (second.width(), second.height()) == size
    assert abs(second.x() - 13) <= 10  # window managers (and offscreen) adjust for the frame
