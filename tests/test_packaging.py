"""The installable artefacts, checked without building them (PyInstaller takes minutes).

* ``packaging/lawgov-desktop.spec`` is run with stand-ins for PyInstaller's build classes: every
  module loaded by name (the export formats, through ``importlib``) and every other
  ``lawgov_desktop`` module is a hidden import of both programs, ``resources/`` and ``seeds/``
  land at the bundle root where :mod:`lawgov_desktop.paths` looks, jieba's data is collected.
* The frozen launchers hand the app its arguments (a lone ``.lawgov`` file becomes ``--db``).
* The Linux desktop entry and MIME type, the Inno Setup script and the icons are what the
  README promises.  ``packaging/build.sh`` (the real build and smoke run) is for CI/release.
"""

from __future__ import annotations

import ast
import configparser
import importlib
import re
import runpy
import shutil
import struct
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path, PureWindowsPath

import pytest

import lawgov_desktop
from lawgov_desktop.export import FORMATS

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "lawgov-desktop.spec"
ICONS = ROOT / "resources" / "icons"
DESKTOP = PACKAGING / "linux" / "lawgov-desktop.desktop"
MIME = PACKAGING / "linux" / "lawgov-desktop-mime.xml"
ISS = PACKAGING / "windows" / "lawgov-desktop.iss"

#: Modules that load others by a computed name, and the names they can load.  A new
#: ``importlib.import_module`` elsewhere fails test_every_dynamic_import_is_known: add its
#: targets here, and the spec test checks they are bundled.
DYNAMIC_IMPORTERS = {
    "lawgov_desktop/export/__init__.py": {f"lawgov_desktop.export.{s.module_name}" for s in FORMATS.values()},
}

sys.path.insert(0, str(PACKAGING))
import bundle_contents as bc  # noqa: E402

sys.path.remove(str(PACKAGING))


# --- the spec, run with stand-ins for PyInstaller ----------------------------------------------


class _Recorder:
    """What the spec asked PyInstaller to build."""

    def __init__(self) -> None:
        self.analyses: list[dict] = []
        self.exes: list[dict] = []
        self.collects: list[dict] = []
        self.bundles: list[dict] = []
        self.collect_submodules: list[str] = []
        self.collect_data_files: list[str] = []


COLLECTED_SENTINEL = "lawgov_desktop._found_by_collect_submodules"


def _run_spec(monkeypatch: pytest.MonkeyPatch, platform: str) -> _Recorder:
    rec = _Recorder()

    class Analysis:
        def __init__(self, scripts, **kw):
            rec.analyses.append({"scripts": scripts, **kw})
            self.pure, self.scripts, self.binaries = ["pure"], list(scripts), []
            # what PyInstaller would add from jieba's hook, as (dest, src, typecode) entries
            self.datas = [("jieba/dict.txt", "/x/jieba/dict.txt", "DATA"),
                          ("jieba/lac_small/model_baseline/crfw", "/x/crfw", "DATA")]

    class PYZ:
        def __init__(self, *tocs, **kw):
            self.tocs = tocs

    class EXE:
        def __init__(self, *args, **kw):
            rec.exes.append(kw)

    class COLLECT:
        def __init__(self, *args, **kw):
            rec.collects.append({"args": args, **kw})

    class BUNDLE:
        def __init__(self, *args, **kw):
            rec.bundles.append(kw)

    def collect_submodules(package: str) -> list[str]:
        rec.collect_submodules.append(package)
        return [COLLECTED_SENTINEL]

    def collect_data_files(package: str) -> list[tuple[str, str]]:
        rec.collect_data_files.append(package)
        return [(f"/site-packages/{package}/dict.txt", package)]

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = collect_submodules
    hooks.collect_data_files = collect_data_files
    monkeypatch.setitem(sys.modules, "PyInstaller", types.ModuleType("PyInstaller"))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils", types.ModuleType("PyInstaller.utils"))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec adds packaging/ and the root
    real_platform = sys.platform
    scope = {"__name__": "__main__", "__file__": str(SPEC), "SPECPATH": str(PACKAGING),
             "Analysis": Analysis, "PYZ": PYZ, "EXE": EXE, "COLLECT": COLLECT, "BUNDLE": BUNDLE}
    monkeypatch.setattr(sys, "platform", platform)  # only while the spec runs
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), scope)
    finally:
        monkeypatch.setattr(sys, "platform", real_platform)
    return rec


