"""Project is a small core that hands out services, not a class of seventy methods.

The core keeps the file, its connection, operations, the undo history and notification; the
rest is asked of ``project.reports``, ``project.annotations`` … (see store/project.py).
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from lawgov_desktop.store import project as project_module
from lawgov_desktop.store.errors import ProjectReadOnly
from lawgov_desktop.store.project import SERVICES, Project
from lawgov_desktop.store.records import Changes
from lawgov_desktop.store.service import Service

#: what the core offers: lifecycle, operations, history, notification
CORE = {
    "path", "readonly", "conn", "db", "close",
    "operation", "history_limit", "undo", "redo", "undo_label", "redo_label", "history_counts",
    "clear_history", "history", "data_version",
    "add_listener", "remove_listener",
}


def test_project_surface_is_the_core_and_its_services():
    public = {name for name in dir(Project) if not name.startswith("_")}
    with_instance = public | {"path", "readonly", "conn"}  # set in __init__
    assert with_instance == CORE | set(SERVICES)
    assert len(SERVICES) <= 10 and len(CORE) <= 17
    for name in SERVICES:
        assert isinstance(inspect.getattr_static(Project, name), project_module.cached_property), name


def test_services_are_made_on_first_use_and_kept(tmp_path: Path):
    Project(tmp_path / "p.lawgov").close()  # created (with its default categories)
    with Project(tmp_path / "p.lawgov", readonly=True) as p:
        assert not set(SERVICES) & set(vars(p))  # opening made none
        search = p.search
        assert set(SERVICES) & set(vars(p)) == {"search"}
        assert p.search is search and isinstance(search, Service) and search._project is p
        assert search.conn is p.conn
    assert not set(SERVICES) & set(vars(p))  # close() lets them go with the connection


def test_every_service_is_a_service_of_its_own_class(tmp_path: Path):
    with Project(tmp_path / "p.lawgov") as p:
        services = [getattr(p, name) for name in SERVICES]
        assert all(isinstance(s, Service) and s._project is p for s in services)
        assert len({type(s) for s in services}) == len(SERVICES)


def test_a_change_through_a_service_is_one_step_announced_after_commit(tmp_path: Path):
    with Project(tmp_path / "p.lawgov") as p:
        heard: list[tuple[str, bool]] = []
        p.add_listener(lambda ch: heard.append((ch.op, p.conn.in_transaction)))
        p.reports.import_pasted("关于2023年法治政府建设情况的报告\n一、总体情况\n全面推进严格规范公正文明执法。")
        rid = p.reports.list()[0].id
        steps = p.history_counts()[0]
        with p.operation("tag-twice", "标注两处"):
            p.annotations.add(rid, 0, 4, ["执法"])
            p.categories.add("信息公开")
            assert heard[-1][0] == "import"  # held until the operation commits
        assert p.history_counts()[0] == steps + 1
        assert [op for op, _ in heard[-2:]] == ["add-annotation", "add-category"]
        assert not any(in_tx for _, in_tx in heard)  # never told inside a transaction
        assert p.undo_label() == "标注两处"
        changes = p.undo()
        assert all(isinstance(c, Changes) for c in changes)
        assert p.annotations.list() == [] and p.categories.by_name("信息公开") is None


def test_read_only_project_refuses_writes_from_any_service(tmp_path: Path):
    Project(tmp_path / "p.lawgov").close()
    with Project(tmp_path / "p.lawgov", readonly=True) as p:
        for write in (lambda: p.categories.add("信息公开"), lambda: p.backups.set_keep(3),
                      lambda: p.reports.import_pasted("关于法治政府建设的报告\n一、总体情况\n依法行政。")):
            with pytest.raises(ProjectReadOnly):
                write()
        assert p.health.counts()["reports"] == 0 and p.categories.by_name("信息公开") is None
