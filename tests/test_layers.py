"""The packages import each other in one direction only, and core has no Qt or SQL.

    base (paths, logs, preferences_store) ← core ← store ← export ← commands / gui ← cli
                                                               bench: measures all of them

Every ``import`` in the package is read, including those inside functions (a lazy import is
still a dependency), so a wrong-way import fails here before it becomes a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "lawgov_desktop"

#: What each part may import besides itself.
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "core": {"base"},
    "store": {"base", "core"},
    "export": {"base", "core", "store"},
    "gui": {"base", "core", "store", "export"},
    "commands": {"base", "core", "store", "export", "bench"},
    "bench": {"base", "core", "store", "export", "gui", "commands"},
    "cli": {"base", "core", "store", "export", "commands"},
    "main": {"gui"},
}
#: Third-party modules a part must never import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "core": ("PySide6", "sqlite3", "sqlite_utils"),
    "store": ("PySide6",),
    "export": ("PySide6", "sqlite3", "sqlite_utils"),
    "commands": ("PySide6",),
}
SUBPACKAGES = {"core", "store", "export", "gui", "commands", "bench"}


def part_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in SUBPACKAGES:
        return parts[1]
    if len(parts) > 1 and parts[1] == "cli":
        return "cli"
    if len(parts) > 1 and parts[1] == "__main__":
        return "main"
    return "base"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    name = ".".join(rel.parts)
    return name.removesuffix(".__init__")


def imports_of(path: Path, root: Path = PACKAGE) -> list[tuple[str, int]]:
    """Absolute names of every module ``path`` imports, with line numbers (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((name, node.lineno))
    return found


def all_modules(root: Path = PACKAGE) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def violations(root: Path = PACKAGE) -> list[str]:
    wrong: list[str] = []
    for path in all_modules(root):
        mine = part_of(module_name(path, root))
        for name, line in imports_of(path, root):
            where = f"{path.relative_to(root.parent)}:{line} imports {name}"
            if name.split(".")[0] == "lawgov_desktop":
                other = part_of(name)
                if other != mine and other not in ALLOWED[mine]:
                    wrong.append(f"{where} ({mine} may not import {other})")
            elif name.split(".")[0] in FORBIDDEN.get(mine, ()):
                wrong.append(f"{where} ({mine} stays free of {name.split('.')[0]})")
    return wrong


def test_every_import_goes_the_allowed_way():
    assert violations() == []


def test_the_check_catches_a_wrong_way_import(tmp_path: Path):
    # a copy of a store module with a lazy GUI import added, and a core module importing Qt
    fake_root = tmp_path / "lawgov_desktop"
    (fake_root / "store").mkdir(parents=True)
    (fake_root / "store" / "records.py").write_text(
        (PACKAGE / "store" / "records.py").read_text(encoding="utf-8")
        + "\n\ndef _late():\n    from lawgov_desktop.gui import settings\n", encoding="utf-8")
    (fake_root / "core").mkdir()
    (fake_root / "core" / "bad.py").write_text("from ..export import records\nimport PySide6.QtCore\n",
                                               encoding="utf-8")
    found = violations(fake_root)
    assert any("store/records.py" in v and "may not import gui" in v for v in found), found
    assert any("core/bad.py" in v and "may not import export" in v for v in found), found
    assert any("core/bad.py" in v and "PySide6" in v for v in found), found


def test_no_cycles_between_parts():
    edges: dict[str, set[str]] = {}
    for path in all_modules():
        mine = part_of(module_name(path))
        for name, _line in imports_of(path):
            if name.split(".")[0] == "lawgov_desktop" and part_of(name) != mine:
                edges.setdefault(mine, set()).add(part_of(name))
    # bench measures everything and nothing imports it but the command that runs it
    edges.pop("bench", None)
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in edges.get(node, ()):
            assert seen.get(nxt) != 1, f"cycle: {' -> '.join([*stack, node, nxt])}"
            if nxt not in seen:
                visit(nxt, [*stack, node])
        seen[node] = 2

    for node in list(edges):
        if node not in seen:
            visit(node, [])
