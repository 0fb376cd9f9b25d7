"""jieba's accurate-mode segmentation (with its HMM for unknown words), over any word list.

This is the algorithm of jieba 0.42's ``Tokenizer.cut(text, HMM=True)``, written for a
dictionary that is not a Python ``dict`` of every word and every prefix (585,000 entries,
~80 MB, half a second to load): the caller supplies the words that start at a position and
the frequency of a word, and :mod:`lawgov_desktop.core.wordlist` answers both from a compact
trie.  The results must be the very tokens jieba gives — offsets of saved annotations were
snapped with them — so every step keeps jieba's order of operations and its tie-breaking:

1. The text is split into blocks of ``[\\u4E00-\\u9FD5a-zA-Z0-9+#&._%-]``; anything else is
   yielded as it is, whitespace runs as ``\\r\\n`` or one whitespace character, other
   characters one at a time.
2. In a block, each position ``k`` has the dictionary words starting there (or the
   character alone).  The best route from the right end maximises the sum of
   ``log(freq) - log(total)``; on a tie the longer word wins (jieba compares
   ``(probability, end)`` tuples).
3. Single characters on the route are buffered; a buffered run of two or more that is not
   itself a word goes through the HMM (Viterbi over B/M/E/S states with jieba's finalseg
   tables), otherwise its characters are yielded one by one.  Words of the force-split set
   (user words of frequency 0) are split back into characters after the HMM.

Without the HMM (used only by :func:`suggest_freq` when a user word has no frequency),
single ASCII letters or digits on the route are joined instead.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from math import log

#: jieba's ``re_han_default`` and ``re_skip_default``: what a block is made of, and the
#: whitespace yielded whole between blocks.
RE_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
RE_SPACE = re.compile("(\r\n|\\s)")
#: jieba's ``re_eng``: a route character that the no-HMM mode joins to its neighbours.
RE_ENG = re.compile("[a-zA-Z0-9]")
#: finalseg's own split of a buffered run: Han runs go to the HMM, the rest is cut at
#: letter/number groups (``2.5%``).
RE_HMM_HAN = re.compile("([\u4E00-\u9FD5]+)")
RE_HMM_SKIP = re.compile("([a-zA-Z0-9]+(?:\\.\\d+)?%?)")

#: finalseg's floor for an impossible start, transition or emission.
MIN_FLOAT = -3.14e100
#: Which states may come before each state (finalseg's ``PrevStatus``), in its order.
PREV_STATES = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}
STATES = "BMES"

#: ``starts(block, k)``: ``(end, freq)`` of each dictionary word of positive frequency that
#: begins at ``block[k]``, ``end`` exclusive and ascending.
StartsFn = Callable[[str, int], list[tuple[int, int]]]
#: ``freq(word)``: the word's frequency, 0 when it is not a word (or has frequency 0).
FreqFn = Callable[[str], int]
#: ``prefix_ids(s)``: ``(word, id)`` of each word that begins ``s``, shortest first.
PrefixIdsFn = Callable[[str], Iterable[tuple[str, int]]]



class HmmModel:
    """finalseg's tables: start and transition log-probabilities, and the emissions.

    The emissions (four states × ~14,600 characters) are kept as four arrays of doubles
    indexed by code point over the characters' range — 1 MB and no Python object per entry,
    where jieba's dicts take ~4 MB — with finalseg's ``MIN_FLOAT`` for a character a state
    never emits.  Emission keys that are not single characters in a compact range (none in
    jieba 0.42) stay in dicts.
    """

    def __init__(self, start: dict[str, float], trans: dict[str, dict[str, float]],
                 emit_lo: int, emit: dict[str, array], emit_extra: dict[str, dict[str, float]] | None = None) -> None:
        self.start = start
        self.trans = trans
        self.emit_lo = emit_lo
        self.emit = emit
        self.emit_extra = emit_extra or {s: {} for s in STATES}

    @classmethod
    def from_tables(cls, start: dict[str, float], trans: dict[str, dict[str, float]],
                    emit: dict[str, dict[str, float]], max_span: int = 1 << 16) -> HmmModel:
        """From finalseg's three dicts (``emit[state][char]``)."""
        points = sorted(ord(k) for table in emit.values() for k in table if len(k) == 1)
        lo = points[0] if points else 0
        hi = next((p for p in reversed(points) if p - lo < max_span), lo)
        dense = {s: array("d", [MIN_FLOAT]) * (hi - lo + 1) for s in STATES}
        extra: dict[str, dict[str, float]] = {s: {} for s in STATES}
        for s in STATES:
            for k, v in emit.get(s, {}).items():
                if len(k) == 1 and lo <= ord(k) <= hi:
                    dense[s][ord(k) - lo] = v
                else:
                    extra[s][k] = v
        return cls(dict(start), {s: dict(t) for s, t in trans.items()}, lo, dense, extra)

    def emission(self, state: str, ch: str) -> float:
        """finalseg's ``emit_p[state].get(ch, MIN_FLOAT)``."""
        i = ord(ch) - self.emit_lo
        table = self.emit[state]
        if 0 <= i < len(table):
            return table[i]
        return self.emit_extra[state].get(ch, MIN_FLOAT)

    def to_parts(self) -> tuple[dict, bytes]:
        """A JSON-able description and the arrays' bytes (for the compact file)."""
        meta = {"start": self.start, "trans": self.trans, "emit_lo": self.emit_lo,
                "emit_len": len(self.emit["B"]), "emit_extra": self.emit_extra}
        return meta, b"".join(self.emit[s].tobytes() for s in STATES)

    @classmethod
    def from_parts(cls, meta: dict, data: bytes | memoryview) -> HmmModel:
        n = int(meta["emit_len"])
        size = n * array("d").itemsize
        if len(data) != 4 * size:
            raise ValueError("HMM tables of the wrong size")
        emit = {}
        for i, s in enumerate(STATES):
            emit[s] = array("d")
            emit[s].frombytes(data[i * size:(i + 1) * size])
        return cls(meta["start"], meta["trans"], int(meta["emit_lo"]), emit, meta["emit_extra"])


