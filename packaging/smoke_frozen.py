"""Smoke-run a frozen LawGov Desktop folder the way a new user meets it; exit 1 on any failure.

    python packaging/smoke_frozen.py dist/LawGovDesktop

Every run starts from a fresh, empty home folder with no ``LAWGOV_HOME``/``LAWGOV_DB`` and no
``XDG_*`` folders, so the programs find their data where a real install would (the platformdirs
user data folder under that home) and must create the default project themselves:

1. ``lawgov --version``; ``lawgov reports --json`` sees the five sample reports;
2. ``lawgov annotate`` twice, ``lawgov annotations --json`` lists them;
3. ``lawgov export`` in every format that ``lawgov export --help`` offers, each output file
   written and not empty;
4. ``lawgov import`` of an HTML, a Word and a PDF report (lxml, python-docx, PDFium) and
   ``lawgov align`` (jieba's dictionary and the bundled domain dictionary, their cache
   written to the user cache folder);
5. ``lawgov-desktop --screenshot`` writes a PNG (Qt offscreen);
6. in a second fresh home: ``lawgov-desktop --screenshot`` as the very first program run;
7. in a third fresh home: ``lawgov-desktop`` started for real, as a double-click would, must
   create the default project and keep running (a first-run box would leave it waiting);
8. nothing was written inside the bundle folder (user data never goes to the install folder).

Runs on Linux and macOS, where platformdirs derives every user folder from ``HOME``.  On
Windows the user folders come from the shell whatever ``HOME`` says, so there it runs only
with ``LAWGOV_SMOKE_REAL_PROFILE=1``, under a fresh test account (it uses that account's real
data folder, and needs it empty; steps 6 and 7 then meet the project made by step 1).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXPECTED_REPORTS = 5
TIMEOUT = 180
START_TIMEOUT = 60
HTML_REPORT = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>示例区人民政府2024年法治政府建设情况报告</title></head>
<body><h1>示例区人民政府2024年法治政府建设情况报告</h1>
<p>2024年，示例区坚持以习近平新时代中国特色社会主义思想为指导，深入推进依法行政，法治政府建设取得新成效。</p>
<h2>一、主要举措和成效</h2>
<p>（一）深化行政执法规范化建设。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。</p>
<p>（二）加强行政复议工作。畅通行政复议渠道，依法办理行政复议案件，纠错率稳步提高。</p>
<p>（三）持续优化营商环境。推行“双随机、一公开”监管，开展包容审慎监管，减少对市场主体的干扰。</p>
<h2>二、存在的不足和原因</h2>
<p>基层行政执法人员专业能力仍需提高，行政复议宣传还不够深入。</p>
<h2>三、下一步工作安排</h2>
<p>继续深化法治政府建设，提升行政执法质量和效能。</p>
</body></html>
"""


class SmokeFailure(Exception):
    pass


def _report_lines() -> list[str]:
    """The HTML sample's title and paragraphs, for the Word and PDF samples."""
    return [text for _tag, text in re.findall(r"<(h1|h2|p)>(.*?)</\1>", HTML_REPORT)]


def sample_reports(work: Path, bundle: Path) -> list[Path]:
    """One report each as HTML, Word and PDF (the readers behind them: lxml, python-docx,
    PDFium).  Word and PDF are made with python-docx and Qt from the build environment; a
    Python without them tests HTML only, and says so."""
    lines = _report_lines()
    html = work / "示例区2024年法治政府建设情况报告.html"
    html.write_text(HTML_REPORT, encoding="utf-8")
    made = [html]
    try:
        import docx

        doc = docx.Document()
        for line in lines:
            doc.add_paragraph(line.replace("示例区", "样板区"))
        made.append(work / "样板区2024年法治政府建设情况报告.docx")
        doc.save(str(made[-1]))
    except ImportError:
        print("      (no python-docx here: the Word reader is not tried)")
    try:
        made.append(_sample_pdf(work / "模范区2024年法治政府建设情况报告.pdf", bundle,
                                [line.replace("示例区", "模范区") for line in lines]))
    except ImportError:
        print("      (no PySide6 here: the PDF reader is not tried)")
    return made


def _sample_pdf(path: Path, bundle: Path, lines: list[str]) -> Path:
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPageSize, QPainter, QPdfWriter

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    fonts = sorted(bundle.glob("**/resources/fonts/*.otf"))
    if not fonts:
        raise SmokeFailure(f"no bundled font under {bundle}")
    family = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(fonts[0])))[0]
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    painter.setFont(QFont(family, 11))
    y = 60
    for line in lines:
        while line:  # A4 at 11 pt holds about 40 characters a line
            painter.drawText(50, y, line[:40])
            line, y = line[40:], y + 20
    painter.end()
    del app
    return path


