"""Label Studio and doccano round trips: export, edit the file as the server would (add, delete,
change a span, keep unknown keys), import — every span kept, every edit applied, 𠮷 before a span."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lawgov_desktop.cli import main
from lawgov_desktop.export import export
from lawgov_desktop.export.importer import import_annotations
from lawgov_desktop.export.reconcile import undo_server_import
from lawgov_desktop.export.records import ExportFilter, ExportOptions
from tests.export_support import NOW, build_project

ADDED = "推行“三项制度”"  # after 张𠮷 in report A: its offsets count 𠮷 as one


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project, ids = build_project(tmp_path / "golden.lawgov", monkeypatch)
    with project:
        yield project, ids


def _state(project) -> set[tuple]:
    names = {c.id: c.name for c in project.categories.list()}
    return {(a.report_id, a.start, a.end, frozenset(names[c] for c in a.category_ids), a.annotator)
            for a in project.annotations.list()}


def _expected_after_edits(project, ids, server_annotator: str) -> tuple[set, dict]:
    """The project's state once the three edits made by :func:`_edit` come home."""
    before = _state(project)
    text = project.reports.text(ids["A"])
    deleted = next(a for a in project.annotations.list() if a.quote == "张𠮷同志获评优秀执法人员")
    changed = next(a for a in project.annotations.list() if a.quote.startswith("全年收到行政复议申请30件"))
    after = set(before)
    names = {c.id: c.name for c in project.categories.list()}
    after.discard((deleted.report_id, deleted.start, deleted.end, frozenset(["复议"]), "王五"))
    cats = frozenset(names[c] for c in changed.category_ids)
    after.discard((changed.report_id, changed.start, changed.end, cats, "王五"))
    after.add((changed.report_id, changed.start, changed.end - 5, cats, "王五"))  # end moved 5 back
    s = text.index(ADDED)
    assert s > text.index("𠮷")
    after.add((ids["A"], s, s + len(ADDED), frozenset(["执法"]), server_annotator))
    return after, {"deleted": deleted, "changed": changed, "added": (s, s + len(ADDED))}


def _ls_export_as_server(tasks: list, ids: dict, text_a: str) -> list:
    """What Label Studio's JSON export of our tasks looks like after a person's edits."""
    out = []
    for n, task in enumerate(tasks, start=1):
        task = json.loads(json.dumps(task))
        task.update({"id": 100 + n, "project": 7, "created_at": "2024-04-02T10:00:00Z", "meta": {}, "file_upload": None})
        for k, ann in enumerate(task["annotations"], start=1):
            ann.update({"id": 1000 + 10 * n + k, "completed_by": 3, "task": task["id"], "lead_time": 12.5,
                        "result_count": 0, "unique_id": f"u{n}{k}", "created_at": "2024-04-02T10:00:00Z"})
            for r in ann["result"]:
                r["value"]["unknown_key_kept"] = True
        if task["data"]["lawgov"]["report_id"] == ids["A"]:
            wang = next(a for a in task["annotations"] if any("复议" in r["value"]["labels"] for r in a["result"]))
            wang["result"] = [r for r in wang["result"] if r["value"]["text"] != "张𠮷同志获评优秀执法人员"]
            for r in wang["result"]:
                if r["value"]["text"].startswith("全年收到行政复议申请30件"):
                    r["value"]["end"] -= 5
                    r["value"]["text"] = text_a[r["value"]["start"]:r["value"]["end"]]
            s = text_a.index(ADDED)
            task["annotations"].append({
                "id": 2001, "completed_by": {"id": 9, "email": "zhao@example.org"}, "was_cancelled": False,
                "result": [{"id": "Xq3tL0pZ1a", "from_name": "label", "to_name": "text", "type": "labels",
                            "origin": "manual", "value": {"start": s, "end": s + len(ADDED), "text": ADDED,
                                                          "labels": ["执法"]}}]})
        out.append(task)
    return out


def test_labelstudio_json_round_trip(golden, tmp_path):
    project, ids = golden
    out = tmp_path / "tasks.json"
    result = export(project, "labelstudio", out, options=ExportOptions(now=NOW))
    assert [p.name for p in result.paths] == ["tasks.json", "tasks.label_config.xml"]
    config = (tmp_path / "tasks.label_config.xml").read_text(encoding="utf-8")
    assert '<Label value="执法" background="#f6b26b"/>' in config and 'value="$text"' in config
    tasks = json.loads(out.read_text(encoding="utf-8"))
    text_a = project.reports.text(ids["A"])
    for task in tasks:  # regions carry our code-point offsets and the quote
        for ann in task["annotations"]:
            for r in ann["result"]:
                v = r["value"]
                assert task["data"]["text"][v["start"]:v["end"]] == v["text"]
    expected, info = _expected_after_edits(project, ids, "zhao@example.org")
    edited = tmp_path / "project-7-at-2024-04-02.json"
    edited.write_text(json.dumps(_ls_export_as_server(tasks, ids, text_a), ensure_ascii=False), encoding="utf-8")
    report = import_annotations(project, edited)
    assert report.format == "Label Studio JSON" and report.ok
    assert len(report.deleted) == 1 and len(report.changed) == 1 and report.added == 1
    assert _state(project) == expected
    again = import_annotations(project, edited)  # importing the same file twice changes nothing
    assert again.added == 0 and not again.deleted and _state(project) == expected
    undo_server_import(project, report)
    assert info["deleted"].id in {a.id for a in project.annotations.list()}


