"""``lawgov bench``: speed and memory of the app measured beside bare baselines.

Every case times what the app does next to the least a program could do for the same
result (a bare ``QPlainTextEdit``, one ``INSERT``, an ``insert_all``, a bare FTS5 query …)
in the same run, because a shared machine is noisy and only the ratio between the two is
stable enough to hold a target.  See ``benchmarks/README.md`` for how to read the table.

* :mod:`.synth` builds the deterministic synthetic corpus and project,
* :mod:`.measure` holds timing, peak-memory and machine-description helpers,
* :mod:`.cases` the in-process cases, :mod:`.gui_cases` the ones run in Qt subprocesses,
* :mod:`.runner` runs them and formats the results.
"""

#: Every case and its target (largest acceptable ratio of ours to the baseline), in run order:
#: ``import_1000`` first, because its timed import builds the project the others read.
TARGETS: dict[str, float] = {
    "import_1000": 8.0, "search": 2.0, "export_jsonl": 2.0, "export_xlsx": 1.5, "startup": 1.5,
    "ready_to_tag": 3.0, "open_report": 1.5, "annotate_p99": 3.0, "annotate_median": 1.3, "memory": 2.0,
    "memory_steady": 2.0, "scaling": 1.3, "startup_10k": 1.6,
}
