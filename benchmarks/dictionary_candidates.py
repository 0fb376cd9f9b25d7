"""Compare ways of holding the word dictionary: load time, memory added, cutting speed.

    python benchmarks/dictionary_candidates.py            # each candidate 3 times
    python benchmarks/dictionary_candidates.py --runs 1 --only marisa

Candidates, each measured in a fresh process (after one warm-up run that builds its cache):

* ``jieba``  — jieba's own ``Tokenizer`` (its marshal cache of ~585,000 words and prefixes)
  with the domain dictionary added by ``add_word``; load includes ``import jieba``.
* ``marisa`` — the app's compact file (:mod:`lawgov_desktop.core.wordlist`: a MARISA trie,
  frequencies by key id, dense HMM tables) cut by :mod:`lawgov_desktop.core.wordcut`.
* ``blob``   — the same words as one sorted UTF-8 blob with an offsets array, looked up with
  ``bisect`` (pure Python, no dependency), cut by the same algorithm.

"RSS added" is the resident memory after loading (and one short cut) minus before, the
modules each needs already imported.  Speed is characters per second over the seed reports
and over a 1,000,000-character text of seed sentences in random order.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CANDIDATES = ("jieba", "marisa", "blob")


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _texts() -> tuple[str, str]:
    import random
    import re

    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    sentences = [s for t in seeds for s in re.split(r"(?<=[。；\n])", t) if s.strip()]
    rnd = random.Random(7)
    big: list[str] = []
    size = 0
    while size < 1_000_000:
        s = rnd.choice(sentences)
        big.append(s)
        size += len(s)
    return "".join(seeds), "".join(big)[:1_000_000]


def _user_terms() -> list:
    from lawgov_desktop.core.segment import _JIEBA_BLOCK, read_user_dict, user_dict_path

    return [t for t in read_user_dict(user_dict_path()) if _JIEBA_BLOCK.match(t[0])]


def _blob_cutter(cache: Path, terms: list):
    """Build (once) and load the sorted-blob candidate; returns ``cut(text)``."""
    import bisect
    import marshal
    from array import array

    from lawgov_desktop.core.wordcut import HmmModel, WordCutter

    path = cache / "blob.bin"
    if not path.exists():
        from lawgov_desktop.core import wordlist

        words, _ = wordlist.load(cache, terms)
        items = sorted((w.encode("utf-8"), words.freqs[i]) for w, i in words.trie.iteritems())
        offsets = array("I", [0])
        for k, _f in items:
            offsets.append(offsets[-1] + len(k))
        meta, hmm = words.hmm.to_parts()
        path.write_bytes(marshal.dumps((b"".join(k for k, _ in items), offsets.tobytes(),
                                        array("I", [f for _, f in items]).tobytes(), words.total,
                                        words.max_len, json.dumps(meta), hmm)))
        return None
    blob, off_b, freq_b, total, max_len, meta, hmm = marshal.loads(path.read_bytes())
    offsets, freqs = array("I"), array("I")
    offsets.frombytes(off_b)
    freqs.frombytes(freq_b)
    n = len(freqs)
    index = range(n)

    def key(i: int) -> bytes:
        return blob[offsets[i]:offsets[i + 1]]

    def freq(word: str) -> int:
        b = word.encode("utf-8")
        i = bisect.bisect_left(index, b, key=key)
        return freqs[i] if i < n and key(i) == b else 0

    def starts(block: str, k: int) -> list[tuple[int, int]]:
        out = []
        for length in range(1, min(max_len, len(block) - k) + 1):
            b = block[k:k + length].encode("utf-8")
            i = bisect.bisect_left(index, b, key=key)
            if i >= n:
                break
            found = key(i)
            if found == b:
                out.append((k + length, freqs[i]))
            elif not found.startswith(b):
                break
        return out

    return WordCutter(starts, freq, total, HmmModel.from_parts(json.loads(meta), hmm)).cut


def measure(name: str, cache: Path) -> dict:
    """One candidate in this process: load seconds, MB added, chars/s on two texts."""
    import gc
    import time

    terms = _user_terms()
    seeds, big = _texts()
    if name == "jieba":
        gc.collect()
        before, t0 = _rss_mb(), time.perf_counter()
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.tmp_dir, tok.cache_file = str(cache), "jieba.cache"
        tok.initialize()
        for word, freq, tag in terms:
            tok.add_word(word, freq, tag)

        def cut(text: str):
            return tok.cut(text)
    elif name == "marisa":
        import marisa_trie  # noqa: F401  (imported before the clock: counted in neither side)

        from lawgov_desktop.core import wordlist

        gc.collect()
        before, t0 = _rss_mb(), time.perf_counter()
        words, _how = wordlist.load(cache, terms)
        cut = words.cutter().cut
    else:
        if not (cache / "blob.bin").exists():
            _blob_cutter(cache, terms)  # the warm-up run builds the file
        gc.collect()
        before, t0 = _rss_mb(), time.perf_counter()
        cut = _blob_cutter(cache, terms)
    list(cut("深入推进依法行政"))
    load_s = time.perf_counter() - t0
    gc.collect()
    added = _rss_mb() - before
    speeds = {}
    for label, text in (("seeds", seeds), ("synthetic", big)):
        t = time.perf_counter()
        for _ in cut(text):
            pass
        speeds[label] = len(text) / (time.perf_counter() - t)
    return {"load_s": load_s, "rss_mb": added, "seeds_cps": speeds["seeds"], "synthetic_cps": speeds["synthetic"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", action="append", choices=CANDIDATES)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, Path(args.cache))))
        return 0
    with tempfile.TemporaryDirectory(prefix="lawgov-dict-") as tmp:
        print(f"candidate  load s  RSS added MB  seeds chars/s  1M text chars/s  (median of {args.runs})")
        for name in args.only or CANDIDATES:
            cache = Path(tmp) / name
            cache.mkdir()
            runs = []
            for i in range(args.runs + 1):  # the first run builds the candidate's cache
                out = subprocess.run([sys.executable, __file__, "--child", name, "--cache", str(cache)],
                                     capture_output=True, text=True, check=True)
                if i:
                    runs.append(json.loads(out.stdout))
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"{name:<9}  {med['load_s']:6.3f}  {med['rss_mb']:12.1f}  {med['seeds_cps']:13,.0f}  "
                  f"{med['synthetic_cps']:15,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
