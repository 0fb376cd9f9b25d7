"""Chinese word segmentation with the field's own vocabulary, loaded off the start-up path.

The words are jieba's (its dictionary and HMM, with ours added as its ``add_word`` would) and
so are the cuts, but jieba itself is never imported:

* jieba keeps its dictionary as a Python dict of ~585,000 words and prefixes: 0.5–2 s to
  load and ~70 MB resident.  :mod:`lawgov_desktop.core.wordlist` keeps the same words in a
  compact trie file in :func:`lawgov_desktop.paths.cache_dir` (built once, in the
  background, on first use; rebuilt when damaged or built from other sources) that loads in
  milliseconds, and :mod:`lawgov_desktop.core.wordcut` runs jieba's algorithm over it,
  giving the same tokens (``tests/test_segment_identity.py`` compares them with jieba's).
  :meth:`Segmenter.ensure_loaded_async` still loads in a background thread, and the GUI asks
  :attr:`Segmenter.is_ready` before using it on the GUI thread.
* jieba splits its input at every character outside ``[\\u4E00-\\u9FD5a-zA-Z0-9+#&._%-]``
  before it looks words up, so dictionary terms with punctuation inside — ``双随机、一公开``,
  ``互联网＋监管`` — could never come out whole.  Such terms are found by a regular-expression
  pre-pass and kept as single tokens; jieba segments only the text between them.

Offsets are code points into the text (Python ``str`` indices), like everywhere else.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from lawgov_desktop.messages import Message

if TYPE_CHECKING:  # pragma: no cover - typing only
    from lawgov_desktop.core.wordcut import WordCutter

log = logging.getLogger(__name__)

Token = tuple[int, int, str]  # (start, end, word); text[start:end] == word

#: Characters jieba keeps together in one block (its ``re_han_default``); a term with any
#: other character inside needs the pre-pass.
_JIEBA_BLOCK = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")

#: Tokens that carry no meaning for features: punctuation, spaces, digits, single particles.
_CONTENT = re.compile(r"[\u3400-\u9FFF\U00020000-\U0002FFFFa-zA-Z]")
STOPWORDS = frozenset(
    "的 了 和 与 及 以及 等 在 对 为 将 把 被 是 有 由 从 向 于 并 其 中 上 下 个 之 或 也 都 而 就 又 各 "
    "进一步 工作 开展 推进 加强 全面 持续 深入 不断 积极 共 年 月 日 项 件 名 次 我区 全区".split()
)


def user_dict_path() -> Path:
    """The bundled domain dictionary (jieba user-dictionary format: ``词 词频 词性``)."""
    from lawgov_desktop.paths import resources_dir

    return resources_dir() / "dict" / "lawgov_terms.txt"


def read_user_dict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """Terms of a user dictionary; ``#`` lines are comments (jieba's own reader has none)."""
    terms: list[tuple[str, int | None, str | None]] = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        terms.append((word, freq, tag))
    return terms


