"""LawGov Desktop: read, compare, tag and export rule-of-law government reports offline.

All character offsets used anywhere in this package (sections, annotations, search hits,
exports) are **Unicode code points** into a report's stored text, i.e. plain Python ``str``
indices.  Qt counts UTF-16 code units instead; the conversion happens only at the Qt
boundary (see :mod:`lawgov_desktop.core.offsets`).
"""

__version__ = "0.1.0"
APP_NAME = "LawGov Desktop"
APP_ID = "lawgov-desktop"