def _dynamic_import_sites() -> set[str]:
    sites = set()
    for path in sorted((ROOT / "lawgov_desktop").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            if name in {"import_module", "__import__", "spec_from_file_location", "run_module", "run_path"}:
                sites.add(path.relative_to(ROOT).as_posix())
    return sites


def test_every_dynamic_import_is_known():
    assert _dynamic_import_sites() == set(DYNAMIC_IMPORTERS), (
        "a module loads others by name: add it and its targets to DYNAMIC_IMPORTERS")


def test_the_export_formats_are_real_modules():
    for targets in DYNAMIC_IMPORTERS.values():
        for name in targets:
            assert importlib.import_module(name).write
    assert {m for t in DYNAMIC_IMPORTERS.values() for m in t} <= set(bc.package_modules(ROOT))


def test_both_programs_bundle_every_module_loaded_by_name(monkeypatch):
    rec = _run_spec(monkeypatch, "linux")
    assert rec.collect_submodules == ["lawgov_desktop"]
    dynamic = {m for targets in DYNAMIC_IMPORTERS.values() for m in targets}
    everything = set(bc.package_modules(ROOT))
    assert "lawgov_desktop.export.csv_format" in dynamic
    assert len(rec.analyses) == 2
    for analysis in rec.analyses:
        hidden = set(analysis["hiddenimports"])
        assert dynamic <= hidden
        assert everything <= hidden  # the file walk alone covers the source tree
        assert COLLECTED_SENTINEL in hidden  # and what collect_submodules finds is added
        assert "jieba.lac_small" in analysis["excludes"]


def test_python_docx_finds_its_footer_template_when_frozen(monkeypatch):
    """python-docx reads ``docx/parts/../templates/default-footer.xml`` relative to its module:
    the bundle needs a real ``docx/parts`` folder (the Word digest has page numbers)."""
    rec = _run_spec(monkeypatch, "linux")
    for analysis in rec.analyses:
        assert analysis["module_collection_mode"]["docx.parts"] in ("pyz+py", "py")


def test_every_package_module_is_found_by_the_file_walk():
    on_disk = {p for p in (ROOT / "lawgov_desktop").rglob("*.py") if "__pycache__" not in p.parts}
    names = bc.package_modules(ROOT)
    assert len(names) == len(on_disk)
    assert "lawgov_desktop" in names and "lawgov_desktop.export" in names
    assert "lawgov_desktop.gui.app" in names


def test_resources_seeds_and_jieba_data_are_bundled(monkeypatch):
    rec = _run_spec(monkeypatch, "linux")
    assert rec.collect_data_files == ["jieba"]
    for analysis in rec.analyses:
        datas = analysis["datas"]
        assert (str(ROOT / "resources"), "resources") in datas  # sys._MEIPASS/resources
        assert (str(ROOT / "seeds"), "seeds") in datas
        assert ("/site-packages/jieba/dict.txt", "jieba") in datas
        assert (str(ROOT / "LICENSE"), ".") in datas  # the About dialog reads sys._MEIPASS/LICENSE
    for folder in ("resources/fonts", "resources/dict", "resources/i18n", "resources/icons"):
        assert any((ROOT / folder).iterdir()), folder
    assert len(list((ROOT / "seeds").glob("*.txt"))) == 5
    # the paddle model (13 MB) is dropped, jieba's dictionary stays
    assert bc.keep_data("jieba/dict.txt") and bc.keep_data("resources/dict/lawgov_terms.txt")
    assert not bc.keep_data("jieba/lac_small/model_baseline/crfw")
    assert not bc.keep_data("jieba\\lac_small\\tag.dic")


def test_qt_translations_are_kept_for_the_interface_languages():
    from lawgov_desktop.gui.settings import LANGUAGES

    assert tuple(bc.UI_LANGUAGES) == tuple(LANGUAGES)
    assert bc.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")  # loaded by gui/app.py
    assert bc.keep_data("PySide6/Qt/translations/qt_en.qm")
    assert not bc.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not bc.keep_data("PySide6/Qt/translations/qt_zh_TW.qm")
    assert bc.keep_data("resources/i18n/lawgov_zh_CN.qm") and bc.keep_data("resources/i18n/other.qm")


def test_spec_builds_the_app_and_the_command_line(monkeypatch):
    rec = _run_spec(monkeypatch, "linux")
    by_name = {exe["name"]: exe for exe in rec.exes}
    assert set(by_name) == {"lawgov-desktop", "lawgov"}
    assert by_name["lawgov-desktop"]["console"] is False
    assert by_name["lawgov"]["console"] is True
    assert all(exe["exclude_binaries"] for exe in rec.exes)  # one folder, shared runtime
    assert [c["name"] for c in rec.collects] == ["LawGovDesktop"]
    assert rec.bundles == []
    scripts = {Path(a["scripts"][0]).name for a in rec.analyses}
    assert scripts == {"lawgov-desktop.py", "lawgov.py"}
    for analysis in rec.analyses:
        assert Path(analysis["scripts"][0]).is_file()


def test_windows_and_macos_builds_get_their_icons(monkeypatch):
    win = _run_spec(monkeypatch, "win32")
    for exe in win.exes:
        assert exe["icon"].endswith(".ico") and Path(exe["icon"]).is_file()
    mac = _run_spec(monkeypatch, "darwin")
    (bundle,) = mac.bundles
    assert bundle["icon"].endswith(".icns") and Path(bundle["icon"]).is_file()
    assert bundle["version"] == lawgov_desktop.__version__
    plist = bundle["info_plist"]
    assert plist["CFBundleDocumentTypes"][0]["LSItemContentTypes"] == ["cn.lawgov.desktop.project"]
    exported = plist["UTExportedTypeDeclarations"][0]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["lawgov"]
    gui = next(e for e in mac.exes if e["name"] == "lawgov-desktop")
    assert gui["argv_emulation"] is True  # Finder's "open this document" arrives as an argument


# --- launchers -------------------------------------------------------------------------------


def _launch(monkeypatch, script: str, module: str, argv: list[str]) -> list[str] | None:
    seen: list = []

    def fake_main(args=None):
        seen.append(args)
        return 0

    monkeypatch.setattr(importlib.import_module(module), "main", fake_main)
    monkeypatch.setattr(sys, "argv", [script, *argv])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(PACKAGING / "launchers" / script), run_name="__main__")
    assert done.value.code == 0
    return seen[0]


