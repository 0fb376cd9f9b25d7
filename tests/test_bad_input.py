"""Bad input ends in a clear message or a correct import — never a traceback.

The command line runs in-process (``lawgov_desktop.cli.main``) so every outcome, including
the exit code and both output streams, is checked here.
"""

from __future__ import annotations

import errno
import io
import json
import os
import pathlib
from pathlib import Path

import pytest

from lawgov_desktop.store.project import Project
from tests.cli_support import SEEDS, run

REPORT = "某区人民政府2023年法治政府建设情况报告\n一、主要工作\n（一）推进严格规范公正文明执法。全面推行行政执法三项制度。\n"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "bad.lawgov")


def _import_json(capsys, db: str, *paths: Path) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "--db", db, "import", *map(str, paths), "--json")
    return code, json.loads(out), err


def _stored(db: str, report_id: int) -> str:
    with Project(db) as p:
        return p.reports.text(report_id)


# -- files that must be refused with a reason ------------------------------------------------

@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"", "空"),
    ("blank.txt", b"  \n\r\n\t \n", "没有文字"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "PNG"),
    ("random.txt", bytes((i * 97 + 13) % 256 for i in range(4096)), "不是"),
    ("cut.txt", REPORT.encode("utf-8") * 3 + "执法".encode()[:-1], "截断"),
])
def test_unreadable_files_are_refused_with_a_reason(tmp_path: Path, db: str, capsys, name: str, data: bytes,
                                                    reason: str):
    path = tmp_path / name
    path.write_bytes(data)
    code, result, err = _import_json(capsys, db, path)
    assert code == 1 and result["imported"] == []
    assert len(result["refused"]) == 1 and name in result["refused"][0]["reason"]
    assert reason in result["refused"][0]["reason"]
    assert name in err


# -- encodings and line ends that must import correctly ----------------------------------------

@pytest.mark.parametrize(("codec", "bom"), [
    ("gb18030", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf"),
])
def test_encodings_import_to_the_same_text(tmp_path: Path, db: str, capsys, codec: str, bom: bytes):
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(bom + REPORT.replace("\n", "\r\n").encode(codec))
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0 and len(result["imported"]) == 1
    assert _stored(db, result["imported"][0]["id"]) == REPORT


def test_utf16_without_bom_imports(tmp_path: Path, db: str, capsys):
    path = tmp_path / "nobom.txt"
    path.write_bytes(REPORT.encode("utf-16-le"))
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0 and _stored(db, result["imported"][0]["id"]) == REPORT


def test_cr_only_line_ends(tmp_path: Path, db: str, capsys):
    path = tmp_path / "mac.txt"
    path.write_bytes(REPORT.replace("\n", "\r").encode("utf-8"))
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0
    with Project(db) as p:
        rid = result["imported"][0]["id"]
        assert p.reports.text(rid) == REPORT
        assert [s.label for s in p.reports.sections(rid)][:2] == ["一、", "（一）"]


# -- size and shape -----------------------------------------------------------------------------

def test_twenty_megabyte_report_imports(tmp_path: Path, db: str, capsys):
    seed = SEEDS[1].read_text(encoding="utf-8")
    title, body = seed.split("\n", 1)
    copies = (20 * 2**20) // len(body.encode("utf-8")) + 1
    path = tmp_path / "big.txt"
    path.write_text(title + "\n" + (body + "\n") * copies, encoding="utf-8")
    assert path.stat().st_size >= 20 * 2**20
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0 and len(result["imported"]) == 1
    code, out, _ = run(capsys, "--db", db, "reports", "--json")
    assert json.loads(out)[0]["chars"] == len(title) + 1 + (len(body) + 1) * copies


def test_report_without_headings(tmp_path: Path, db: str, capsys):
    text = "今年我们做了很多工作，执法更加规范，复议渠道更加畅通，营商环境持续优化。\n" * 20
    path = tmp_path / "plain.txt"
    path.write_text(text, encoding="utf-8")
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0
    rid = result["imported"][0]["id"]
    code, out, _ = run(capsys, "--db", db, "annotate", str(rid), "2", "8", "执法")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "annotations", "--json")
    assert json.loads(out)[0]["section_path"] == "报告开头"  # the passages before any heading


