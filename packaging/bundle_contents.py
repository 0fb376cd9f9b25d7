"""What goes into the PyInstaller bundle; used by ``lawgov-desktop.spec`` and by the tests.

Plain Python with no PyInstaller import, so ``tests/test_packaging.py`` can check the spec's
choices without building anything.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = "lawgov_desktop"
APP_FOLDER = "LawGovDesktop"
GUI_NAME = "lawgov-desktop"
CLI_NAME = "lawgov"
BUNDLE_ID = "cn.lawgov.desktop"
PROJECT_SUFFIX = ".lawgov"

#: Folders of the source tree copied into the bundle root (``sys._MEIPASS``), where
#: :func:`lawgov_desktop.paths._bundle_root` looks for them.
DATA_DIRS = ("resources", "seeds")

#: Never wanted in the bundle: other GUI toolkits, Qt modules we do not use, jieba's paddle
#: mode (needs paddlepaddle), and pkg_resources (jieba then reads its dictionary with a plain
#: ``open`` beside its module, which works frozen and starts faster).
EXCLUDES = [
    "tkinter",
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtWebEngineCore",
    "jieba.lac_small",
    "paddle",
    "pkg_resources",
    "pytest",
    "setuptools",
]

#: Packages whose modules are also collected as source files beside the archive, for code
#: that finds files relative to its own ``__file__``: python-docx opens
#: ``docx/parts/../templates/default-footer.xml`` (and the header) when a document gets page
#: numbers, which needs a real ``docx/parts`` folder in the bundle.
MODULE_COLLECTION_MODE = {"docx.parts": "pyz+py"}

#: Data files of collected packages that are left out (jieba's paddle model, 13 MB).
DROPPED_DATA_PREFIXES = ("jieba/lac_small/",)


def package_modules(root: Path) -> list[str]:
    """Every module and package of ``lawgov_desktop`` in the source tree, as dotted names.

    All of them become hidden imports, so a module that is only ever loaded by name
    (``importlib.import_module``, e.g. the export formats) is in the bundle all the same.
    """
    base = Path(root) / PACKAGE
    names = []
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        if "__pycache__" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def hidden_imports(root: Path, collected: list[str] | None = None) -> list[str]:
    """The spec's hidden imports: PyInstaller's ``collect_submodules`` result and the file walk."""
    return sorted(set(collected or []) | set(package_modules(root)))


def data_dirs(root: Path) -> list[tuple[str, str]]:
    """``(source, destination)`` pairs for the spec's ``datas``: ``resources/`` and ``seeds/``."""
    return [(str(Path(root) / name), name) for name in DATA_DIRS]


#: Qt's own translation catalogues are kept for the app's interface languages only
#: (``lawgov_desktop.gui.settings.LANGUAGES``; a test keeps the two equal): 7 MB less.
UI_LANGUAGES = ("zh_CN", "en")
QT_TRANSLATIONS = "PySide6/Qt/translations/"


def keep_data(dest_name: str) -> bool:
    """Whether a collected data file (by its path inside the bundle) stays in the bundle."""
    dest = str(dest_name).replace("\\", "/")
    if dest.startswith(DROPPED_DATA_PREFIXES):
        return False
    if dest.startswith(QT_TRANSLATIONS) and dest.endswith(".qm"):
        return dest.endswith(tuple(f"_{lang}.qm" for lang in UI_LANGUAGES))
    return True


def icon_file(root: Path, platform: str) -> str | None:
    """The executable icon PyInstaller takes on this platform (Linux executables have none)."""
    icons = Path(root) / "resources" / "icons"
    if platform.startswith("win"):
        return str(icons / f"{GUI_NAME}.ico")
    if platform == "darwin":
        return str(icons / f"{GUI_NAME}.icns")
    return None


def macos_info_plist(version: str) -> dict:
    """Info.plist additions of the macOS .app: version, Retina, and ``.lawgov`` documents."""
    return {
        "CFBundleDisplayName": "LawGov Desktop",
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "MIT License",
        "CFBundleDocumentTypes": [{
            "CFBundleTypeName": "LawGov Project",
            "CFBundleTypeRole": "Editor",
            "LSHandlerRank": "Owner",
            "CFBundleTypeIconFile": f"{GUI_NAME}.icns",
            "LSItemContentTypes": [f"{BUNDLE_ID}.project"],
        }],
        "UTExportedTypeDeclarations": [{
            "UTTypeIdentifier": f"{BUNDLE_ID}.project",
            "UTTypeDescription": "LawGov Project",
            "UTTypeConformsTo": ["public.data", "public.database"],
            "UTTypeTagSpecification": {"public.filename-extension": [PROJECT_SUFFIX.lstrip(".")]},
        }],
    }
