"""Design choices that keep the window's memory down (``lawgov bench`` case ``memory_steady``).

Peak memory is measured by the benchmark, not here; these tests lock in the choices behind it
that can be checked without timing or process-wide measurements.
"""

from __future__ import annotations

from lawgov_desktop.store.project import Project


def _cache_size(project: Project) -> int:
    return project.conn.execute("PRAGMA cache_size").fetchone()[0]


def test_search_keeps_sqlite_default_page_cache(seeded_project: Project):
    """Searching reads every matching report's text: with a page cache sized for all of them
    (once 32 MB) the window held those pages for the rest of the session."""
    before = _cache_size(seeded_project)
    hits = seeded_project.search.hits("法治")
    assert hits  # the search read texts
    assert seeded_project.search.counts("法治")
    assert _cache_size(seeded_project) == before
    # SQLite's default, a negative number of KiB: at most ~2 MB of pages per connection
    assert -2048 <= before < 0