def test_labelstudio_json_min_and_predictions(golden, tmp_path):
    project, ids = golden
    out = tmp_path / "preds.json"
    export(project, "labelstudio", out, options=ExportOptions(now=NOW, as_predictions=True))
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert all("predictions" in t and "annotations" not in t for t in tasks)
    before = _state(project)
    for t in tasks:  # exported by the server with nobody having worked on them
        t["annotations"] = []
    served = tmp_path / "served.json"
    served.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    report = import_annotations(project, served)
    assert _state(project) == before and report.notes
    # JSON_MIN: one record per annotation, regions under the control tag's name
    export(project, "labelstudio", tmp_path / "ann.json", options=ExportOptions(now=NOW))
    tasks = json.loads((tmp_path / "ann.json").read_text(encoding="utf-8"))
    text_a = project.reports.text(ids["A"])
    served = _ls_export_as_server(tasks, ids, text_a)
    records = []
    for task in served:
        for ann in task["annotations"]:
            by = ann["completed_by"]
            records.append({**task["data"], "id": task["id"],
                            "label": [{k: v for k, v in r["value"].items() if k != "unknown_key_kept"}
                                      for r in ann["result"]],
                            "annotator": by["email"] if isinstance(by, dict) else by, "annotation_id": ann["id"],
                            "created_at": "2024-04-02T10:00:00Z", "updated_at": "2024-04-02T10:00:00Z",
                            "lead_time": 3.0})
    expected, _ = _expected_after_edits(project, ids, "zhao@example.org")
    mini = tmp_path / "min.json"
    mini.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    report = import_annotations(project, mini)
    assert report.format == "Label Studio JSON_MIN" and report.ok
    assert _state(project) == expected


def _doccano_edit(lines: list[dict], ids: dict, text_a: str, label_key: str = "label") -> list[dict]:
    out = []
    for n, line in enumerate(lines, start=1):
        line = {"id": 40 + n, **line, "Comments": []}  # doccano's own id and comments, our keys kept
        labels = line[label_key]
        if (line.get("lawgov") or line.get("meta"))["report_id"] == ids["A"]:
            q = "张𠮷同志获评优秀执法人员"
            s = text_a.index(q)
            labels = [x for x in labels if not (x[0] == s and x[1] == s + len(q) and x[2] == "复议")]
            c = text_a.index("全年收到行政复议申请30件")
            labels = [[x[0], x[1] - 5, x[2]] if x[0] == c else x for x in labels]
            a = text_a.index(ADDED)
            labels.append([a, a + len(ADDED), "执法"])
        line[label_key] = labels
        out.append(line)
    return out


@pytest.mark.parametrize("fmt", ["doccano", "jsonl"])
def test_doccano_round_trip(golden, tmp_path, fmt):
    project, ids = golden
    out = tmp_path / f"for-doccano-{fmt}.jsonl"
    export(project, fmt, out, options=ExportOptions(now=NOW))
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    text_a = project.reports.text(ids["A"])
    expected, _ = _expected_after_edits(project, ids, "zhao")
    edited = tmp_path / "zhao.jsonl"  # a member's file of doccano's export names the annotator
    edited.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in _doccano_edit(lines, ids, text_a)) + "\n",
                      encoding="utf-8")
    report = import_annotations(project, edited)
    assert report.format.startswith("doccano") and report.ok
    assert len(report.deleted) == 1 and len(report.changed) == 1 and report.added == 1
    assert _state(project) == expected
    assert import_annotations(project, edited).added == 0 and _state(project) == expected


def test_doccano_empty_member_file_deletes_nothing(golden, tmp_path, capsys):
    project, ids = golden
    out = tmp_path / "d.jsonl"
    export(project, "doccano", out, options=ExportOptions(now=NOW), flt=ExportFilter(report_ids=[ids["B"]]))
    line = json.loads(out.read_text(encoding="utf-8"))
    line.update({"id": 1, "label": [], "Comments": []})
    member = tmp_path / "bob.jsonl"
    member.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    before = _state(project)
    path = str(project.path)
    assert main(["--db", path, "import-annotations", str(member)]) == 0
    captured = capsys.readouterr()
    assert _state(project) == before and "未删除本地的 2 条" in captured.err
    assert main(["--db", path, "import-annotations", str(member), "--empty-means-deleted", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["deleted"]) == 2 and not [a for a in project.annotations.list() if a.report_id == ids["B"]]


def test_unknown_json_list_is_refused_not_taken_for_w3c(tmp_path, project):
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps([{"foo": 1}]), encoding="utf-8")
    with pytest.raises(ValueError, match="Label Studio"):
        import_annotations(project, odd)