def test_desktop_launcher_opens_a_double_clicked_project(monkeypatch):
    launcher = "lawgov-desktop.py"
    assert _launch(monkeypatch, launcher, "lawgov_desktop.gui.app", ["/data/年报 2024.lawgov"]) == [
        "--db", "/data/年报 2024.lawgov"]
    assert _launch(monkeypatch, launcher, "lawgov_desktop.gui.app", []) == []
    assert _launch(monkeypatch, launcher, "lawgov_desktop.gui.app", ["--screenshot", "a.png"]) == [
        "--screenshot", "a.png"]
    assert _launch(monkeypatch, launcher, "lawgov_desktop.gui.app", ["--db", "x.lawgov"]) == ["--db", "x.lawgov"]


def test_command_line_launcher_runs_lawgov():
    out = subprocess.run([sys.executable, str(PACKAGING / "launchers" / "lawgov.py"), "--version"],
                         capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == f"lawgov {lawgov_desktop.__version__}"


def test_smoke_run_exports_every_format_the_cli_offers():
    from lawgov_desktop.cli import build_parser

    sys.path.insert(0, str(PACKAGING))
    try:
        smoke = importlib.import_module("smoke_frozen")
    finally:
        sys.path.remove(str(PACKAGING))
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    help_text = sub.choices["export"].format_help()
    assert smoke.export_formats(help_text) == list(FORMATS)


# --- Linux -----------------------------------------------------------------------------------


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_is_valid():
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "LawGov Desktop"
    for key in ("Name", "Comment", "GenericName"):
        assert re.search(r"[\u4e00-\u9fff]", entry[f"{key}[zh_CN]"]), key
        assert entry[key].isascii()
    assert entry["Exec"].split() == ["lawgov-desktop", "%f"]
    assert entry["Icon"] == "lawgov-desktop"
    assert entry["Terminal"] == "false"
    assert "application/x-lawgov" in entry["MimeType"].split(";")
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")


def test_mime_type_matches_lawgov_files():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(MIME).getroot()
    (mime,) = root.findall("m:mime-type", ns)
    assert mime.get("type") == "application/x-lawgov"
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.lawgov"]
    assert mime.find("m:icon", ns).get("name") == _desktop_entry()["Icon"]
    langs = {c.get("{http://www.w3.org/XML/1998/namespace}lang") for c in mime.findall("m:comment", ns)}
    assert langs == {None, "zh_CN"}


def test_linux_install_script_installs_what_the_bundle_carries():
    script = (PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8")
    if shutil.which("sh"):
        assert subprocess.run(["sh", "-n", str(PACKAGING / "linux" / "install.sh")]).returncode == 0
    for piece in ("lawgov-desktop.desktop", "lawgov-desktop-mime.xml", "_internal/resources/icons",
                  "--uninstall", "update-mime-database"):
        assert piece in script
    sizes = re.search(r'SIZES="([\d ]+)"', script).group(1).split()
    for size in sizes:
        assert (ICONS / f"lawgov-desktop-{size}.png").is_file()
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "packaging/linux/install.sh" in build and "smoke_frozen.py" in build


def test_build_script_is_valid_bash():
    bash = shutil.which("bash")
    if not bash:
        pytest.skip("no bash")
    assert subprocess.run([bash, "-n", str(PACKAGING / "build.sh")]).returncode == 0
    assert (PACKAGING / "build.sh").stat().st_mode & 0o111  # executable


# --- Windows ---------------------------------------------------------------------------------


def _iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in ISS.read_text(encoding="utf-8-sig").splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[[A-Za-z]+\]", line):
            current = line[1:-1]
            sections[current] = []
        else:
            sections.setdefault(current, []).append(line)
    return sections


def _iss_entries(lines: list[str]) -> list[dict[str, str]]:
    """``Name: "x"; Flags: y`` lines as dicts (values unquoted)."""
    entries = []
    for line in lines:
        parts = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line)
        entries.append({k: _unquote(v.strip()) for k, v in parts})
    return entries


def _unquote(value: str) -> str:
    """Inno Setup parameter quoting: an outer pair of quotes, ``""`` for one quote inside."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('""', '"')
    return value


def test_inno_setup_script_installs_per_user_with_association():
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: read as Unicode by every Inno Setup 6
    sections = _iss_sections()
    defines = dict(re.findall(r'#\s*define\s+(\w+)\s+"([^"]*)"', raw.decode("utf-8-sig")))
    assert defines["AppVersion"] == lawgov_desktop.__version__
    assert defines["AppExe"] == f"{bc.GUI_NAME}.exe" and defines["CliExe"] == f"{bc.CLI_NAME}.exe"
    assert PureWindowsPath(defines["BundleDir"]).name == bc.APP_FOLDER

    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"  # no administrator rights, no UAC prompt
    assert setup["DefaultDirName"].startswith("{autopf}")  # %LOCALAPPDATA%\Programs when per-user
    assert setup["ChangesAssociations"] == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert setup["UninstallDisplayIcon"] == "{app}\\{#AppExe}"
    for key in ("SetupIconFile", "LicenseFile"):
        assert (ISS.parent / PureWindowsPath(setup[key]).as_posix()).resolve().is_file(), key

    languages = {e["Name"]: e["MessagesFile"] for e in _iss_entries(sections["Languages"])}
    assert languages["english"] == "compiler:Default.isl"
    assert languages["chinesesimplified"].endswith("ChineseSimplified.isl")
    custom = sections["CustomMessages"]
    for lang in languages:
        for msg in ("AppComment", "ProjectFileType", "OpenWith", "CliName"):
            assert any(line.startswith(f"{lang}.{msg}=") for line in custom), (lang, msg)

    files = _iss_entries(sections["Files"])
    assert files[0]["Source"] == "{#BundleDir}\\*" and "recursesubdirs" in files[0]["Flags"]
    icons = _iss_entries(sections["Icons"])
    assert any(i["Name"].startswith("{group}\\") and i["Filename"] == "{app}\\{#AppExe}" for i in icons)
    assert any(i["Filename"] == "{uninstallexe}" for i in icons)  # uninstaller in the Start menu

    registry = _iss_entries(sections["Registry"])
    assert {r["Root"] for r in registry} == {"HKCU"}  # the association is the user's own
    keys = {r["Subkey"]: r for r in registry}
    assert keys["Software\\Classes\\.lawgov"]["ValueData"] == "{#ProgId}"
    command = keys["Software\\Classes\\{#ProgId}\\shell\\open\\command"]["ValueData"]
    assert command == '"{app}\\{#AppExe}" --db "%1"'
    assert "uninsdeletekey" in keys["Software\\Classes\\{#ProgId}"]["Flags"]
    assert "UninstallDelete" not in sections  # user data is never in {app}: nothing of theirs to delete


# --- icons -----------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size_and_format():
    svg = ET.parse(ICONS / "lawgov-desktop.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert _png_size(ICONS / f"lawgov-desktop-{size}.png") == (size, size)
    ico = (ICONS / "lawgov-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    icns = (ICONS / "lawgov-desktop.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic10" in icns and b"icp4" in icns
