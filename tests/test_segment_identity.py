"""The compact word dictionary cuts exactly as jieba does, and loads from its file.

The reference is what :meth:`Segmenter.tokens` did while it ran jieba itself: jieba's
``Tokenizer`` with the domain dictionary added word by word (``add_word``), the pre-pass for
terms with punctuation, and the same resynchronising walk over jieba's words.
"""

from __future__ import annotations

import logging
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lawgov_desktop.core import wordlist
from lawgov_desktop.core.segment import _JIEBA_BLOCK, Segmenter, Token, read_user_dict, user_dict_path

ROOT = Path(__file__).resolve().parent.parent


class JiebaReference:
    """``Segmenter.tokens`` as it was, over jieba's own ``Tokenizer``."""

    def __init__(self, user_dict: Path, cache: Path) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        cache.mkdir(parents=True, exist_ok=True)
        tok.tmp_dir = str(cache)
        tok.cache_file = "jieba.cache"
        tok.initialize()
        protected = []
        for word, freq, tag in read_user_dict(user_dict):
            if _JIEBA_BLOCK.match(word):
                tok.add_word(word, freq, tag)
            else:
                protected.append(word)
        protected.sort(key=len, reverse=True)
        self.protected = re.compile("|".join(re.escape(w) for w in protected)) if protected else None
        self.tok = tok

    def tokens(self, text: str) -> list[Token]:
        out: list[Token] = []
        pos = 0
        if self.protected is not None:
            for m in self.protected.finditer(text):
                if m.start() > pos:
                    self._cut_into(text, pos, m.start(), out)
                out.append((m.start(), m.end(), m.group()))
                pos = m.end()
        if pos < len(text):
            self._cut_into(text, pos, len(text), out)
        return out

    def _cut_into(self, text: str, start: int, end: int, out: list[Token]) -> None:
        pos = start
        for word in self.tok.cut(text[start:end], HMM=True):
            if not word:
                continue
            if text.startswith(word, pos):
                out.append((pos, pos + len(word), word))
                pos += len(word)
            else:
                found = text.find(word, pos, end)
                if found < 0:
                    continue
                if found > pos:
                    out.append((pos, found, text[pos:found]))
                out.append((found, found + len(word), word))
                pos = found + len(word)
        if pos < end:
            out.append((pos, end, text[pos:end]))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> JiebaReference:
    return JiebaReference(user_dict_path(), tmp_path_factory.mktemp("jieba"))


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> Segmenter:
    seg = Segmenter(cache_dir=tmp_path_factory.mktemp("words"))
    seg.ensure_loaded(timeout=120)
    assert seg.source == "built"
    return seg


@pytest.fixture
def cache(tmp_path: Path, ours: Segmenter) -> Path:
    """A cache folder holding the compact file ``ours`` built (building takes seconds)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    assert ours._cache_dir is not None
    shutil.copy2(ours._cache_dir / wordlist.FILE_NAME, folder / wordlist.FILE_NAME)
    return folder


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


MIXED = [
    "", "a", "。", "\n", "\r\n\r\n", " \t\u3000 ", "ISO9001认证覆盖率达2.5%，同比增长12.75%。",
    "COVID-19疫情防控期间，A+B类事项、C#与e-mail办理", "第3.2.1条：1,000元以下罚款；１２３ＡＢＣ全角",
    "http://www.gov.cn/zhengce/2023-01/01/content_123.htm", "__init__.py 与 a&b、x_y、50%-60%",
    "𠮷野家在𡈽里吃饭，𪚥字很少见。", "𠮷𠮷𠮷", "龘靐齉爩鿕鿖鿗㐀㐁䶵", "\ud800孤立代理项\udfff",
    "双随机、一公开双随机一公开互联网＋监管互联网+监管", "谁执法谁普法，谁主管谁负责。",
    "张三李四王五赵六于2023年3月在区政府召开会议", "abc123def456ghi", "...---+++###&&&%%%___",
    "行政复议行政复议行政复议", "Ａ股市场ｘｙｚ", "\x00\x01控制字符\x7f",
]


def _random_texts(texts: list[str], count: int = 400) -> list[str]:
    """Slices of the seeds, fragments shuffled together, and noise from the seeds' characters."""
    rnd = random.Random(16)
    joined = "\n".join(texts)
    pieces = [p for p in re.split(r"[，。；、：\n]", joined) if p]
    pool = sorted(set(joined)) + list("abcXYZ0123456789.%+-#&_ \t") + ["𠮷", "𡈽", "\u3000", "\r\n"]
    out = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            start = rnd.randrange(len(joined))
            out.append(joined[start:start + rnd.randint(1, 120)])
        elif kind == 1:
            out.append(rnd.choice("，。、；") .join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6))))
        elif kind == 2:
            out.append("".join(rnd.choice(pool) for _ in range(rnd.randint(1, 60))))
        else:
            mix = [rnd.choice(pieces), rnd.choice(MIXED), str(rnd.randint(0, 10**6)), rnd.choice(pieces)]
            rnd.shuffle(mix)
            out.append("".join(mix))
    return out


