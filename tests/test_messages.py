"""One catalogue for what the library says: typed errors and notes render in the user's language.

* every code the library raises or writes has a Chinese and an English entry naming the same
  fields, and every raise site passes exactly those fields (read from the source with ``ast``);
* no ``中文 (english)`` string is left in core, store, export or commands;
* ``lawgov`` prints an error in English with ``LAWGOV_LANG=en`` and in Chinese by default;
* history labels are stored as a code and its data and shown in the reader's language, while
  the ``中文 (English)`` labels of older versions still read in either.
"""

from __future__ import annotations

import ast
import importlib
import json
import pickle
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import lawgov_desktop
from lawgov_desktop import messages
from lawgov_desktop.messages import CATALOGUE, Coded, Message, fields_of, from_stored, use_language
from lawgov_desktop.store.db import ProjectError
from lawgov_desktop.store.history import HistoryError, label_part
from lawgov_desktop.store.project import Project
from tests.cli_support import run

PACKAGE = Path(lawgov_desktop.__file__).resolve().parent
LIBRARY = ("core", "store", "export", "commands")
CJK = re.compile(r"[\u3400-\u9fff]")


def _library_files() -> list[Path]:
    files = [p for part in LIBRARY for p in sorted((PACKAGE / part).rglob("*.py"))]
    return [*files, PACKAGE / "cli.py"]


def _coded_classes() -> dict[str, type[Coded]]:
    """Every typed error of the package, by class name (all modules below the GUI imported)."""
    for part in LIBRARY:
        pkg = importlib.import_module(f"lawgov_desktop.{part}")
        for info in pkgutil.walk_packages(pkg.__path__, f"lawgov_desktop.{part}."):
            importlib.import_module(info.name)
    found: dict[str, type[Coded]] = {}
    todo = list(Coded.__subclasses__())
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo += cls.__subclasses__()
    return found