class Segmenter:
    """jieba's segmentation with the domain dictionary, loaded once, usable from any thread."""

    def __init__(self, user_dict: Path | None = None, cache_dir: Path | None = None) -> None:
        self._user_dict = user_dict
        self._cache_dir = cache_dir
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._cutter: WordCutter | None = None
        #: How the words came on the last load: ``"cache"`` (the compact file), ``"built"``
        #: (and saved) or ``"built, not saved"`` (unwritable cache folder).
        self.source = ""
        self._protected: re.Pattern[str] | None = None
        self._callbacks: list[Callable[[], None]] = []
        self.terms: list[str] = []

    # -- loading -------------------------------------------------------------------------
    @property
    def is_ready(self) -> bool:
        """True once :meth:`tokens` will answer without waiting."""
        return self._ready.is_set() and self._error is None

    def ensure_loaded_async(self) -> threading.Thread | None:
        """Start loading in a daemon thread (no-op when loading or loaded); returns the thread."""
        with self._lock:
            if self._ready.is_set() or self._thread is not None:
                return self._thread
            self._thread = threading.Thread(target=self._load, name="jieba-loader", daemon=True)
            self._thread.start()
            return self._thread

    def ensure_loaded(self, timeout: float | None = None) -> None:
        """Block until loaded (starting the load if needed); re-raises a loading failure.

        Never call this on the GUI thread before :attr:`is_ready`: it can take seconds.
        """
        self.ensure_loaded_async()
        if not self._ready.wait(timeout):
            raise TimeoutError(Message("words.still_loading"))
        loader = self._thread
        if loader is not None and loader is not threading.current_thread():
            loader.join(timeout)  # it has only callbacks left: let it end so no thread outlives the wait
        if self._error is not None:
            raise RuntimeError(Message("words.failed", why=str(self._error))) from self._error

    def when_ready(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once loaded — at once if already, else from the loader thread.

        Qt callers should pass something that only emits a signal (queued to the GUI thread).
        """
        with self._lock:
            if not self._ready.is_set():
                self._callbacks.append(callback)
                return
        callback()

    def _load(self) -> None:
        try:
            from lawgov_desktop.core import wordlist

            cache = self._cache_dir
            if cache is None:
                from lawgov_desktop.paths import cache_dir

                cache = cache_dir()
            protected: list[str] = []
            added: list[tuple[str, int | None, str | None]] = []
            for word, freq, tag in read_user_dict(self._user_dict or user_dict_path()):
                self.terms.append(word)
                if _JIEBA_BLOCK.match(word):
                    added.append((word, freq, tag))  # into the dictionary, as jieba's add_word
                else:
                    protected.append(word)
            if protected:
                protected.sort(key=len, reverse=True)  # longest first: the regex takes the first match
                self._protected = re.compile("|".join(re.escape(w) for w in protected))
            words, self.source = wordlist.load(cache, added)
            if self.source != "cache":
                log.info("word dictionary %s in %s", self.source, cache)
            self._cutter = words.cutter()
        except BaseException as exc:  # reported by ensure_loaded(); the loader thread must not die loudly
            self._error = exc
        finally:
            with self._lock:
                self._ready.set()
                callbacks, self._callbacks = self._callbacks, []
            for cb in callbacks:
                cb()

    # -- segmenting ----------------------------------------------------------------------
    def tokens(self, text: str) -> list[Token]:
        """``(start, end, word)`` spans that cover ``text`` exactly, in order.

        Punctuation and spaces are tokens too, so snapping and offsets never fall into a gap.
        """
        self.ensure_loaded()
        out: list[Token] = []
        pos = 0
        if self._protected is not None:
            for m in self._protected.finditer(text):
                if m.start() > pos:
                    self._cut_into(text, pos, m.start(), out)
                out.append((m.start(), m.end(), m.group()))
                pos = m.end()
        if pos < len(text):
            self._cut_into(text, pos, len(text), out)
        return out

    def _cut_into(self, text: str, start: int, end: int, out: list[Token]) -> None:
        assert self._cutter is not None
        pos = start
        chunk = text[start:end]
        for word in self._cutter.cut(chunk):
            if not word:
                continue
            if text.startswith(word, pos):
                out.append((pos, pos + len(word), word))
                pos += len(word)
            else:  # a word that is not the text here: resynchronise rather than drift
                found = text.find(word, pos, end)
                if found < 0:
                    continue
                if found > pos:
                    out.append((pos, found, text[pos:found]))
                out.append((found, found + len(word), word))
                pos = found + len(word)
        if pos < end:
            out.append((pos, end, text[pos:end]))

    def words(self, text: str) -> list[str]:
        """Content words of ``text`` (no punctuation, digits or stop words), for features."""
        return [w for _, _, w in self.tokens(text) if is_content_word(w)]


def is_content_word(word: str) -> bool:
    """A token worth counting: has a letter or Han character and is not a stop word."""
    return bool(_CONTENT.search(word)) and word not in STOPWORDS


_default: Segmenter | None = None
_default_lock = threading.Lock()


def get_segmenter() -> Segmenter:
    """The process-wide segmenter (created on first call, not loaded until asked)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Segmenter()
        return _default


def jieba_loaded() -> bool:
    """Whether jieba has been imported in this process (it never is by this module)."""
    import sys

    return "jieba" in sys.modules


__all__ = ["STOPWORDS", "Segmenter", "Token", "get_segmenter", "is_content_word", "jieba_loaded",
           "read_user_dict", "user_dict_path"]
