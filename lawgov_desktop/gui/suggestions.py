"""Tag suggestions in the GUI — where the parts live (one idea per module):

* :mod:`.suggestion_controller` — :class:`SuggestionController`: computes the suggestions of
  a report off the GUI thread, walks through them, accepts and rejects;
* :mod:`.suggestion_commands` — the accept and reject undo steps;
* :mod:`.suggestion_keys` — :func:`install_shortcuts`, the keys for walking them in a pane;
* :mod:`.suggestions_panel` — :class:`SuggestionsPanel`, the dock listing them.

The main window draws the suggestions (dashed) and review mode (:mod:`.review_mode`) wires
the parts together.  This module keeps the names importable from one place.
"""

from __future__ import annotations

from lawgov_desktop.gui.suggestion_commands import AcceptSuggestionCommand, RejectSuggestionCommand
from lawgov_desktop.gui.suggestion_controller import SUGGESTION_ERRORS, SuggestionController
from lawgov_desktop.gui.suggestion_keys import install_shortcuts
from lawgov_desktop.gui.suggestions_panel import SuggestionsPanel

__all__ = ["SUGGESTION_ERRORS", "AcceptSuggestionCommand", "RejectSuggestionCommand", "SuggestionController",
           "SuggestionsPanel", "install_shortcuts"]
