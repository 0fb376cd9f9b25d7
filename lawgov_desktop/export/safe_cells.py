"""Formula neutralisation for spreadsheet cells (CSV and XLSX).

Excel, WPS and LibreOffice treat a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula — also after a leading tab or carriage return — so a quote such as
``=HYPERLINK("http://…","点击")`` taken from a web page would become a live link or a
calculation the moment staff open the export.  Such cells get a leading apostrophe, the
spreadsheet convention for "this is text", which Excel hides in the cell view.  The text is
otherwise unchanged; a reader that wants the exact quote strips one leading ``'`` from a cell
that starts with ``'`` followed by one of :data:`FORMULA_TRIGGERS`.
"""

from __future__ import annotations

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def needs_neutralising(value: str) -> bool:
    return value.startswith(FORMULA_TRIGGERS)


def neutralise(value: object) -> object:
    """``value`` with a leading ``'`` if it is a string a spreadsheet would run as a formula."""
    if isinstance(value, str) and needs_neutralising(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo :func:`neutralise` (for readers that need the exact text back)."""
    if value.startswith("'") and needs_neutralising(value[1:]):
        return value[1:]
    return value
