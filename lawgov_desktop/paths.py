"""Where things live: bundled resources and seeds, the user's data and cache folders.

``LAWGOV_HOME`` moves the data and cache folders (tests point it at a temporary folder, so
they never touch the user's real projects); ``LAWGOV_DB`` picks a project file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from lawgov_desktop import APP_NAME

try:  # the built-in SHA-1, as the standard library's random module does: hashlib loads OpenSSL (~4 ms of a start)
    from _sha1 import sha1 as _sha1
except ImportError:  # a Python built without it
    from hashlib import sha1 as _sha1

PROJECT_SUFFIX = ".lawgov"


def _bundle_root() -> Path:
    """Folder holding ``resources/`` and ``seeds/``: the source tree, or a frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    here = Path(__file__).resolve().parent
    # an installed wheel carries them in the package (see setup.py); an editable install or a
    # source checkout has them at the top of the tree
    for root in (here / "_data", here.parent, Path(sys.prefix) / "share" / "lawgov-desktop"):
        if (root / "seeds").is_dir():
            return root
    return here.parent


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def seeds_dir() -> Path:
    return _bundle_root() / "seeds"


def data_dir() -> Path:
    home = os.environ.get("LAWGOV_HOME")
    path = Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path


def cache_dir() -> Path:
    home = os.environ.get("LAWGOV_HOME")
    return Path(home) / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def project_cache_file(folder: str, project: str | os.PathLike) -> Path:
    """A file the app keeps about one project in the cache folder, ``folder/KEY.json``: KEY is
    the SHA-1 of the project's resolved path, so nothing is ever written beside a project and
    each project has its own."""
    key = _sha1(str(Path(project).resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / folder / f"{key}.json"


def default_project_path() -> Path:
    return data_dir() / f"default{PROJECT_SUFFIX}"


def backups_dir_for(project: Path) -> Path:
    """Backups of a project sit in a folder beside it: ``NAME.lawgov-backups/``."""
    return project.with_name(project.name + "-backups")


def resolve_project_path(arg: str | os.PathLike | None) -> tuple[Path, bool]:
    """The project file to open and whether it is the default one (``--db`` > ``LAWGOV_DB`` > default)."""
    if arg:
        return Path(arg).expanduser(), False
    env = os.environ.get("LAWGOV_DB")
    if env:
        return Path(env).expanduser(), False
    return default_project_path(), True


def folder_write_problem(folder: Path) -> str:
    """Why a project cannot be created or written in ``folder`` ("" when it can).

    Creates the folder (and its parents) when missing — the first run of the app has no data
    folder yet — and then really writes a small file there, since permission bits do not tell
    the whole story (read-only mounts, synced or redirected folders, an administrator's lock).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".lawgov-write-test-{os.getpid()}"
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        probe.unlink()
    except OSError as exc:
        return exc.strerror or str(exc)
    return ""