def _literal_codes(node: ast.expr, constants: dict[str, str]) -> list[str] | None:
    """The code(s) a ``Message(...)`` first argument can be: a literal, a module constant naming
    one (``CORRUPT = "read.corrupt"``) or ``a if c else b`` of those."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_codes(node.body, constants), _literal_codes(node.orelse, constants)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _uses() -> list[tuple[str, str, set[str]]]:
    """(where, code, keyword names) of every ``Message(code, …)`` and typed-error call in the library."""
    classes = _coded_classes()
    uses = []
    for path in _library_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {n.targets[0].id: n.value.value for n in tree.body
                     if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            keywords = {k.arg for k in node.keywords if k.arg}
            if name == "Message" and node.args:
                codes = _literal_codes(node.args[0], constants)
                for code in codes or []:
                    uses.append((where, code, keywords))
            elif name in classes:
                uses.append((where, classes[name].code, keywords))
    return uses


def test_every_entry_has_both_languages_with_the_same_fields() -> None:
    for code, (zh, en) in CATALOGUE.items():
        assert zh.strip() and en.strip(), code
        if code == "text.bilingual":  # an old label's two halves, one per language, by design
            continue
        assert fields_of(zh) == fields_of(en), code
        if not code.startswith("text."):  # text kept as written (old labels, the window's words)
            assert CJK.search(zh), f"{code}: the Chinese template has no Chinese"
        assert not CJK.search(en), f"{code}: the English template has Chinese"


def test_every_code_raised_or_written_has_an_entry_and_gets_its_fields() -> None:
    uses = _uses()
    assert len(uses) > 60  # the scan sees the library's raise sites
    for where, code, keywords in uses:
        assert code in CATALOGUE, f"{where}: {code} is not in the catalogue"
        assert keywords == fields_of(CATALOGUE[code][0]), f"{where}: {code} takes {sorted(fields_of(CATALOGUE[code][0]))}"
    for name, cls in _coded_classes().items():
        assert cls.code in CATALOGUE, f"{name}.code {cls.code!r} is not in the catalogue"


def test_codes_made_from_data_are_in_the_catalogue() -> None:
    from lawgov_desktop.store.backups import REASONS

    for code in REASONS.values():
        assert code in CATALOGUE
    for kind in ("table", "index", "trigger", "view"):
        assert f"schema.{kind}" in CATALOGUE


def _string_parts(tree: ast.AST) -> list[tuple[int, str]]:
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            docstrings.add(id(body[0].value))
    parts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts.append((node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            parts.append((node.lineno, node.value))
    return parts


#: ``中文 (English)`` strings that must stay, and why.
ALLOWED_BILINGUAL: dict[str, str] = {
    "core/readers/__init__.py:剪贴板 (clipboard)":
        "the name pasted text goes by, as a file's path would: a key in import summaries and the title of a "
        "pasted report without a first line, stored in the project, so one value in both languages",
    "export/xlsx_format.py:没有符合条件的标注 (no annotations matched the filter)":
        "a line of the exported spreadsheet itself (a file format), not a message of the program",
}

BILINGUAL = re.compile(r"[\u3400-\u9fff][^()\n]*\(\s*[A-Za-z][^()]*[a-z]{3}"  # 中文 (english)
                       r"|[A-Za-z]{3}[^()\n]*\([\u3400-\u9fff][^()]*\)")  # english (中文)


def test_no_bilingual_string_is_left_below_the_gui() -> None:
    found = []
    for path in _library_files():
        rel = str(path.relative_to(PACKAGE))
        for line, value in _string_parts(ast.parse(path.read_text(encoding="utf-8"))):
            if BILINGUAL.search(value) and f"{rel}:{value}" not in ALLOWED_BILINGUAL:
                found.append(f"{rel}:{line}: {value[:80]}")
    assert not found, "bilingual strings (put them in lawgov_desktop/messages.py):\n" + "\n".join(found)


def test_a_typed_error_is_still_what_callers_catch_and_renders_in_either_language(tmp_path: Path) -> None:
    with Project(tmp_path / "p.lawgov") as p:
        with pytest.raises(HistoryError) as caught:
            p.undo()
    exc = caught.value
    assert isinstance(exc, ProjectError) and exc.code == "history.nothing_to_undo"
    assert str(exc) == "没有可以撤销的操作"  # the default language: Chinese
    assert messages.text(exc, "en") == "nothing to undo"
    with use_language("en"):
        assert str(exc) == "nothing to undo"
    again = pickle.loads(pickle.dumps(exc))  # errors cross process boundaries (parallel import)
    assert type(again) is type(exc) and messages.text(again, "en") == "nothing to undo"


def test_a_category_error_carries_its_data(tmp_path: Path) -> None:
    from lawgov_desktop.store.errors import CategoryNameTooLong

    with Project(tmp_path / "p.lawgov") as p:
        with pytest.raises(ValueError) as caught:
            p.categories.add("类" * 500)
    exc = caught.value
    assert isinstance(exc, CategoryNameTooLong) and exc.data == {"length": 500, "limit": exc.data["limit"]}
    assert "500" in messages.text(exc, "en") and "at most" in messages.text(exc, "en")
    assert "类别名称太长" in messages.text(exc, "zh_CN")


def test_history_labels_are_stored_as_codes_and_shown_in_the_readers_language(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add_many(rid, [(2, 9), (20, 30)], ["执法"])
    stored = p.db.execute("SELECT label FROM history ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert json.loads(stored) == {"code": "label.tag", "data": {"n": 2}}
    assert label_part(p.undo_label(), english=True) == "tag 2 spans"
    assert label_part(p.undo_label(), english=False) == "标注 2 处"
    p.annotations.add(rid, 40, 45, ["执法"])
    assert label_part(p.undo_label(), english=True) == "tag 1 span"


def test_labels_stored_by_older_versions_still_read_in_either_language(seeded_project: Project) -> None:
    p = seeded_project
    rid = p.reports.list()[0].id
    p.annotations.add(rid, 2, 9, ["执法"])
    p.db.execute("UPDATE history SET label = '标注 1 处 (tag 1 span)'")
    assert label_part(p.undo_label(), english=True) == "tag 1 span"
    assert label_part(p.undo_label(), english=False) == "标注 1 处"
    assert p.history()[0].label == "标注 1 处"
    assert from_stored("plain words (kept)").render("zh_CN") == "plain words (kept)"  # not bilingual: as it is
    p.undo()
    assert p.annotations.list() == []


def test_a_message_of_a_newer_version_shows_its_code_rather_than_failing() -> None:
    later = from_stored(json.dumps({"code": "label.from_the_future", "data": {"n": 3}}))
    assert "label.from_the_future" in later.render("en")


def test_the_command_line_speaks_english_when_asked_and_chinese_by_default(tmp_path: Path, capsys,
                                                                          monkeypatch) -> None:
    missing = str(tmp_path / "missing.lawgov")
    monkeypatch.delenv("LAWGOV_LANG", raising=False)
    code, _out, err = run(capsys, "--db", missing, "reports")
    assert code == 1 and err.strip() == f"lawgov: 错误：项目文件不存在：{missing}"
    monkeypatch.setenv("LAWGOV_LANG", "en")
    code, _out, err = run(capsys, "--db", missing, "reports")
    assert code == 1 and err.strip() == f"lawgov: error: no such project: {missing}"
    assert not CJK.search(err)
    assert messages.language() == "en"  # the variable is read again, nothing stuck from the command
    monkeypatch.delenv("LAWGOV_LANG")
    assert messages.language() == "zh_CN"


def test_the_installed_command_speaks_english_in_a_subprocess(tmp_path: Path) -> None:
    missing = tmp_path / "missing.lawgov"
    env = {"LAWGOV_HOME": str(tmp_path / "home"), "LAWGOV_LANG": "en", "PATH": "/usr/bin:/bin",
           "PYTHONDONTWRITEBYTECODE": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "lawgov_desktop.cli", "--db", str(missing), "stats"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == f"lawgov: error: no such project: {missing}"


def test_the_language_saved_by_the_app_decides_when_no_variable_is_set(monkeypatch) -> None:
    from lawgov_desktop.preferences_store import LANGUAGE_KEY, open_settings

    monkeypatch.delenv("LAWGOV_LANG", raising=False)
    assert messages.language() == "zh_CN"
    qs = open_settings()
    qs.setValue(LANGUAGE_KEY, "en")
    qs.sync()
    assert messages.language() == "en"
    assert str(Message("history.nothing_to_undo")) == "nothing to undo"
