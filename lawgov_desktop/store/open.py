"""Opening the project the user means, creating the default library on first run."""

from __future__ import annotations

import logging
import os

from lawgov_desktop.paths import resolve_project_path, seeds_dir
from lawgov_desktop.store.project import Project
from lawgov_desktop.store.schema import user_version

log = logging.getLogger(__name__)


def open_project(db: str | os.PathLike | None = None, *, readonly: bool = False, create: bool = True) -> Project:
    """Open ``db`` (or ``LAWGOV_DB``, or the default project).

    The default project is created on first run with the bundled seed reports imported, so
    a new user starts with a library to read.  Any other missing (or empty) path becomes a
    project only when ``create`` is true: commands that only read pass False.
    """
    path, is_default = resolve_project_path(db)
    fresh = not path.exists() or path.stat().st_size == 0
    project = Project(path, readonly=readonly, create=create or is_default)
    if fresh and is_default and not readonly:
        seed_library(project)
        log.info("created the default project with the sample reports: %s", path)
    # the version read directly: project.health would load the backups and checks before the first paint
    log.info("opened %s%s (schema %d)", path, " read-only" if readonly else "", user_version(project.conn))
    return project


def seed_library(project: Project) -> None:
    """Import the bundled sample reports (no-op for ones already there)."""
    seeds = seeds_dir()
    if seeds.is_dir():
        project.reports.import_files(sorted(p for p in seeds.iterdir() if p.suffix == ".txt"))


__all__ = ["open_project", "seed_library"]