def test_seed_reports_cut_as_jieba_cuts_them(reference: JiebaReference, ours: Segmenter):
    for text in _seed_texts():
        assert ours.tokens(text) == reference.tokens(text)


def test_random_sentences_mixed_text_and_astral_characters_cut_alike(reference: JiebaReference,
                                                                     ours: Segmenter):
    texts = _random_texts(_seed_texts()) + MIXED
    assert len(texts) > 400
    differ = [t for t in texts if ours.tokens(t) != reference.tokens(t)]
    assert differ == []


def test_a_large_synthetic_text_cuts_alike(reference: JiebaReference, ours: Segmenter):
    texts = _seed_texts()
    rnd = random.Random(5)
    lines = [line for t in texts for line in t.splitlines() if line.strip()]
    big = "\n".join(rnd.choice(lines) for _ in range(1500))
    assert ours.tokens(big) == reference.tokens(big)


def test_the_hmm_tables_are_jiebas():
    from jieba import finalseg

    model = wordlist.read_hmm_tables(wordlist.jieba_data_dir())
    assert model.start == finalseg.start_P and model.trans == finalseg.trans_P
    for state, table in finalseg.emit_P.items():
        for ch, p in table.items():
            assert model.emission(state, ch) == p
        for ch in ("a", "。", "𠮷", "\u9fff"):
            assert model.emission(state, ch) == table.get(ch, -3.14e100)


def test_user_words_without_frequency_or_of_frequency_zero_are_added_as_jieba_adds_them(
        tmp_path: Path, reference: JiebaReference):
    """``suggest_freq`` for words given without a frequency; frequency 0 forces a split."""
    from jieba import finalseg

    seeds = _seed_texts()
    # words jieba's HMM makes up in the seeds (not in its dictionary): split them by frequency 0
    made_up = []
    for text in seeds:
        for w in reference.tok.cut(text):
            if len(w) > 1 and _JIEBA_BLOCK.match(w) and not reference.tok.FREQ.get(w) and w not in made_up:
                made_up.append(w)
    assert len(made_up) >= 2
    lines = ["# a test dictionary", "执法全过程", "复议委员会 nz", "ISO9001", "12345", "法治 3",
             "营商环境 80000", "营商环境", "互联网＋政务服务", *(f"{w} 0" for w in made_up[:2]),
             # two routes of exactly equal probability: jieba takes the one whose first word is longer
             "鑫 1000", "焱 1000", "鑫淼 500000", "淼焱 500000"]
    user = tmp_path / "terms.txt"
    user.write_text("\n".join(lines) + "\n", encoding="utf-8")
    saved = set(finalseg.Force_Split_Words)
    try:
        ref = JiebaReference(user, tmp_path / "jieba")
        seg = Segmenter(user_dict=user, cache_dir=tmp_path / "words")
        seg.ensure_loaded(timeout=120)
        samples = [*seeds, "全面推行执法全过程记录制度，复议委员会审议，通过ISO9001和12345热线", "法治政府法治", "鑫淼焱", "金鑫淼焱火"]
        for text in samples:
            assert seg.tokens(text) == ref.tokens(text)
        assert ref.tok.total == wordlist.read(tmp_path / "words" / wordlist.FILE_NAME, None).total
    finally:
        finalseg.Force_Split_Words.clear()
        finalseg.Force_Split_Words.update(saved)


