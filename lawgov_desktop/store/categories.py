"""Categories (tags): a tree with colours, shortcut keys, order and keyword lists."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

from lawgov_desktop.messages import Message
from lawgov_desktop.store.errors import (
    CategoryExists,
    CategoryMergeIntoItself,
    CategoryNameControl,
    CategoryNameEmpty,
    CategoryNameInvalid,
    CategoryNameTooLong,
    CategoryNestsInItself,
    CategoryUnknown,
)
from lawgov_desktop.store.records import DEFAULT_CATEGORIES, PALETTE, Annotation, Category, Changes, now_iso
from lawgov_desktop.store.service import Service

_COLS = "id, name, parent_id, color, shortcut, position, keywords"

#: Longest category name: long enough for any real label, short enough for a file name, a
#: spreadsheet tab title (cut to 31 there) and a menu.
MAX_CATEGORY_NAME = 100
#: Characters that would break a line, a cell or the reading direction of every later export.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_category_name(name: str) -> str:
    """The name as stored (spaces at the ends removed), or ``ValueError`` saying what is wrong.

    Every way a name comes in — the category manager, the command line, an imported file —
    goes through here.  Control characters (NUL, line breaks, tabs…) and reading-direction
    marks are refused: they break spreadsheet cells, CSV rows and file names later.
    Characters a file name cannot hold (``/``, ``:``, ``*`` …) are allowed: exports that
    name files after categories replace them (see :func:`lawgov_desktop.export.records.safe_file_part`).
    """
    name = name.strip()
    if not name:
        raise CategoryNameEmpty()
    if len(name) > MAX_CATEGORY_NAME:
        raise CategoryNameTooLong(length=len(name), limit=MAX_CATEGORY_NAME)
    bad = next((c for c in name if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") or c in _BIDI_CONTROLS), None)
    if bad is not None:
        raise CategoryNameControl(codepoint=f"{ord(bad):04X}")
    return name


@dataclass
class CategorySnapshot:
    """Everything a category deletion or merge removed, so undo can put it back exactly."""

    category: Category
    links: list[tuple[int, int]] = field(default_factory=list)  # (annotation_id, category_id)
    added_links: list[tuple[int, int]] = field(default_factory=list)  # made by a reassignment
    deleted_annotations: list[Annotation] = field(default_factory=list)
    children: list[int] = field(default_factory=list)  # sub-categories re-parented on delete


class Categories(Service):
    """The project's categories (``project.categories``): the tree, its colours, keys and keywords.

    Asks the project for ``annotations`` (a deletion may take annotations with it, a restore
    brings them back).
    """

    def ensure_defaults(self) -> None:
        """Create 执法, 复议, 营商环境 once per project (not again if the user deletes them)."""
        if self.conn.execute("SELECT 1 FROM settings WHERE key = 'default_categories'").fetchone():
            return
        with self._write():
            for pos, (name, color, key, words) in enumerate(DEFAULT_CATEGORIES):
                self.conn.execute(
                    "INSERT OR IGNORE INTO categories (name, color, shortcut, position, keywords, created_at) "
                    "VALUES (?,?,?,?,?,?)",
                    [name, color, key, pos, json.dumps(words, ensure_ascii=False), now_iso()],
                )
            self.conn.execute("INSERT INTO settings (key, value) VALUES ('default_categories', '1')")

    # -- reading -------------------------------------------------------------------------
    def list(self) -> list[Category]:
        """All categories in display order (position, then id)."""
        rows = self.conn.execute(f"SELECT {_COLS} FROM categories ORDER BY position, id")
        return [Category.from_row(dict(zip(_COLS.split(", "), r, strict=True))) for r in rows]

    def get(self, category_id: int) -> Category:
        row = self.conn.execute(f"SELECT {_COLS} FROM categories WHERE id = ?", [category_id]).fetchone()
        if row is None:
            raise KeyError(f"no category {category_id}")
        return Category.from_row(dict(zip(_COLS.split(", "), row, strict=True)))

    def by_name(self, name: str) -> Category | None:
        row = self.conn.execute(f"SELECT {_COLS} FROM categories WHERE name = ?", [name.strip()]).fetchone()
        return Category.from_row(dict(zip(_COLS.split(", "), row, strict=True))) if row else None

    def resolve(self, cats: list[int | str]) -> list[int]:
        """Category ids for a mix of ids and names; an unknown one raises ``ValueError``."""
        known = {c.id: c for c in self.list()}
        by_name = {c.name: c.id for c in known.values()}
        ids: list[int] = []
        for c in cats:
            cid = c if isinstance(c, int) else by_name.get(str(c).strip())
            if cid is None or cid not in known:
                raise CategoryUnknown(name=str(c), known="、".join(by_name) or Message("list.none"))
            if cid not in ids:
                ids.append(cid)
        return ids

    def next_free_shortcut(self) -> str:
        """The first number key no category uses (``1`` … ``9``, then ``0``), or ``""`` when
        all ten are taken: a new category gets a key at once, as the defaults 1–3 have."""
        used = {c.shortcut for c in self.list()}
        return next((k for k in "1234567890" if k not in used), "")

    # -- changing ------------------------------------------------------------------------
    def add(
        self, name: str, color: str | None = None, shortcut: str = "",
        parent_id: int | None = None, keywords: list[str] | None = None, category_id: int | None = None,
    ) -> int:
        name = check_category_name(name)
        if self.by_name(name):
            raise CategoryExists(name=name)
        count = self.conn.execute("SELECT count(*), coalesce(max(position), -1) FROM categories").fetchone()
        color = color or PALETTE[count[0] % len(PALETTE)]
        with self._operation("add-category", Message("label.new_category", name=name)):
            if shortcut:
                self.conn.execute("UPDATE categories SET shortcut = '' WHERE shortcut = ?", [shortcut])
            cur = self.conn.execute(
                "INSERT INTO categories (id, name, parent_id, color, shortcut, position, keywords, created_at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [category_id, name, parent_id, color, shortcut, count[1] + 1,
                 json.dumps(keywords or [], ensure_ascii=False), now_iso()],
            )
        self._notify(Changes("add-category", categories=True))
        return cur.lastrowid

    def update(self, category_id: int, **fields: object) -> Category:
        """Change name, color, shortcut, parent_id, position or keywords; returns the old state."""
        old = self.get(category_id)
        allowed = {"name", "color", "shortcut", "parent_id", "position", "keywords"}
        bad = set(fields) - allowed
        if bad:
            raise TypeError(f"unknown category fields {bad}")
        if "name" in fields:
            name = check_category_name(str(fields["name"]))
            other = self.by_name(name)
            if not name or (other and other.id != category_id):
                raise CategoryNameInvalid(name=name)
            fields["name"] = name
        if "parent_id" in fields and fields["parent_id"] is not None:
            self._check_no_cycle(category_id, int(fields["parent_id"]))  # type: ignore[arg-type]
        if "keywords" in fields:
            fields["keywords"] = json.dumps(list(fields["keywords"]), ensure_ascii=False)  # type: ignore[arg-type]
        with self._operation("update-category", Message("label.edit_category", name=old.name)):
            if fields.get("shortcut"):
                self.conn.execute(
                    "UPDATE categories SET shortcut = '' WHERE shortcut = ? AND id <> ?",
                    [fields["shortcut"], category_id],
                )
            sets = ", ".join(f"{k} = ?" for k in fields)
            self.conn.execute(f"UPDATE categories SET {sets} WHERE id = ?", [*fields.values(), category_id])
        self._notify(Changes("update-category", categories=True, annotations=self._reports_with(category_id)))
        return old

    def _check_no_cycle(self, category_id: int, parent_id: int) -> None:
        seen = parent_id
        while seen is not None:
            if seen == category_id:
                raise CategoryNestsInItself()
            seen = self.get(seen).parent_id

    def reorder(self, ordered_ids: list[int]) -> list[int]:
        """Set display order; returns the previous order for undo."""
        before = [c.id for c in self.list()]
        with self._operation("reorder-categories", Message("label.reorder_categories")):
            self.conn.executemany(
                "UPDATE categories SET position = ? WHERE id = ?", [(i, cid) for i, cid in enumerate(ordered_ids)]
            )
        self._notify(Changes("reorder-categories", categories=True))
        return before

    def _reports_with(self, category_id: int) -> set[int]:
        rows = self.conn.execute(
            "SELECT DISTINCT a.report_id FROM annotations a JOIN annotation_categories ac "
            "ON ac.annotation_id = a.id WHERE ac.category_id = ?",
            [category_id],
        )
        return {r[0] for r in rows}

    def delete(
        self, category_id: int, *, reassign_to: int | None = None, delete_annotations: bool = False
    ) -> CategorySnapshot:
        """Delete a category, saying what becomes of its annotations.

        ``reassign_to``: its annotations move to that category.  ``delete_annotations``:
        annotations that carry no other category are deleted.  Neither: the annotations stay,
        without this category.  Returns a snapshot for :meth:`restore`.
        """
        cat = self.get(category_id)
        touched = self._reports_with(category_id)
        links = [tuple(r) for r in self.conn.execute(
            "SELECT annotation_id, category_id FROM annotation_categories WHERE category_id = ?", [category_id])]
        snap = CategorySnapshot(cat, links=links)  # type: ignore[arg-type]
        snap.children = [r[0] for r in self.conn.execute("SELECT id FROM categories WHERE parent_id = ?", [category_id])]
        label = Message("label.merge_category" if reassign_to is not None else "label.delete_category", name=cat.name)
        with self._operation("delete-category", label):
            if reassign_to is not None:
                if reassign_to == category_id:
                    raise CategoryMergeIntoItself()
                self.get(reassign_to)
                had = {r[0] for r in self.conn.execute(
                    "SELECT annotation_id FROM annotation_categories WHERE category_id = ?", [reassign_to])}
                snap.added_links = [(aid, reassign_to) for aid, _ in links if aid not in had]
                self.conn.executemany(
                    "INSERT INTO annotation_categories (annotation_id, category_id) VALUES (?, ?)", snap.added_links
                )
            elif delete_annotations:
                only = [r[0] for r in self.conn.execute(
                    "SELECT annotation_id FROM annotation_categories ac WHERE category_id = ? AND NOT EXISTS "
                    "(SELECT 1 FROM annotation_categories o WHERE o.annotation_id = ac.annotation_id "
                    "AND o.category_id <> ?)", [category_id, category_id])]
                snap.deleted_annotations = [self._project.annotations.get(aid) for aid in only]
                self.conn.executemany("DELETE FROM annotations WHERE id = ?", [(a,) for a in only])
            self.conn.execute("UPDATE categories SET parent_id = ? WHERE parent_id = ?", [cat.parent_id, category_id])
            self.conn.execute("DELETE FROM categories WHERE id = ?", [category_id])
        self._notify(Changes("delete-category", categories=True, annotations=touched))
        return snap

    def merge(self, source_id: int, target_id: int) -> CategorySnapshot:
        """Move every annotation of ``source_id`` to ``target_id`` and delete the source."""
        return self.delete(source_id, reassign_to=target_id)

    def restore(self, snap: CategorySnapshot) -> None:
        """Undo :meth:`delete` / :meth:`merge`."""
        c = snap.category
        with self._operation("restore-category", Message("label.restore_category", name=c.name)):
            self.conn.execute(
                "INSERT INTO categories (id, name, parent_id, color, shortcut, position, keywords, created_at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [c.id, c.name, c.parent_id, c.color, c.shortcut, c.position,
                 json.dumps(c.keywords, ensure_ascii=False), now_iso()],
            )
            for ann in snap.deleted_annotations:
                self._project.annotations._insert_row(ann)
            self.conn.executemany(
                "INSERT OR IGNORE INTO annotation_categories (annotation_id, category_id) VALUES (?, ?)", snap.links
            )
            self.conn.executemany(
                "DELETE FROM annotation_categories WHERE annotation_id = ? AND category_id = ?", snap.added_links
            )
            self.conn.executemany("UPDATE categories SET parent_id = ? WHERE id = ?",
                                     [(c.id, child) for child in snap.children])
        self._notify(Changes("restore-category", categories=True,
                             annotations=self._reports_with(c.id)))
