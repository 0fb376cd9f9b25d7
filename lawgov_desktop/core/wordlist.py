"""The word dictionary as one compact file: a MARISA trie of jieba's words and ours.

jieba keeps its dictionary as a Python ``dict`` of every word *and every prefix of every
word* (about 585,000 entries): 0.5–2 s to load from its marshal cache and ~80 MB resident.
What segmenting needs is smaller: the words that begin at a position (a trie's prefix
query), each word's frequency, the sum of all frequencies and the HMM's tables.  This module
builds exactly that once — from jieba's installed ``dict.txt`` and ``finalseg`` tables,
without importing jieba, plus the user dictionary added as jieba's ``add_word`` would (given
frequency, or ``suggest_freq``) — and saves it to the cache folder; later loads read one
file of a few MB in milliseconds.

Measured on the development machine (``benchmarks/dictionary_candidates.py``; seed reports
and a 1,000,000-character text): jieba's dict ~1 s and +71 MB; this file ~10 ms and +4.5 MB
(the first build, from jieba's text dictionary, 1.5–2.5 s), cutting 1.2–1.3× as fast.

The file says what it was built from (jieba's version, the size and time of its data files,
the user dictionary's hash, this format's version) and carries a CRC of its contents: a
stale or damaged file is rebuilt, and nothing unverified is handed to the trie library.
It is read whole rather than memory-mapped: 3.7 MB cost ~2 ms to read, and on Windows a
mapped file could not be replaced by another process's rebuild.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.util
import json
import os
import pickle
import re
import struct
import sys
import tempfile
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lawgov_desktop.core.wordcut import HmmModel, WordCutter, suggest_freq
from lawgov_desktop.messages import Message

FORMAT = 1
FILE_NAME = "lawgov-words.bin"
OLD_JIEBA_CACHE = "jieba.cache"
MAGIC = b"LAWGOV-WORDS\n"
_HEAD = struct.Struct("<I")  # length of the JSON header that follows the magic

#: A user-dictionary entry as :func:`lawgov_desktop.core.segment.read_user_dict` gives it.
UserTerm = tuple[str, int | None, str | None]


class WordListError(Exception):
    """The compact file is missing, stale or damaged (the caller rebuilds it)."""


def jieba_data_dir() -> Path:
    """The folder of jieba's ``dict.txt`` and ``finalseg`` tables, found without importing
    (and so running) jieba: the installed package, or a frozen bundle's ``jieba/`` data
    folder (its modules are not in the bundle, as nothing imports them)."""
    places = []
    spec = importlib.util.find_spec("jieba")
    if spec is not None and spec.submodule_search_locations:
        places.extend(Path(p) for p in spec.submodule_search_locations)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        places.append(Path(frozen) / "jieba")
    for place in places:
        if (place / "dict.txt").is_file():
            return place
    raise FileNotFoundError(Message("words.dictionary_missing"))


def _jieba_version(folder: Path) -> str:
    try:
        head = (folder / "__init__.py").read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:  # a frozen bundle keeps the module in its archive: the data files still say it
        return ""
    m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", head)
    return m.group(1) if m else ""


def _sources(folder: Path) -> list[Path]:
    fs = folder / "finalseg"
    return [folder / "dict.txt", fs / "prob_start.p", fs / "prob_trans.p", fs / "prob_emit.p"]


def source_key(user_terms: Iterable[UserTerm], folder: Path | None = None) -> dict:
    """What a compact file must have been built from to be used as it is."""
    folder = folder or jieba_data_dir()
    stamps = []
    for path in _sources(folder):
        st = path.stat()
        stamps.append([path.name, st.st_size, st.st_mtime_ns])
    user = hashlib.sha256(json.dumps(list(user_terms), ensure_ascii=False).encode("utf-8")).hexdigest()
    return {"format": FORMAT, "jieba": _jieba_version(folder), "files": stamps, "user_terms": user}


# -- the loaded dictionary --------------------------------------------------------------------
@dataclass
class WordList:
    """The trie, frequencies by key id, the total, the longest word and the HMM tables."""

    trie: object  # marisa_trie.Trie
    freqs: array
    total: int
    max_len: int
    hmm: HmmModel
    force_split: frozenset[str]

    def __len__(self) -> int:
        return len(self.freqs)

    def freq(self, word: str) -> int:
        """The frequency of ``word``; 0 when it is not a word."""
        i = self.trie.get(word)  # type: ignore[attr-defined]
        return 0 if i is None else self.freqs[i]

    def cutter(self) -> WordCutter:
        """A :class:`WordCutter` answering its dictionary questions from this list."""
        prefixes = self.trie.iter_prefixes_with_ids  # type: ignore[attr-defined]
        freqs = self.freqs
        max_len = self.max_len

        def starts(block: str, k: int) -> list[tuple[int, int]]:
            return [(k + len(w), freqs[i]) for w, i in prefixes(block[k:k + max_len])]

        return WordCutter(starts, self.freq, self.total, self.hmm, self.force_split,
                          prefix_ids=prefixes, freqs=freqs, max_len=max_len)


# -- building -----------------------------------------------------------------------------------
def read_jieba_dict(path: Path) -> tuple[dict[str, int], int]:
    """jieba's ``dict.txt``: ``word freq [tag]`` lines; a repeated word keeps its last frequency
    while the total counts every line (as jieba's own reader does)."""
    freq: dict[str, int] = {}
    total = 0
    with open(path, "rb") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.strip().decode("utf-8")
            try:
                word, count = line.split(" ")[:2]
                n = int(count)
            except ValueError:
                raise ValueError(f"invalid dictionary entry in {path} at line {lineno}: {line}") from None
            freq[word] = n
            total += n
    return freq, total


def read_hmm_tables(folder: Path) -> HmmModel:
    """finalseg's start, transition and emission log-probabilities (its pickled copies, equal
    to the modules jieba imports: a test compares them)."""
    tables = []
    for name in ("prob_start.p", "prob_trans.p", "prob_emit.p"):
        with open(folder / "finalseg" / name, "rb") as f:
            tables.append(pickle.load(f))  # noqa: S301 - jieba's own installed data files
    return HmmModel.from_tables(tables[0], tables[1], tables[2])


class _Builder:
    """jieba's dictionary while user words are added one by one (``add_word``)."""

    def __init__(self, freq: dict[str, int], total: int, hmm: HmmModel) -> None:
        self.freq = freq
        self.total = total
        self.hmm = hmm
        self.max_len = max(map(len, freq), default=1)
        self._sorted: list[str] | None = None  # jieba's words in order, only if a prefix is asked about
        self._user_prefixes: set[str] = set()
        self.force_split: set[str] = set()

    def _is_prefix(self, s: str) -> bool:
        if s in self._user_prefixes:
            return True
        if self._sorted is None:
            self._sorted = sorted(self.freq)  # user words are in _user_prefixes already
        i = bisect.bisect_left(self._sorted, s)
        return i < len(self._sorted) and self._sorted[i].startswith(s)

    def entry(self, word: str, default: int) -> int:
        """jieba's ``FREQ.get(word, default)`` (prefixes are entries of frequency 0)."""
        f = self.freq.get(word)
        if f is not None:
            return f
        return 0 if self._is_prefix(word) else default

    def _starts(self, block: str, k: int) -> list[tuple[int, int]]:
        out = []
        for end in range(k + 1, min(len(block), k + self.max_len) + 1):
            f = self.freq.get(block[k:end])
            if f:
                out.append((end, f))
        return out

    def cutter(self) -> WordCutter:
        return WordCutter(self._starts, lambda w: self.freq.get(w) or 0, self.total, self.hmm,
                          frozenset(self.force_split))

    def add_word(self, word: str, freq: int | None) -> None:
        if freq is None:
            freq = suggest_freq(self.cutter(), word, self.entry)
        self.freq[word] = freq
        self.total += freq
        self.max_len = max(self.max_len, len(word))
        self._user_prefixes.update(word[:i] for i in range(1, len(word) + 1))
        if freq == 0:
            self.force_split.add(word)


def build(user_terms: Iterable[UserTerm], folder: Path | None = None) -> WordList:
    """The word list from jieba's data and the user words (those jieba can keep in one block)."""
    import marisa_trie

    folder = folder or jieba_data_dir()
    freq, total = read_jieba_dict(folder / "dict.txt")
    builder = _Builder(freq, total, read_hmm_tables(folder))
    for word, f, _tag in user_terms:
        builder.add_word(word, f)
    words = [w for w, f in builder.freq.items() if f > 0]
    trie = marisa_trie.Trie(words)
    biggest = max((builder.freq[w] for w in words), default=0)
    freqs = array("I" if biggest < 2**32 else "Q", [0]) * len(words)
    for w, i in trie.iteritems():
        freqs[i] = builder.freq[w]
    return WordList(trie, freqs, builder.total, max(map(len, words), default=1), builder.hmm,
                    frozenset(builder.force_split))


# -- the file -------------------------------------------------------------------------------
def to_bytes(words: WordList, key: dict) -> bytes:
    """The compact file's contents: magic, JSON header, then the trie, frequencies and HMM."""
    hmm_meta, hmm_bytes = words.hmm.to_parts()
    sections = [words.trie.tobytes(), words.freqs.tobytes(), hmm_bytes]  # type: ignore[attr-defined]
    payload = b"".join(sections)
    header = json.dumps({
        "key": key, "total": words.total, "max_len": words.max_len, "freq_type": words.freqs.typecode,
        "hmm": hmm_meta,
        "force_split": sorted(words.force_split), "sizes": [len(s) for s in sections],
        "crc32": zlib.crc32(payload),
    }, ensure_ascii=False).encode("utf-8")
    return MAGIC + _HEAD.pack(len(header)) + header + payload


def from_bytes(data: bytes, key: dict | None) -> WordList:
    """Parse and verify a compact file; :class:`WordListError` when stale (``key``) or damaged."""
    import marisa_trie

    if not data.startswith(MAGIC):
        raise WordListError("not a word-list file")
    at = len(MAGIC)
    try:
        (n,) = _HEAD.unpack_from(data, at)
        header = json.loads(data[at + _HEAD.size:at + _HEAD.size + n].decode("utf-8"))
        at += _HEAD.size + n
        if key is not None and header["key"] != key:
            raise WordListError("built from other sources")
        sizes = [int(s) for s in header["sizes"]]
        view = memoryview(data)[at:]
        if len(sizes) != 3 or sum(sizes) != len(view) or zlib.crc32(view) != header["crc32"]:
            raise WordListError("damaged")
        a, b = sizes[0], sizes[0] + sizes[1]
        trie = marisa_trie.Trie().frombytes(bytes(view[:a]))
        freqs = array(header["freq_type"])
        freqs.frombytes(view[a:b])
        hmm = HmmModel.from_parts(header["hmm"], view[b:])
        if len(freqs) != len(trie):
            raise WordListError("damaged")
        return WordList(trie, freqs, int(header["total"]), int(header["max_len"]), hmm,
                        frozenset(header["force_split"]))
    except WordListError:
        raise
    except (ValueError, KeyError, TypeError, EOFError, struct.error, UnicodeDecodeError) as exc:
        raise WordListError(f"damaged ({exc})") from exc


def read(path: Path, key: dict | None) -> WordList:
    """The compact file at ``path`` if it is whole and built from ``key``'s sources."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WordListError(str(exc)) from exc
    return from_bytes(data, key)


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside ``path`` and rename over it: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load(cache_dir: Path | None, user_terms: list[UserTerm]) -> tuple[WordList, str]:
    """The word list from ``cache_dir``'s file, or built (and saved there when it can be).

    Returns the list and how it came: ``"cache"``, ``"built"`` or ``"built, not saved"``.
    """
    folder = jieba_data_dir()
    key = source_key(user_terms, folder)
    path = cache_dir / FILE_NAME if cache_dir is not None else None
    if path is not None:
        try:
            return read(path, key), "cache"
        except WordListError:
            pass
    words = build(user_terms, folder)
    if path is None:
        return words, "built, not saved"
    try:
        write_atomically(path, to_bytes(words, key))
    except OSError:  # an unwritable cache folder: use the list from memory this time
        return words, "built, not saved"
    try:  # the ~30 MB prefix cache earlier versions had jieba write here is never read again
        (cache_dir / OLD_JIEBA_CACHE).unlink(missing_ok=True)
    except OSError:
        pass
    return words, "built"


__all__ = ["FILE_NAME", "WordList", "WordListError", "build", "from_bytes", "jieba_data_dir", "load",
           "read", "read_hmm_tables", "source_key", "to_bytes", "write_atomically"]
