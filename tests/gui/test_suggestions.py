"""Suggestions in the GUI: computed off the GUI thread, walked, accepted and rejected with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack

from lawgov_desktop.core.selection import sentence_spans
from lawgov_desktop.gui import suggestions_panel
from lawgov_desktop.gui.bridge import ProjectBridge
from lawgov_desktop.gui.suggestions import SuggestionController, SuggestionsPanel
from lawgov_desktop.store.project import Project

ENFORCE, REVIEW = 1, 2


@pytest.fixture
def env(qtbot, seeded_project: Project):
    bridge = ProjectBridge(seeded_project)
    stack = QUndoStack()
    controller = SuggestionController(bridge, stack)
    panel = SuggestionsPanel(controller, bridge)
    qtbot.addWidget(panel)
    yield controller, panel, stack, seeded_project
    stack.clear()  # its commands go now, with their stack alive, not in a later garbage collection
    controller.shutdown()
    bridge.detach()


def ready(qtbot, controller: SuggestionController, report_id: int) -> None:
    with qtbot.waitSignal(controller.suggestionsReady, timeout=30_000,
                          check_params_cb=lambda rid: rid == report_id):
        pass


def test_compute_walk_accept_reject(qtbot, env):
    controller, panel, stack, project = env
    with qtbot.waitSignal(controller.suggestionsReady, timeout=30_000):
        controller.set_report(1)
    found = controller.suggestions_for(1)
    assert found and all(len(t) == 4 and t[0] < t[1] for t in found)
    assert panel.list.topLevelItemCount() == len(found)
    first = controller.current()
    assert first is not None and (first.start, first.end) == found[0][:2]

    with qtbot.waitSignal(controller.currentChanged) as moved:
        controller.next()
    assert moved.args == [1, found[1][0], found[1][1]]
    with qtbot.waitSignal(controller.currentChanged):
        controller.previous()
    assert controller.index == 0

    # reject: recorded, not proposed again (also after recomputation), undoable
    rejected = controller.current()
    assert controller.reject_current()
    assert stack.count() == 1
    fb = project.suggestions.feedback(report_id=1)
    assert [(f.start, f.end, f.category_id, f.verdict) for f in fb] == [
        (rejected.start, rejected.end, rejected.category_id, "rejected")]
    ready(qtbot, controller, 1)
    key = (rejected.start, rejected.end, rejected.category_id)
    assert key not in [t[:3] for t in controller.suggestions_for(1)]

    # accept: a normal annotation, one undo step with its verdict
    accepted = controller.current()
    n = len(project.annotations.list())
    assert controller.accept_current()
    anns = project.annotations.list()
    assert len(anns) == n + 1
    assert (anns[-1].start, anns[-1].end, anns[-1].category_ids) == (accepted.start, accepted.end,
                                                                     [accepted.category_id])
    assert project.suggestions.feedback(verdict="accepted")
    ready(qtbot, controller, 1)
    assert (accepted.start, accepted.end, accepted.category_id) not in [t[:3] for t in controller.suggestions_for(1)]
    stack.undo()
    assert len(project.annotations.list()) == n and not project.suggestions.feedback(verdict="accepted")
    ready(qtbot, controller, 1)
    assert (accepted.start, accepted.end, accepted.category_id) in [t[:3] for t in controller.suggestions_for(1)]
    stack.undo()  # the rejection too
    assert project.suggestions.feedback() == []
    ready(qtbot, controller, 1)
    assert key in [t[:3] for t in controller.suggestions_for(1)]


def test_panel_rows_drive_the_current_suggestion_and_evaluation(qtbot, env):
    controller, panel, _stack, project = env
    with qtbot.waitSignal(controller.suggestionsReady, timeout=30_000):
        controller.set_report(2)
    assert panel.list.topLevelItemCount() == len(controller.suggestions_for(2))
    with qtbot.waitSignal(controller.currentChanged) as moved:
        panel.list.setCurrentItem(panel.list.topLevelItem(2))
    s = controller.suggestion_objects(2)[2]
    assert moved.args == [2, s.start, s.end]
    assert panel.list.topLevelItem(2).text(3) == project.reports.text(2)[s.start:s.end].replace("\n", " ")
    with qtbot.waitSignal(controller.evaluationReady, timeout=30_000) as ev:
        panel.evaluate_button.click()
    assert set(ev.args[0]) == {c.id for c in project.categories.list()}
    assert "15" in panel.quality.text()  # no category has enough annotations yet: says when learning starts
    controller.set_report(None)
    assert controller.current() is None


def _teach(project: Project, category_id: int = ENFORCE) -> None:
    """Tag every third sentence of reports 2 and 3: enough for the ranker to train."""
    for rid in (2, 3):
        spans = [(s, e) for s, e in sentence_spans(project.reports.text(rid)) if e - s >= 6][::3]
        project.annotations.add_many(rid, spans, [category_id])


def test_the_window_keeps_serving_events_while_suggestions_are_computed(qtbot, env):
    controller, _panel, _stack, project = env
    _teach(project)
    busy_ticks: list[bool] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: busy_ticks.append(controller.busy))
    timer.start()
    with qtbot.waitSignal(controller.suggestionsReady, timeout=60_000):
        controller.set_report(1)
        # the request returned at once: the segmenting and training happen off the GUI thread
        assert controller.busy and not controller.has_suggestions(1)
    timer.stop()
    assert any(busy_ticks)  # the event loop went on turning while they were under way
    assert any(s.method == "learned" for s in controller.suggestion_objects(1))


def test_a_long_list_is_filled_in_steps_between_events(qtbot, env, monkeypatch: pytest.MonkeyPatch):
    controller, panel, _stack, _project = env
    monkeypatch.setattr(suggestions_panel, "ROWS_PER_TURN", 4)
    with qtbot.waitSignal(controller.suggestionsReady, timeout=30_000):
        controller.set_report(1)
    found = controller.suggestions_for(1)
    assert len(found) > 12
    assert panel.list.topLevelItemCount() == 4 and panel.filling  # the first rows at once
    assert panel.list.currentItem() is panel.list.topLevelItem(0)
    seen: list[int] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: seen.append(panel.list.topLevelItemCount()))
    timer.start()
    qtbot.waitUntil(lambda: not panel.filling, timeout=10_000)
    timer.stop()
    assert panel.list.topLevelItemCount() == len(found)
    assert any(4 < n < len(found) for n in seen)  # other events ran between the batches
    assert [panel.list.topLevelItem(i).text(1) for i in range(len(found))] == [f"{t[3]:.2f}" for t in found]
    # a new list (another report) drops the rows still waiting from the old one
    with qtbot.waitSignal(controller.suggestionsReady, timeout=30_000):
        controller.set_report(2)
    qtbot.waitUntil(lambda: not panel.filling, timeout=10_000)
    assert panel.list.topLevelItemCount() == len(controller.suggestions_for(2))


def test_the_evaluation_waits_until_the_suggestions_are_listed(qtbot, env):
    controller, _panel, _stack, project = env
    _teach(project)
    order: list[str] = []
    controller.suggestionsReady.connect(lambda _rid: order.append("suggestions"))
    controller.evaluationReady.connect(lambda _result: order.append("evaluation"))
    controller.set_report(1)
    controller.request_evaluation()
    qtbot.waitUntil(lambda: "evaluation" in order, timeout=60_000)
    assert order == ["suggestions", "evaluation"]
