"""文件 › 从剪贴板新建报告, text dropped on the window, and PDF/OFD files through the importer.

The pasted text takes the same way as a file (normalising, outline, metadata, content hash,
a corrected edition as a new version); HTML on the clipboard is read as the html reader reads
a saved page; the summary counts the radical look-alikes that were replaced.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QApplication

from tests.fixed_layout import make_ofd, make_pdf, paragraphs_of
from tests.gui.test_reading import drag_and_drop

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
PASTED = ("东丽区2023年法治政府建设情况报告\r\n⼀、主要举措和成效\r\n（⼀）深入学习贯彻习近平法治思想。"
          "区政府常务会议专题学习4次，⼈⺠群众满意度持续提升。\r\n二、存在的不足\r\n执法人员培训仍需加强。\r\n")


def test_new_report_from_clipboard_goes_the_way_of_a_file(main_window, qtbot, dialogs):
    w = main_window
    assert w.act_paste_report in w.menuBar().actions()[0].menu().actions()  # 文件 menu
    QApplication.clipboard().setText(PASTED)
    before = w.project.health.counts()["reports"]
    with qtbot.waitSignal(w.importer.finished, timeout=20_000) as blocker:
        w.act_paste_report.trigger()
    summary = blocker.args[0]
    assert len(summary.imported) == 1 and summary.look_alikes_replaced == 4  # ⼀ ⼀ ⼈ ⺠
    rid = summary.imported[0][1]
    info = w.project.reports.get(rid)
    assert (info.title, info.year) == ("东丽区2023年法治政府建设情况报告", 2023)
    text = w.project.reports.text(rid)
    assert "\r" not in text and "⼀" not in text and "人民群众" in text
    assert [(s.label, s.title) for s in w.project.reports.sections(rid)][:2] == [("一、", "主要举措和成效"),
                                                                       ("（一）", "深入学习贯彻习近平法治思想")]
    assert w.project.health.counts()["reports"] == before + 1
    assert w.library.model.rowCount() == before + 1  # the library followed
    kind, _title, message = dialogs.shown[-1]
    assert kind == "information" and "Imported: 1" in message and "Radical look-alikes" in message
    # the same text again adds nothing
    with qtbot.waitSignal(w.importer.finished, timeout=20_000) as blocker:
        w.act_paste_report.trigger()
    assert blocker.args[0].duplicates == [("剪贴板 (clipboard)", rid)]
    # a corrected edition becomes a new version of the same report
    QApplication.clipboard().setText(PASTED.replace("4次", "5次"))
    with qtbot.waitSignal(w.importer.finished, timeout=20_000) as blocker:
        w.act_paste_report.trigger()
    assert [u[1] for u in blocker.args[0].updated] == [rid]
    assert "5次" in w.project.reports.text(rid)


def test_html_on_the_clipboard_is_read_as_a_saved_page(main_window, qtbot):
    mime = QMimeData()
    mime.setHtml("<html><body><div class='nav'><a href='/'>首页</a> <a href='/x'>政务公开</a> <a href='/y'>互动</a></div>"
                 "<div class='TRS_Editor'><p>河西区2022年法治政府建设情况报告</p><p>一、主要举措</p>"
                 "<p>（一）严格规范公正文明执法。全年办理行政复议案件38件。</p></div></body></html>")
    mime.setText("首页 政务公开 互动\n河西区2022年法治政府建设情况报告")
    QApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(main_window.importer.finished, timeout=20_000) as blocker:
        main_window.act_paste_report.trigger()
    rid = blocker.args[0].imported[0][1]
    text = main_window.project.reports.text(rid)
    assert text.startswith("河西区2022年法治政府建设情况报告\n一、主要举措") and "首页" not in text
    assert main_window.project.reports.get(rid).year == 2022


def test_empty_clipboard_says_so(main_window, dialogs):
    QApplication.clipboard().setText("  \n ")
    assert not main_window.importer.paste_clipboard()
    assert "clipboard holds no text" in dialogs.texts("information")[-1]


def test_text_dropped_from_another_program_becomes_a_report(main_window, qtbot):
    mime = QMimeData()
    mime.setText("北辰区2023年法治政府建设年度报告\n一、主要举措\n（一）推进依法行政。正文。\n")
    with qtbot.waitSignal(main_window.importer.finished, timeout=20_000) as blocker:
        assert drag_and_drop(main_window.reading, mime)
    rid = blocker.args[0].imported[0][1]
    assert main_window.project.reports.get(rid).title == "北辰区2023年法治政府建设年度报告"
    link = QMimeData()  # a link dragged from a browser is no report text
    link.setUrls([QUrl("https://example.invalid/report.html")])
    link.setText("https://example.invalid/report.html")
    assert not drag_and_drop(main_window.reading, link)


def test_pdf_and_ofd_files_import_from_the_dialog_and_by_drop(main_window, qtbot, dialogs, tmp_path):
    """The seeded project holds the seed as text: its PDF comes in as a new version of that
    report, as a corrected .txt would; an OFD of another district's report comes in as new."""
    seed = sorted(SEEDS.glob("*.txt"))[1]
    paras = paragraphs_of(seed.read_text(encoding="utf-8"))
    make_pdf(tmp_path / "宝坻.pdf", paras, header="宝坻区人民政府")
    make_ofd(tmp_path / "静海.ofd", [p.replace("宝坻", "静海") for p in paras])
    project = main_window.project
    seeded = next(r.id for r in project.reports.list() if r.file_name == seed.name)
    importer = main_window.importer
    dialogs.open_files = [str(tmp_path / "宝坻.pdf")]
    with qtbot.waitSignal(importer.finished, timeout=30_000) as blocker:
        importer.choose_files()
    assert [u[1] for u in blocker.args[0].updated] == [seeded]
    assert paragraphs_of(project.reports.text(seeded))[0] == "宝坻区人民政府2022年法治政府建设情况报告"
    assert len(project.reports.sections(seeded)) >= 9
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "静海.ofd"))])
    with qtbot.waitSignal(importer.finished, timeout=30_000) as blocker:
        assert drag_and_drop(main_window.reading, mime)
    rid = blocker.args[0].imported[0][1]
    assert project.reports.get(rid).title == "静海区人民政府2022年法治政府建设情况报告"
    assert paragraphs_of(project.reports.text(rid)) == [p.replace("宝坻", "静海") for p in paras]


def test_file_dialog_offers_every_format(main_window, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    seen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: seen.append(a) or ([], "")))
    main_window.importer.choose_files()
    for pattern in ("*.txt", "*.docx", "*.html", "*.pdf", "*.ofd", "*.doc", "*.wps"):
        assert pattern in seen[0][3]
