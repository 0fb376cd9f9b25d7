"""Text exports of a fixed project compared with reviewed files in ``tests/export_golden/``.

A change in any format shows up here as a diff; if it is intended, regenerate with
``LAWGOV_UPDATE_GOLDEN=1 pytest tests/test_export_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from lawgov_desktop.export import export
from lawgov_desktop.export.records import ExportOptions
from tests.export_support import NOW, build_project, compare_golden


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # files for people (csv) show local times: the goldens are made in Beijing time
    before = os.environ.get("TZ")
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    project, _ids = build_project(tmp_path / "golden.lawgov", monkeypatch)
    with project:
        yield project
    if before is None:
        monkeypatch.delenv("TZ")
    else:
        monkeypatch.setenv("TZ", before)
    time.tzset()


def _run(project, fmt: str, out: Path, **opts) -> list[Path]:
    return export(project, fmt, out, options=ExportOptions(now=NOW, **opts)).paths


def test_csv_golden(golden, tmp_path: Path):
    (path,) = _run(golden, "csv", tmp_path / "x.csv")
    # compare the decoded text; the BOM and CRLF are checked byte-wise in test_export_formats
    compare_golden("excerpts.csv", path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n"))


def test_jsonl_golden(golden, tmp_path: Path):
    (per_report,) = _run(golden, "jsonl", tmp_path / "r.jsonl")
    (per_excerpt,) = _run(golden, "jsonl", tmp_path / "e.jsonl", per_excerpt=True)
    compare_golden("reports.jsonl", per_report.read_text(encoding="utf-8"))
    compare_golden("excerpts.jsonl", per_excerpt.read_text(encoding="utf-8"))


def test_bio_golden(golden, tmp_path: Path):
    paths = _run(golden, "bio", tmp_path / "train.bio")
    assert [p.name for p in paths] == ["train-执法.bio", "train-复议.bio", "train-营商环境.bio"]
    for p in paths:
        compare_golden(p.name, p.read_text(encoding="utf-8"))
    (longest,) = _run(golden, "bio", tmp_path / "longest.bio", bio_policy="longest")
    compare_golden("longest.bio", longest.read_text(encoding="utf-8"))


def test_w3c_golden(golden, tmp_path: Path):
    (path,) = _run(golden, "w3c", tmp_path / "a.jsonld")
    compare_golden("annotations.jsonld", path.read_text(encoding="utf-8"))


def test_qdpx_golden(golden, tmp_path: Path):
    (path,) = _run(golden, "qdpx", tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as zf:
        compare_golden("project.qde", zf.read("project.qde").decode("utf-8"))


def test_exports_are_reproducible(golden, tmp_path: Path):
    """Same project, same options → identical bytes (GUIDs and ids are derived, not random)."""
    for fmt in ("qdpx", "w3c", "jsonl"):
        a = _run(golden, fmt, tmp_path / f"1.{fmt}")[0].read_bytes()
        b = _run(golden, fmt, tmp_path / f"2.{fmt}")[0].read_bytes()
        assert a == b, fmt
