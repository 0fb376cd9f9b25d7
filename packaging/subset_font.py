"""Rebuild the bundled Chinese font ``resources/fonts/LawGovSansSC-Regular.otf``.

Machines without a Simplified Chinese system font (minimal Linux installs, CI, some
locked-down office PCs) would show every Chinese character as a box, so the app ships a
subset of Noto Sans CJK SC Regular (SIL Open Font License 1.1) that covers the GB2312
character set, ASCII, CJK punctuation, full-width forms and every character of the sample
reports.  The subset is renamed "LawGov Sans SC" so it can never be mistaken for, or
shadow, a full system install of Noto Sans CJK.

Build-time only (fonttools is not a runtime dependency)::

    .venv/bin/pip install fonttools brotli
    .venv/bin/python packaging/subset_font.py [--source NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "fonts"
OUT_FILE = OUT_DIR / "LawGovSansSC-Regular.otf"
FAMILY = "LawGov Sans SC"
DEFAULT_SOURCES = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
]


def gb2312_chars() -> set[str]:
    """Every character of GB2312: all two-byte codes rows 0xA1–0xF7, cells 0xA1–0xFE that decode."""
    chars: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_chars() -> set[str]:
    """GB2312 + ASCII + punctuation blocks + the seeds' own characters (and two test names)."""
    chars = gb2312_chars()
    ranges = [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1 (·, ×, ° …)
        (0x2000, 0x206F),  # general punctuation: “ ” ‘ ’ — … ‰
        (0x2150, 0x218F),  # number forms: Ⅰ Ⅱ …
        (0x2460, 0x24FF),  # enclosed alphanumerics: ① ② … ⑴ ⒈
        (0x3000, 0x303F),  # CJK symbols and punctuation: 、。《》「」【】〔〕
        (0x3200, 0x32FF),  # enclosed CJK: ㈠ ㈡
        (0xFE30, 0xFE4F),  # CJK compatibility forms
        (0xFF00, 0xFFEF),  # full-width forms: （ ） ， ： ； ？ ！ ０-９
    ]
    for lo, hi in ranges:
        chars.update(chr(c) for c in range(lo, hi + 1))
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        chars.update(seed.read_text(encoding="utf-8-sig"))
    chars.update("𠮷𡈽")  # names outside the BMP that the app must render
    return {c for c in chars if c.isprintable() or c == " "}


def find_source(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    for cand in DEFAULT_SOURCES:
        if cand.exists():
            return cand
    sys.exit("Noto Sans CJK Regular not found: install fonts-noto-cjk or pass --source")


def sc_index(source: Path) -> int:
    """Index of "Noto Sans CJK SC" in a .ttc collection (0 for a single .otf)."""
    from fontTools.ttLib import TTCollection

    if source.suffix.lower() not in (".ttc", ".otc"):
        return 0
    for i, font in enumerate(TTCollection(str(source)).fonts):
        if font["name"].getDebugName(1) == "Noto Sans CJK SC":
            return i
    sys.exit(f"{source} has no Noto Sans CJK SC face")


def rename(path: Path) -> None:
    """Give the subset its own family name (the source's copyright and license records stay)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    name = font["name"]
    ps = FAMILY.replace(" ", "") + "-Regular"
    for rec_id, value in {1: FAMILY, 2: "Regular", 3: f"{ps};subset of Noto Sans CJK SC 2.004", 4: FAMILY,
                          6: ps, 16: FAMILY, 17: "Regular"}.items():
        name.removeNames(nameID=rec_id)
        name.setName(value, rec_id, 3, 1, 0x409)
        name.setName(value, rec_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps]
        top = cff.topDictIndex[0]
        top.FullName, top.FamilyName = FAMILY, FAMILY
    font.save(str(path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", help="NotoSansCJK-Regular.ttc (or NotoSansCJKsc-Regular.otf)")
    ap.add_argument("--out", default=str(OUT_FILE))
    args = ap.parse_args(argv)
    from fontTools import subset

    source = find_source(args.source)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(sorted(wanted_chars()))
    unicodes = ",".join(f"U+{ord(c):04X}" for c in text)
    subset.main([
        str(source), f"--font-number={sc_index(source)}", f"--unicodes={unicodes}",
        f"--output-file={out}", "--layout-features=kern,vert,vrt2,palt,halt,locl,ccmp",
        "--no-hinting", "--name-IDs=*", "--name-languages=*", "--notdef-outline",
    ])
    rename(out)
    print(f"{out}: {len(text)} characters, {out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