def fresh_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LAWGOV_", "XDG_")) and k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", LANG=env.get("LANG") or "C.UTF-8")
    return env


def user_data_dir(home: Path) -> Path:
    if sys.platform == "win32":  # the shell's folder, whatever HOME says (see main)
        return Path(os.environ["LOCALAPPDATA"]) / "LawGov Desktop"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "LawGov Desktop"
    return home / ".local" / "share" / "LawGov Desktop"


def user_cache_dir(home: Path) -> Path:
    if sys.platform == "win32":
        return user_data_dir(home) / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "LawGov Desktop"
    return home / ".cache" / "LawGov Desktop"


class Bundle:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        suffix = ".exe" if sys.platform == "win32" else ""
        self.cli = folder / f"lawgov{suffix}"
        self.gui = folder / f"lawgov-desktop{suffix}"
        for exe in (self.cli, self.gui):
            if not exe.is_file():
                raise SmokeFailure(f"{exe} is missing")

    def run(self, exe: Path, args: list[str], home: Path, cwd: Path) -> str:
        """Run a frozen program; its stdout, or SmokeFailure with its output on a non-zero exit."""
        label = " ".join([exe.name, *args])
        started = time.perf_counter()
        try:
            proc = subprocess.run([str(exe), *args], cwd=cwd, env=fresh_env(home), capture_output=True,
                                  text=True, encoding="utf-8", errors="replace", timeout=TIMEOUT,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(f"{label}: no result after {TIMEOUT} s") from exc
        took = time.perf_counter() - started
        if proc.returncode != 0:
            raise SmokeFailure(f"{label}: exit {proc.returncode}\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}")
        print(f"  ok  {label}  ({took:.1f} s)", flush=True)
        return proc.stdout


def folder_digest(folder: Path) -> str:
    """Names, sizes and modification times of everything in the bundle folder."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        st = path.lstat()
        h.update(f"{path.relative_to(folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def export_formats(help_text: str) -> list[str]:
    match = re.search(r"--format \{([a-z0-9_,]+)\}", help_text)
    if not match:
        raise SmokeFailure("cannot find the format list in `lawgov export --help`")
    return match.group(1).split(",")


def check_png(path: Path) -> None:
    if not path.is_file():
        raise SmokeFailure(f"no screenshot at {path}")
    data = path.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n") or len(data) < 10_000:
        raise SmokeFailure(f"{path} is not a plausible PNG screenshot ({len(data)} bytes)")


#: Files the programs read at run time, by pattern below the bundle root (``sys._MEIPASS``).
BUNDLED = {
    "resources/fonts/*.otf": 1,
    "resources/fonts/OFL.txt": 1,
    "resources/dict/lawgov_terms.txt": 1,
    "resources/i18n/lawgov_zh_CN.qm": 1,
    "resources/icons/lawgov-desktop.svg": 1,
    "resources/icons/lawgov-desktop-256.png": 1,
    "seeds/*.txt": EXPECTED_REPORTS,
    "jieba/dict.txt": 1,
    "jieba/finalseg/prob_*.p": 3,  # the HMM tables, read by core/wordlist.py
    "PySide6/Qt/translations/qtbase_zh_CN.qm": 1,
}


def check_contents(folder: Path) -> None:
    roots = [p.parent for p in folder.glob("**/seeds") if p.is_dir()]
    if len(roots) != 1:
        raise SmokeFailure(f"expected one bundle root with seeds/ under {folder}, found {roots}")
    for pattern, count in BUNDLED.items():
        found = list(roots[0].glob(pattern))
        if len(found) != count:
            raise SmokeFailure(f"{roots[0]}/{pattern}: {len(found)} files, expected {count}")
    print(f"  ok  bundle contents ({len(BUNDLED)} kinds of run-time files in {roots[0].relative_to(folder)})")


def cli_session(b: Bundle, work: Path) -> None:
    home = work / "home-cli"
    home.mkdir()
    out = work / "out"
    out.mkdir()
    b.run(b.cli, ["--version"], home, work)
    reports = json.loads(b.run(b.cli, ["reports", "--json"], home, work))
    if len(reports) != EXPECTED_REPORTS:
        raise SmokeFailure(f"the new default project has {len(reports)} reports, expected {EXPECTED_REPORTS}")
    if not (user_data_dir(home) / "default.lawgov").is_file():
        raise SmokeFailure(f"no default project in {user_data_dir(home)}")
    first, second = reports[0]["id"], reports[1]["id"]
    b.run(b.cli, ["annotate", str(first), "10", "30", "执法"], home, work)
    b.run(b.cli, ["annotate", str(second), "40", "80", "复议", "营商环境", "--note", "smoke"], home, work)
    annotations = json.loads(b.run(b.cli, ["annotations", "--json"], home, work))
    if len(annotations) != 2:
        raise SmokeFailure(f"expected the 2 new annotations, `lawgov annotations` lists {len(annotations)}")
    formats = export_formats(b.run(b.cli, ["export", "--help"], home, work))
    for fmt in formats:
        summary = json.loads(b.run(b.cli, ["export", "--format", fmt, "-o", str(out / f"smoke.{fmt}"),
                                           "--json"], home, work))
        paths = [Path(p) for p in summary.get("paths", [])]
        if summary.get("count") != 2 or not paths:
            raise SmokeFailure(f"export {fmt}: unexpected summary {summary}")
        for path in paths:
            full = path if path.is_absolute() else work / path
            if not full.is_file() or full.stat().st_size == 0:
                raise SmokeFailure(f"export {fmt}: {full} missing or empty")
    print(f"      exported {len(formats)} formats: {', '.join(formats)}")
    files = sample_reports(work, b.folder)
    summary = json.loads(b.run(b.cli, ["import", *map(str, files), "--json"], home, work))
    if len(summary.get("imported", [])) != len(files):
        raise SmokeFailure(f"importing {', '.join(f.suffix for f in files)} reports: {summary}")
    after = json.loads(b.run(b.cli, ["reports", "--json"], home, work))
    if len(after) != EXPECTED_REPORTS + len(files):
        raise SmokeFailure(f"after importing {len(files)} reports the project has {len(after)} reports")
    aligned = json.loads(b.run(b.cli, ["align", str(first), str(second), "--json"], home, work))
    if not aligned:
        raise SmokeFailure("`lawgov align` found nothing to align")
    cache = user_cache_dir(home)
    # the segmenter saves its word-dictionary cache there on first use (never in the bundle)
    if not any(p.is_file() and "clean-close" not in p.parts for p in cache.rglob("*")):
        raise SmokeFailure(f"the word dictionary's cache was not written to the user cache folder {cache}")
    shot = work / "screenshot.png"
    b.run(b.gui, ["--screenshot", str(shot)], home, work)
    check_png(shot)


def gui_first_screenshot(b: Bundle, work: Path) -> None:
    home = work / "home-gui"
    home.mkdir()
    shot = work / "first-run.png"
    b.run(b.gui, ["--screenshot", str(shot)], home, work)
    check_png(shot)
    if not (user_data_dir(home) / "default.lawgov").is_file():
        raise SmokeFailure("lawgov-desktop as the first program run made no default project")


def gui_first_start(b: Bundle, work: Path) -> None:
    """Start the app for real from a fresh home: it must create the project and stay up."""
    home = work / "home-start"
    home.mkdir()
    project = user_data_dir(home) / "default.lawgov"
    log = work / "start.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([str(b.gui)], cwd=work, env=fresh_env(home), stdout=sink, stderr=sink,
                                stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not project.is_file():
            if proc.poll() is not None:
                raise SmokeFailure(f"lawgov-desktop exited ({proc.returncode}) on its first start without "
                                   f"creating {project}:\n{log.read_text(errors='replace')[-4000:]}")
            if time.monotonic() > deadline:
                raise SmokeFailure(f"lawgov-desktop made no default project within {START_TIMEOUT} s of its "
                                   f"first start (a message box waiting?):\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.2)
        time.sleep(3)
        if proc.poll() is not None:
            raise SmokeFailure(f"lawgov-desktop stopped ({proc.returncode}) right after its first start:\n"
                               f"{log.read_text(errors='replace')[-4000:]}")
        print("  ok  lawgov-desktop  (first start: default project created, window running)")
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    folder = Path(argv[0]).resolve()
    if sys.platform == "win32" and os.environ.get("LAWGOV_SMOKE_REAL_PROFILE") != "1":
        print("On Windows the user folders cannot be moved with HOME: this run would use (and tag "
              "the sample reports of) the signed-in user's real default project.  Run it under a "
              "fresh test account with LAWGOV_SMOKE_REAL_PROFILE=1.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        b = Bundle(folder)
        before = folder_digest(folder)
        check_contents(folder)
        with tempfile.TemporaryDirectory(prefix="lawgov-smoke-") as tmp:
            work = Path(tmp)
            cli_session(b, work)
            gui_first_screenshot(b, work)
            gui_first_start(b, work)
        if folder_digest(folder) != before:
            raise SmokeFailure(f"the smoke run wrote inside the bundle folder {folder}")
    except SmokeFailure as exc:
        print(f"SMOKE RUN FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"smoke run passed in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
