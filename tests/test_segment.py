"""Segmentation with the domain dictionary, lazy loading, and the selection helpers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lawgov_desktop.core.segment import Segmenter, get_segmenter, read_user_dict, user_dict_path
from lawgov_desktop.core.selection import (
    expand_to_paragraph,
    expand_to_sentence,
    sentence_spans,
    snap_to_words,
)
from lawgov_desktop.core.wordlist import FILE_NAME

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    s = get_segmenter()
    s.ensure_loaded()
    return s


def words(seg: Segmenter, text: str) -> list[str]:
    return [w for _, _, w in seg.tokens(text)]


@pytest.mark.parametrize("term, text", [
    ("营商环境", "持续打造法治化营商环境。"),
    ("双随机、一公开", "落实“双随机、一公开”监管全覆盖"),
    ("双随机一公开", "深入推进“双随机一公开”监管制度"),
    ("一件事一次办", "完善12个“一件事一次办”集成化办理工作规程"),
    ("互联网＋监管", "持续加强“互联网＋监管”系统"),
    ("互联网+监管", "推动“互联网+监管”平台应用"),
    ("谁执法谁普法", "深入贯彻落实“谁执法谁普法”普法责任制"),
    ("行政复议", "行政复议机构接收行政复议案件38宗"),
    ("习近平法治思想", "深入学习贯彻习近平法治思想。"),
    ("一规划两纲要", "法治建设“一规划两纲要”贯彻实施"),
])
def test_dictionary_terms_stay_whole(seg: Segmenter, term: str, text: str):
    assert term in words(seg, text)


def test_tokens_cover_the_text_exactly(seg: Segmenter, seed_files: list[Path]):
    for text in ["", "𠮷野家在𡈽里，双随机、一公开。\n\n  abc 12%", seed_files[0].read_text(encoding="utf-8")]:
        tokens = seg.tokens(text)
        assert "".join(w for _, _, w in tokens) == text
        pos = 0
        for start, end, word in tokens:
            assert start == pos and end > start and text[start:end] == word
            pos = end
        assert pos == len(text)


def test_dictionary_has_the_fields_terms():
    terms = [w for w, _, _ in read_user_dict(user_dict_path())]
    assert len(terms) >= 140 and len(set(terms)) == len(terms)
    for must in ("营商环境", "行政执法", "行政复议", "放管服", "双随机、一公开", "府院联动", "八五普法", "政务公开"):
        assert must in terms


def test_loads_in_the_background_with_its_cache_in_the_cache_dir(tmp_path: Path):
    s = Segmenter(cache_dir=tmp_path / "cache")
    assert not s.is_ready
    called = []
    s.when_ready(lambda: called.append(True))
    thread = s.ensure_loaded_async()
    assert thread is not None and thread.daemon
    assert s.ensure_loaded_async() is thread  # a second call starts nothing new
    s.ensure_loaded(timeout=60)
    assert s.is_ready and called == [True]
    assert (tmp_path / "cache" / FILE_NAME).is_file()
    assert not thread.is_alive()


def test_default_cache_folder_is_the_apps(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from lawgov_desktop import paths

    monkeypatch.setenv("LAWGOV_HOME", str(tmp_path))
    s = Segmenter()
    s.ensure_loaded(timeout=60)
    assert (paths.cache_dir() / FILE_NAME).is_file()


def test_starting_the_app_does_not_import_jieba():
    """Importing the package, the store, the CLI and the GUI modules must not load jieba."""
    code = (
        "import importlib, importlib.util, sys\n"
        "mods = ['lawgov_desktop', 'lawgov_desktop.store.project', 'lawgov_desktop.cli',\n"
        "        'lawgov_desktop.gui.search_panel', 'lawgov_desktop.gui.suggestions',\n"
        "        'lawgov_desktop.gui.stats_view', 'lawgov_desktop.gui.app', 'lawgov_desktop.gui.main_window']\n"
        "for m in mods:\n"
        "    if importlib.util.find_spec(m) is not None:\n"
        "        importlib.import_module(m)\n"
        "print('jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


# -- selection helpers -----------------------------------------------------------------------
def test_snap_to_words_expands_both_ends(seg: Segmenter):
    text = "深化行政执法规范化建设"
    tokens = seg.tokens(text)
    start = text.index("政")  # inside 行政执法
    end = text.index("范") + 1  # inside 规范化
    s, e = snap_to_words(tokens, start, end)
    assert text[s:e] == "行政执法规范化"
    assert snap_to_words(tokens, 2, 6) == (2, 6)  # already on boundaries
    assert snap_to_words(tokens, 6, 2) == (2, 6)  # reversed drag
    assert snap_to_words(tokens, 3, 3) == (3, 3)  # a caret stays a caret
    assert snap_to_words([], 1, 4) == (1, 4)


def test_expand_to_sentence_keeps_closing_quotes():
    text = "第一句话。他说：“第二句话。”第三句；第四句\n第五句"
    i = text.index("二")
    s, e = expand_to_sentence(text, i, i + 1)
    assert text[s:e] == "他说：“第二句话。”"
    i = text.index("三")
    assert text[slice(*expand_to_sentence(text, i, i))] == "第三句；"
    i = text.index("四")
    assert text[slice(*expand_to_sentence(text, i, i + 1))] == "第四句"  # a line end closes a sentence
    a, b = text.index("一"), text.index("三")
    s, e = expand_to_sentence(text, a, b)  # several sentences: all of them, whole
    assert text[s:e] == "第一句话。他说：“第二句话。”第三句；"
    ques = "是否合法？「是的。」然后"
    assert ques[slice(*expand_to_sentence(ques, 7, 8))] == "「是的。」"


def test_expand_to_paragraph_trims_and_spans_lines():
    text = "标题\n   （二）第一段，有两句。第二句。\n第二段\n"
    i = text.index("两")
    s, e = expand_to_paragraph(text, i, i + 1)
    assert text[s:e] == "（二）第一段，有两句。第二句。"
    s, e = expand_to_paragraph(text, i, text.index("二段") + 1)
    assert text[s:e] == "（二）第一段，有两句。第二句。\n第二段"


def test_sentence_spans_split_the_seed_reports(seed_files: list[Path]):
    text = seed_files[0].read_text(encoding="utf-8")
    spans = sentence_spans(text)
    assert spans == sorted(spans) and all(s < e for s, e in spans)
    assert all(text[s:e] == text[s:e].strip() for s, e in spans)
    assert "（五）深化行政执法规范化建设。" in [text[s:e] for s, e in spans]
