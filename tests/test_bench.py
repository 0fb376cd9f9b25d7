"""``lawgov bench`` runs end to end at a tiny scale, so the benchmark cannot rot.

Timings are never asserted (this machine's speed is not the code's): only that every case
ran, beside its baseline, and reported positive figures in the documented JSON shape.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from lawgov_desktop.bench import TARGETS
from lawgov_desktop.bench.context import sizes_for
from lawgov_desktop.bench.measure import percentile
from lawgov_desktop.bench.synth import load_pool, make_report, title_parts
from lawgov_desktop.cli import main
from lawgov_desktop.core.report import parse_text


@pytest.fixture(scope="module")
def bench_json(tmp_path_factory: pytest.TempPathFactory) -> dict:
    workdir = tmp_path_factory.mktemp("bench")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["bench", "--scale", "0.01", "--json", "--workdir", str(workdir)])
    assert code == 0
    return json.loads(out.getvalue())


def test_every_case_reports_positive_figures_in_the_documented_shape(bench_json):
    doc = bench_json
    names = [c["name"] for c in doc["cases"]]
    assert names == list(TARGETS)
    for case in doc["cases"]:
        assert set(case) >= {"name", "ours_s", "baseline_s", "ratio", "detail", "target"}
        assert "error" not in case["detail"], (case["name"], case["detail"].get("error"))
        assert case["ours_s"] > 0 and case["baseline_s"] > 0, case
        assert case["ratio"] > 0 and case["target"] == TARGETS[case["name"]]
    assert {"cpu", "cores", "python", "pyside6", "sqlite"} <= set(doc["machine"])


def test_text_table_lists_every_case(bench_json):
    from lawgov_desktop.bench.runner import table

    text = table(bench_json)
    for name in TARGETS:
        assert name in text
    assert "ratio" in text.splitlines()[0]


def test_markdown_table_is_one_run_with_its_machine(bench_json):
    from lawgov_desktop.bench.runner import markdown

    lines = markdown(bench_json).splitlines()
    assert lines[0].startswith("| case |") and lines[1].startswith("| ---")
    rows = [line for line in lines[2:] if line.startswith("| ")]
    assert [r.split("|")[1].strip() for r in rows] == list(TARGETS)
    assert "One run of `lawgov bench`" in lines[-1] and bench_json["machine"]["sqlite"] in lines[-1]


def test_new_cases_measure_what_they_say(bench_json):
    cases = {c["name"]: c for c in bench_json["cases"]}
    assert cases["ready_to_tag"]["detail"]["selected_chars"] > 0  # a real drag made a selection
    assert cases["memory_steady"]["detail"]["hits"] > 0 and cases["memory_steady"]["detail"]["suggestions"] > 0
    assert cases["annotate_median"]["ours_s"] <= cases["annotate_p99"]["ours_s"]
    for name in ("startup", "startup_10k"):  # beside the same window, and an empty one in the detail
        detail = cases[name]["detail"]
        assert detail["empty_window_s"] > 0 and len(detail["bare_all_s"]) == detail["runs"]


def test_synthetic_reports_are_distinct_and_deterministic():
    pool = load_pool()
    a, b = make_report(pool, 1, 3_400), make_report(pool, 2, 3_400)
    assert a == make_report(pool, 1, 3_400) and a != b
    assert len({title_parts(i) for i in range(12_000)}) == 12_000
    parsed = parse_text(a)
    city, district, issuer, year = title_parts(1)
    assert parsed.meta.year == year and district in parsed.meta.title and len(parsed.sections) > 3


def test_sizes_scale_down_and_percentile_is_nearest_rank():
    full, quick = sizes_for(1.0), sizes_for(0.1)
    assert (full.reports, full.annotations, full.scaling_max) == (1_000, 100_000, 10_000)
    assert (quick.reports, quick.annotations, quick.scaling_max, quick.scaling_batch) == (100, 10_000, 1_000, 100)
    assert percentile(list(range(1, 201)), 99) == 198