# -- the compact file -------------------------------------------------------------------------
def test_the_second_load_reads_the_compact_file_and_never_jieba(tmp_path: Path):
    """In a fresh process: the file made by a first load is used as it is, jieba stays out."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / wordlist.OLD_JIEBA_CACHE).write_bytes(b"\x00" * 1000)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from lawgov_desktop.core.segment import Segmenter\n"
        f"s = Segmenter(cache_dir=Path({str(cache)!r}))\n"
        "s.ensure_loaded(timeout=120)\n"
        "words = [w for _, _, w in s.tokens('持续打造法治化营商环境')]\n"
        "big = [type(v).__name__ for v in vars(s).values() if isinstance(v, dict) and len(v) > 100000]\n"
        "print(s.source, 'jieba' in sys.modules, 'marisa_trie' in sys.modules, big, '|'.join(words))\n"
    )
    runs = []
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert out.returncode == 0, out.stderr
        runs.append(out.stdout.split())
    assert runs[0][0] == "built" and runs[1][0] == "cache"
    assert not (cache / wordlist.OLD_JIEBA_CACHE).exists()  # what earlier versions left is removed
    for run in runs:
        assert run[1:4] == ["False", "True", "[]"]
        assert "营商环境" in run[4].split("|")
    assert (cache / wordlist.FILE_NAME).stat().st_size < 8_000_000


def _load(cache: Path) -> Segmenter:
    seg = Segmenter(cache_dir=cache)
    seg.ensure_loaded(timeout=120)
    return seg


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_a_damaged_file_is_rebuilt(cache: Path, ours: Segmenter, damage: str):
    first = _load(cache)
    assert first.source == "cache"
    path = cache / wordlist.FILE_NAME
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 3]
    elif damage == "garbage":
        data = bytearray(b"\x00\xff" * 5000)
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    with pytest.raises(wordlist.WordListError):
        wordlist.read(path, None)
    again = _load(cache)
    assert again.source == "built"
    wordlist.read(path, None)  # whole again
    assert _load(cache).source == "cache"
    text = _seed_texts()[1]
    assert again.tokens(text) == first.tokens(text) == ours.tokens(text)


def test_a_file_built_from_other_sources_is_rebuilt(tmp_path: Path, cache: Path):
    path = cache / wordlist.FILE_NAME
    words = wordlist.read(path, None)
    key = wordlist.source_key([t for t in read_user_dict(user_dict_path()) if _JIEBA_BLOCK.match(t[0])])
    assert wordlist.read(path, key).total == words.total  # the key a load asks for
    wordlist.write_atomically(path, wordlist.to_bytes(words, {**key, "jieba": "0.0.1"}))
    with pytest.raises(wordlist.WordListError):
        wordlist.read(path, key)
    assert _load(cache).source == "built"
    # another user dictionary: another key, so the file is rebuilt for it
    user = tmp_path / "terms.txt"
    user.write_text("府院联动 60000 nz\n", encoding="utf-8")
    seg = Segmenter(user_dict=user, cache_dir=cache)
    seg.ensure_loaded(timeout=120)
    assert seg.source == "built"
    assert _load(cache).source == "built"  # and back


def test_an_unwritable_cache_folder_still_gives_the_words(tmp_path: Path, ours: Segmenter):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    seg = _load(blocker / "cache")
    assert seg.source == "built, not saved" and seg.is_ready
    text = _seed_texts()[2]
    assert seg.tokens(text) == ours.tokens(text)
    assert not any(tmp_path.glob("**/*.tmp"))


def test_jiebas_data_is_found_in_a_frozen_bundle_without_its_modules(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    """PyInstaller bundles jieba's data files but not its modules (nothing imports them)."""
    import importlib.util

    (tmp_path / "jieba").mkdir()
    (tmp_path / "jieba" / "dict.txt").write_text("法治 3 n\n", encoding="utf-8")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert wordlist.jieba_data_dir() == tmp_path / "jieba"
    monkeypatch.delattr(sys, "_MEIPASS")
    with pytest.raises(FileNotFoundError):
        wordlist.jieba_data_dir()