class WordCutter:
    """Cuts text as jieba does, given the dictionary as two functions and the HMM tables."""

    def __init__(self, starts: StartsFn, freq: FreqFn, total: int, hmm: HmmModel,
                 force_split: frozenset[str] = frozenset(), *,
                 prefix_ids: PrefixIdsFn | None = None, freqs: Sequence[int] = (), max_len: int = 0) -> None:
        """``prefix_ids``/``freqs``/``max_len`` (optional) answer what ``starts`` answers, faster:
        ``prefix_ids(s)`` yields ``(word, id)`` for each word that begins ``s`` (shortest first) and
        ``freqs[id]`` is its frequency; words are at most ``max_len`` long."""
        self._prefix_ids = prefix_ids
        self._freqs = freqs
        self._max_len = max_len
        self._starts = starts
        self._freq = freq
        self.total = total
        self._log_total = log(total)
        self._hmm = hmm
        self.force_split = force_split

    # -- the whole text ----------------------------------------------------------------
    def cut(self, text: str, hmm: bool = True) -> Iterator[str]:
        """The words of ``text`` in order; they join back to ``text``."""
        cut_block = self._cut_block if hmm else self._cut_block_no_hmm
        for i, part in enumerate(RE_BLOCK.split(text)):
            if not part:
                continue
            if i % 2:  # a captured block (split alternates text, match, text, ...)
                yield from cut_block(part)
                continue
            for j, piece in enumerate(RE_SPACE.split(part)):
                if j % 2:
                    yield piece
                else:
                    yield from piece  # one character at a time

    # -- one block -----------------------------------------------------------------------
    def _route(self, block: str) -> list[int]:
        """``ends[k]``: where the best route's word starting at ``k`` ends (exclusive)."""
        n = len(block)
        log_total = self._log_total
        starts = self._starts
        best = [0.0] * (n + 1)
        ends = [0] * (n + 1)
        prefix_ids = self._prefix_ids
        if prefix_ids is not None:  # the same computation without a list of candidates per position
            freqs, max_len = self._freqs, self._max_len
            for k in range(n - 1, -1, -1):
                top = None
                top_end = k + 1
                for word, i in prefix_ids(block[k:k + max_len]):
                    end = k + len(word)
                    p = log(freqs[i]) - log_total + best[end]
                    if top is None or p >= top:
                        top, top_end = p, end
                best[k] = 0.0 - log_total + best[k + 1] if top is None else top
                ends[k] = top_end
            return ends
        for k in range(n - 1, -1, -1):
            cands = starts(block, k)
            if not cands:  # the character alone, frequency "or 1": log(1) == 0.0
                best[k] = 0.0 - log_total + best[k + 1]
                ends[k] = k + 1
                continue
            top = None
            top_end = 0
            for end, freq in cands:  # ascending ends: ">=" lets the longer word win a tie
                p = log(freq) - log_total + best[end]
                if top is None or p >= top:
                    top, top_end = p, end
            best[k] = top
            ends[k] = top_end
        return ends

    def _cut_block(self, block: str) -> Iterator[str]:
        ends = self._route(block)
        n = len(block)
        x = 0
        buf = ""
        while x < n:
            y = ends[x]
            if y - x == 1:
                buf += block[x]
            else:
                if buf:
                    yield from self._flush(buf)
                    buf = ""
                yield block[x:y]
            x = y
        if buf:
            yield from self._flush(buf)

    def _flush(self, buf: str) -> Iterator[str]:
        """A run of single characters on the route: alone, a known word's characters, or the HMM's words."""
        if len(buf) == 1:
            yield buf
        elif not self._freq(buf):
            yield from self._hmm_cut(buf)
        else:
            yield from buf

    def _cut_block_no_hmm(self, block: str) -> Iterator[str]:
        ends = self._route(block)
        n = len(block)
        x = 0
        buf = ""
        while x < n:
            y = ends[x]
            word = block[x:y]
            if y - x == 1 and RE_ENG.match(word):
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    # -- unknown words: finalseg -----------------------------------------------------------
    def _hmm_cut(self, run: str) -> Iterator[str]:
        for i, part in enumerate(RE_HMM_HAN.split(run)):
            if i % 2:
                for word in self._viterbi_words(part):
                    if word in self.force_split:
                        yield from word
                    else:
                        yield word
            else:
                for piece in RE_HMM_SKIP.split(part):
                    if piece:
                        yield piece

    def _viterbi_words(self, chars: str) -> Iterator[str]:
        states = self._viterbi(chars)
        begin = after = 0
        for i, state in enumerate(states):
            if state == "B":
                begin = i
            elif state == "E":
                yield chars[begin:i + 1]
                after = i + 1
            elif state == "S":
                yield chars[i]
                after = i + 1
        if after < len(chars):
            yield chars[after:]

    def _viterbi(self, chars: str) -> list[str]:
        """The most probable B/M/E/S state of each character (ties as in finalseg)."""
        model = self._hmm
        start_p, trans_p, emission = model.start, model.trans, model.emission
        first = chars[0]
        prev = {s: start_p[s] + emission(s, first) for s in STATES}
        paths = {s: [s] for s in STATES}
        for ch in chars[1:]:
            cur: dict[str, float] = {}
            new_paths: dict[str, list[str]] = {}
            for s in STATES:
                em = emission(s, ch)
                best = max((prev[p] + trans_p[p].get(s, MIN_FLOAT) + em, p) for p in PREV_STATES[s])
                cur[s] = best[0]
                new_paths[s] = paths[best[1]] + [s]
            prev, paths = cur, new_paths
        _, last = max((prev[s], s) for s in "ES")
        return paths[last]


def suggest_freq(cutter: WordCutter, word: str, entry: Callable[[str, int], int]) -> int:
    """jieba's ``suggest_freq(word)``: a frequency just high enough for ``word`` to come out whole.

    ``entry(w, default)`` is jieba's ``FREQ.get(w, default)``: the frequency of a word, 0 for a
    prefix of a word that is not itself one, ``default`` for anything else.
    """
    ftotal = float(cutter.total)
    freq = 1
    for seg in cutter.cut(word, hmm=False):
        freq *= entry(seg, 1) / ftotal
    return max(int(freq * cutter.total) + 1, entry(word, 1))


__all__ = ["HmmModel", "WordCutter", "suggest_freq"]
