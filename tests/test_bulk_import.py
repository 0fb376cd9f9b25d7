"""A large import, stored in growing batches, ends as importing the files one by one does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lawgov_desktop.bench.synth import write_corpus
from lawgov_desktop.store import reports
from lawgov_desktop.store.project import Project


def _state(project: Project) -> list[tuple]:
    return [(r.id, r.title, project.reports.text(r.id), project.reports.sections(r.id)) for r in project.reports.list()]


def test_growing_batches_match_one_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "r", reports.IMPORT_BATCH_FILES + 30, big_bytes=0)
    files = list(corpus.files)
    # duplicates inside the first small batch, across batch boundaries and in the last batch
    for k, (src, at) in enumerate([(3, 10), (5, 60), (150, len(files))]):
        copy = tmp_path / "r" / f"dup{k}.txt"
        shutil.copyfile(corpus.files[src], copy)
        files.insert(at, copy)

    with Project(tmp_path / "bulk.lawgov") as bulk:
        summary = bulk.reports.import_files(files)
        state = _state(bulk)
    with Project(tmp_path / "single.lawgov") as single:
        for path in files:
            single.reports.import_files([path])
        expected = _state(single)
    monkeypatch.setattr(reports, "IMPORT_FIRST_BATCH_FILES", reports.IMPORT_BATCH_FILES)
    with Project(tmp_path / "even.lawgov") as even:
        even_summary = even.reports.import_files(files)

    assert state == expected
    assert len(summary.imported) == len(corpus.files) and not summary.refused
    by_name = dict(summary.imported)
    assert sorted(summary.duplicates) == sorted(
        (str(tmp_path / "r" / f"dup{k}.txt"), by_name[str(corpus.files[src])]) for k, src in enumerate([3, 5, 150]))
    assert (summary.imported, summary.duplicates) == (even_summary.imported, even_summary.duplicates)