def test_lines_of_a_hundred_thousand_characters(tmp_path: Path, db: str, capsys):
    line = ("推进行政执法规范化建设，" * 9000)[:100_000]
    text = "某区2023年法治政府建设情况报告\n" + line + "\n" + line + "\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0 and _stored(db, result["imported"][0]["id"]) == text


HTML_LIKE = ("某区2023年法治政府建设情况报告\n<html><body><h1>一、标题</h1>\n"
             "<script>alert('x')</script>\n&lt;b&gt;粗体&lt;/b&gt; <b>执法</b> <img src=x onerror=alert(1)>\n")


def test_html_looking_text_is_stored_verbatim(tmp_path: Path, db: str, capsys):
    path = tmp_path / "looks-like-html.txt"
    path.write_text(HTML_LIKE, encoding="utf-8")
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0 and _stored(db, result["imported"][0]["id"]) == HTML_LIKE


def test_html_looking_text_is_shown_as_plain_text(qtbot, project: Project, tmp_path: Path):
    path = tmp_path / "looks-like-html.txt"
    path.write_text(HTML_LIKE, encoding="utf-8")
    rid = project.reports.import_files([path]).imported[0][1]
    try:
        from lawgov_desktop.gui.document_view import DocumentView
    except ImportError:  # pragma: no cover - the contract the view relies on
        from PySide6.QtWidgets import QPlainTextEdit

        view = QPlainTextEdit()
        view.setPlainText(project.reports.text(rid))
        qtbot.addWidget(view)
        assert view.toPlainText() == HTML_LIKE
        return
    view = DocumentView()
    qtbot.addWidget(view)
    view.set_text(project.reports.text(rid))
    assert view.text() == HTML_LIKE
    assert view.document().toPlainText() == HTML_LIKE.rstrip("\n") or view.document().toPlainText() == HTML_LIKE
    assert "<script>alert('x')</script>" in view.document().toPlainText()


@pytest.mark.parametrize("name", ["with spaces 报告.txt", "天津市“红桥区”报告 (2022).txt", "it's \"quoted\".txt"])
def test_awkward_file_names(tmp_path: Path, db: str, capsys, name: str):
    path = tmp_path / name
    path.write_text(REPORT.replace("2023", str(2000 + len(name))), encoding="utf-8")
    code, result, _ = _import_json(capsys, db, path)
    assert code == 0 and result["imported"][0]["path"] == str(path)
    code, out, _ = run(capsys, "--db", db, "reports", "--json")
    assert json.loads(out)[0]["file_name"] == name


def test_folder_with_good_and_bad_files(tmp_path: Path, db: str, capsys):
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    for seed in SEEDS[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "sub" / SEEDS[2].name).write_bytes(SEEDS[2].read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "renamed-pdf.txt").write_bytes(b"%PDF-1.7\n" + bytes(500))
    (folder / "sub" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "notes.xyz").write_text("ignored: not a report type", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "import", str(folder))
    assert code == 1
    assert out.count("导入  #") == 3
    for bad in ("empty.txt", "renamed-pdf.txt", "broken.docx"):
        assert bad in err
    assert "notes.xyz" not in err
    with Project(db) as p:
        assert p.health.counts()["reports"] == 3


# -- wrong arguments ----------------------------------------------------------------------------

@pytest.fixture
def seeded_db(db: str, capsys) -> str:
    assert run(capsys, "--db", db, "import", str(SEEDS[0]))[0] == 0
    return db


@pytest.mark.parametrize(("start", "end"), [("-5", "3"), ("9", "3"), ("7", "7"), ("0", "999999")])
def test_annotation_offsets_outside_or_inverted(seeded_db: str, capsys, start: str, end: str):
    code, out, err = run(capsys, "--db", seeded_db, "annotate", "1", start, end, "执法")
    assert code == 1 and out == ""
    assert "位置无效" in err and "报告共" in err


