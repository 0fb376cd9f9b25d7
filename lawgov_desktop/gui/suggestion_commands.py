"""The two undo steps of walking suggestions: accept (a normal annotation plus an "accepted"
verdict) and reject (a verdict, so the span is not proposed again) — each one library
operation, so one undo step and one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lawgov_desktop.gui.undo import OperationCommand
from lawgov_desktop.store.project import Project

if TYPE_CHECKING:
    from lawgov_desktop.core.suggest import Suggestion


class AcceptSuggestionCommand(OperationCommand):
    """Accept a suggestion: a normal annotation plus an "accepted" verdict, one operation."""

    def __init__(self, project: Project, suggestion: Suggestion, text: str) -> None:
        super().__init__(project, text)
        self.suggestion = suggestion
        self.ids: list[int] = []
        self.feedback_id: int | None = None

    def perform(self) -> None:
        s = self.suggestion
        aid, self.feedback_id = self.project.suggestions.accept(s.report_id, s.start, s.end, s.category_id)
        self.ids = [aid]


class RejectSuggestionCommand(OperationCommand):
    """Reject a suggestion: it is not proposed again and teaches the ranker a negative."""

    def __init__(self, project: Project, suggestion: Suggestion, text: str) -> None:
        super().__init__(project, text)
        self.suggestion = suggestion
        self.feedback_id: int | None = None

    def perform(self) -> None:
        s = self.suggestion
        self.feedback_id = self.project.suggestions.reject(s.report_id, s.start, s.end, s.category_id)
