"""Plain data records shared by the core, the store, the exporters and the GUI.

Offsets are Unicode code points into :attr:`ParsedReport.text` (Python ``str`` indices),
never UTF-16 units or bytes, so characters outside the BMP such as 𠮷 count as one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Section:
    """One heading of a report's outline and the span of text it governs.

    ``start`` is the offset of the heading's first character (its label, after any leading
    spaces); ``end`` is where the next heading of the same or a shallower depth starts (or
    the end of the text), so a section contains its sub-sections.  ``title_end`` is where the
    heading text itself ends (the first ``。`` of a run-in heading, or the end of the line).
    """

    depth: int
    label: str
    title: str
    start: int
    end: int
    line: int = 0
    title_end: int = 0
    parent: int | None = None  # index into the outline list, None for top level

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ReportMeta:
    """What a report says about itself; empty strings / None when the text does not say."""

    title: str = ""
    year: int | None = None
    issuer: str = ""
    region: str = ""
    source: str = ""
    publish_date: str = ""  # ISO date (YYYY-MM-DD) or date and time as written

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ParsedReport:
    """A decoded, normalised report with its metadata and outline, ready to store."""

    text: str
    meta: ReportMeta
    sections: list[Section] = field(default_factory=list)
    file_name: str = ""
    source_format: str = "txt"
    encoding: str = "utf-8"
    #: radical look-alikes (⼀ ⺠ …) the reader replaced by ordinary characters; not stored
    look_alikes: int = 0

    @property
    def sha256(self) -> str:
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """Hash of the normalised text: the identity used to refuse duplicate imports."""
    import hashlib  # when importing, never on the way to the first paint (hashlib loads OpenSSL)

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: The one name of the passages before a report's first heading (its opening paragraphs),
#: used wherever a section path is shown or written: the pane's breadcrumb, the annotations
#: list, search hits, the command line's JSON and every export.
BEFORE_FIRST_HEADING = "报告开头"


def section_path(sections: list[Section], index: int, sep: str = " > ") -> str:
    """Human-readable path of a section, e.g. ``一、推进… > （五）深化行政执法规范化建设``."""
    parts: list[str] = []
    i: int | None = index
    while i is not None:
        s = sections[i]
        parts.append(f"{s.label}{s.title}")
        i = s.parent
    return sep.join(reversed(parts))


def innermost_section(sections: list[Section], offset: int) -> int | None:
    """Index of the deepest section whose span contains ``offset`` (None before the first)."""
    best: int | None = None
    for i, s in enumerate(sections):
        if s.start > offset:
            break
        if s.start <= offset < s.end and (best is None or s.depth >= sections[best].depth):
            best = i
    return best