def test_unknown_report(seeded_db: str, capsys):
    code, _, err = run(capsys, "--db", seeded_db, "annotate", "42", "0", "3", "执法")
    assert code == 1 and "42" in err


def test_unknown_category_lists_the_known_ones(seeded_db: str, capsys):
    code, out, err = run(capsys, "--db", seeded_db, "annotate", "1", "0", "5", "不存在的类别")
    assert code == 1 and out == ""
    assert "未知类别" in err and all(name in err for name in ("执法", "复议", "营商环境"))
    with Project(seeded_db) as p:
        assert p.health.counts()["annotations"] == 0


# -- export destinations ------------------------------------------------------------------------

@pytest.fixture
def annotated_db(seeded_db: str, capsys) -> str:
    assert run(capsys, "--db", seeded_db, "annotate", "1", "0", "10", "执法")[0] == 0
    return seeded_db


def test_export_to_a_read_only_destination(annotated_db: str, tmp_path: Path, capsys,
                                           monkeypatch: pytest.MonkeyPatch):
    import tempfile

    def read_only(*_a, **_k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    out_path = tmp_path / "out.csv"
    code, out, err = run(capsys, "--db", annotated_db, "export", "-f", "csv", "-o", str(out_path))
    assert code == 1 and "只读" in err and not out_path.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_export_into_a_folder_without_write_permission(annotated_db: str, tmp_path: Path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, _, err = run(capsys, "--db", annotated_db, "export", "-f", "jsonl", "-o", str(locked / "x.jsonl"))
        assert code == 1 and "x.jsonl" in err
    finally:
        locked.chmod(0o755)


class _FullDisk(io.TextIOWrapper):
    """A text file whose writes fail as on a full disk."""

    def write(self, s: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_to_a_full_disk(annotated_db: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch,
                               fmt: str):
    real_open = pathlib.Path.open

    def full_open(self: Path, mode: str = "r", *args, **kwargs):
        if "w" not in mode:
            return real_open(self, mode, *args, **kwargs)
        raw = real_open(self, "wb")
        return _FullDisk(raw, encoding=kwargs.get("encoding", "utf-8"), newline=kwargs.get("newline"))

    monkeypatch.setattr(pathlib.Path, "open", full_open)
    out_path = tmp_path / f"out.{fmt}"
    code, out, err = run(capsys, "--db", annotated_db, "export", "-f", fmt, "-o", str(out_path))
    assert code == 1 and "磁盘空间不足" in err
    assert not out_path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []  # no temp file left


# -- the window ---------------------------------------------------------------------------------

def test_window_shows_import_errors_in_a_dialog_and_stays_usable(qtbot, project: Project, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch):
    main_window = pytest.importorskip("lawgov_desktop.gui.main_window")
    from PySide6.QtWidgets import QMessageBox

    from lawgov_desktop.gui.bridge import ProjectBridge

    shown: list[tuple[str, str, str]] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda parent, title, text, *a, _k=kind, **kw: shown.append((_k, title, text))
            or QMessageBox.StandardButton.Ok))
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    bridge = ProjectBridge(project)
    window = main_window.MainWindow(bridge, restore=False)
    window.save_on_close = False
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.importer.finished, timeout=10_000):
        window.import_paths([good, bad])
    assert shown and shown[-1][0] == "warning" and "bad.txt" in shown[-1][2]
    assert project.health.counts()["reports"] == 1
    # still usable: open the report and tag a passage
    pane = window.open_report(project.reports.list()[0].id)
    assert pane is not None
    pane.view.select_span(0, 6)
    assert window.tag_selection(project.categories.list()[0].id)
    assert project.health.counts()["annotations"] == 1
    window.undo_stack.undo()
    assert project.health.counts()["annotations"] == 0
    bridge.detach()
