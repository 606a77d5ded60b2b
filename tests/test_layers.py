"""The architecture, enforced: no import cycles, no import against the layers.

The layers are written in ``docs/architecture.md``; this test reads every module
of ``src/legmap`` with :mod:`ast` (nothing is imported), builds the graph of
legmap-internal imports, and fails on a cycle between modules, on an import a
layer may not make, and on a heavy third-party library imported outside the one
package that owns it.  Imports under ``if TYPE_CHECKING:`` are type-only: they
count for the layers but not for cycles (they never run), and a library named
only for type hints (``folium.Map`` as the return type of ``legmap.api``) loads
nothing, so it is no owner's business.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Which layer a module belongs to (longest matching prefix wins).
LAYER_OF = {
    "legmap._version": "foundation",
    "legmap._data": "foundation",
    "legmap.errors": "foundation",
    "legmap.config": "foundation",
    "legmap._geodesic": "foundation",
    "legmap._i18n": "foundation",
    "legmap._i18n_langs": "foundation",
    "legmap._vocab": "foundation",
    "legmap._lonlat": "foundation",
    "legmap._examples": "foundation",
    "legmap._optional": "foundation",
    "legmap.story": "story",
    "legmap._csvstory": "story",
    "legmap._storyvalues": "story",
    "legmap._storyerrors": "story",
    "legmap._storyfile": "story",
    "legmap.places": "places",
    "legmap.draft": "draft",
    "legmap.rail": "rail",
    "legmap.legs": "legs",
    "legmap.render": "render",
    "legmap.publish": "publish",
    "legmap.cli": "cli",
    "legmap.api": "top",
    "legmap.__main__": "top",
    "legmap": "top",
}

#: What each layer may import (itself always; cycles are checked separately).
MAY_IMPORT = {
    "foundation": {"foundation"},
    "story": {"foundation"},
    "places": {"foundation", "story"},
    "rail": {"foundation", "places"},
    "legs": {"foundation", "story", "places", "rail"},
    "draft": {"foundation", "story", "places"},
    "render": {"foundation", "story", "legs"},
    "publish": {"foundation", "legs", "render"},
    "cli": {"foundation", "story", "places", "draft", "rail", "legs", "render", "publish"},
    "top": {"foundation", "story", "places", "draft", "rail", "legs", "render", "publish", "cli"},
}

#: Sibling packages that must not know each other.
APART = [("legmap.render.html", "legmap.render.static")]

#: Third-party libraries that only one package may import.
OWNERS = {
    "folium": "legmap.render.html",
    "branca": "legmap.render.html",
    "matplotlib": "legmap.render.static",
    "geopy": "legmap.places._transport",
    "scipy": "legmap.rail",
    "osmium": "legmap.rail",
    "pyrosm": "legmap.rail",
    "pyroutingkit": "legmap.rail",
}


@dataclass(frozen=True)
class Edge:
    """One import statement: `source` imports `target` at `line`."""

    source: str
    target: str
    line: int
    type_only: bool


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(
    tree: ast.Module, name: str, is_package: bool, modules: set[str]
) -> Iterator[tuple[str, int]]:
    """(module, line) for every import.

    ``from pkg import mod`` names ``pkg.mod`` when that is a module of the tree,
    otherwise ``pkg`` (``from legmap.errors import DataError`` names
    ``legmap.errors``).  Parent packages, which Python initialises on the way,
    are not edges: they would tie every module to ``legmap/__init__.py``.
    """
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            for alias in node.names:
                sub = f"{mod}.{alias.name}"
                yield (sub if sub in modules else mod), node.lineno


def import_graph(root: Path, top: str = "legmap") -> tuple[set[str], list[Edge], list[Edge]]:
    """Modules of `top` under `root`, internal edges, and third-party edges."""
    files = {module_name(p, root): p for p in sorted((root / top).rglob("*.py"))}
    internal: list[Edge] = []
    external: list[Edge] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        typing_only = _type_checking_lines(tree)
        seen: set[tuple[str, int]] = set()
        for target, line in _imports(tree, name, path.name == "__init__.py", set(files)):
            if target == top or target.startswith(top + "."):
                if (target, line) not in seen and target != name:
                    seen.add((target, line))
                    internal.append(Edge(name, target, line, line in typing_only))
            else:
                external.append(Edge(name, target.split(".")[0], line, line in typing_only))
    return set(files), internal, external


def layer(module: str) -> str:
    best = max((p for p in LAYER_OF if module == p or module.startswith(p + ".")), key=len)
    return LAYER_OF[best]


def cycles(modules: set[str], edges: list[Edge]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for e in edges:
        if not e.type_only:
            graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for m in sorted(graph):
        if m not in index:
            visit(m)
    return found


def violations(modules: set[str], edges: list[Edge], external: list[Edge]) -> list[str]:
    """One line per import against the layers or the library owners."""
    out = []
    for e in edges:
        src, dst = layer(e.source), layer(e.target)
        # A package's own __init__ importing its children is inside the layer.
        if dst not in MAY_IMPORT[src] and src != dst:
            out.append(f"{e.source}:{e.line} imports {e.target} ({src} may not import {dst})")
        for a, b in APART:
            for x, y in ((a, b), (b, a)):
                if e.source.startswith(x) and e.target.startswith(y):
                    out.append(f"{e.source}:{e.line} imports {e.target} ({x} and {y} are apart)")
    for e in external:
        owner = OWNERS.get(e.target)
        inside = e.source == owner or e.source.startswith(f"{owner}.") if owner else True
        if owner and not e.type_only and not inside:
            out.append(f"{e.source}:{e.line} imports {e.target} (only {owner} may)")
    return out


def test_no_import_cycles() -> None:
    modules, edges, _ = import_graph(SRC)
    assert cycles(modules, edges) == []


def test_imports_follow_the_layers() -> None:
    modules, edges, external = import_graph(SRC)
    assert violations(modules, edges, external) == []


def test_every_module_has_a_layer() -> None:
    modules, _, _ = import_graph(SRC)
    assert "legmap.places.place" in modules  # the graph really reads the tree
    assert {layer(m) for m in modules} == set(MAY_IMPORT)


def test_every_subpackage_says_what_it_owns_and_may_import() -> None:
    for init in sorted((SRC / "legmap").rglob("__init__.py")):
        if init.parent.name in {"legmap", "cli"}:
            continue
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, init


def test_a_library_named_only_for_type_hints_is_no_owners_business(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "api.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import folium\n",
            "cli/__init__.py": "def f():\n    import folium\n",
        },
    )
    modules, edges, external = import_graph(root)
    assert violations(modules, edges, external) == [
        "legmap.cli:2 imports folium (only legmap.render.html may)"
    ]


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / "legmap" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_check_catches_a_deliberate_cycle(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "__init__.py": "",
            "places/__init__.py": "",
            "places/gazetteer.py": "from legmap.places.geocoder import Geocoder\n",
            "places/geocoder.py": "def f():\n    from legmap.places import gazetteer\n",
            "places/place.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from legmap.places.gazetteer import G\n",
        },
    )
    modules, edges, _ = import_graph(root)
    assert cycles(modules, edges) == [["legmap.places.gazetteer", "legmap.places.geocoder"]]


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        ("places/x.py", "from legmap.render import style\n", "places may not import render"),
        ("rail/x.py", "import legmap.cli\n", "rail may not import cli"),
        ("render/html/x.py", "from ..static import y\n", "are apart"),
        ("render/geojson.py", "import folium\n", "only legmap.render.html may"),
        ("legs/x.py", "import matplotlib.pyplot as plt\n", "only legmap.render.static may"),
    ],
)
def test_the_check_catches_imports_against_the_layers(
    tmp_path: Path, rel: str, text: str, expected: str
) -> None:
    files = {
        "__init__.py": "",
        "cli/__init__.py": "",
        "places/__init__.py": "",
        "rail/__init__.py": "",
        "legs/__init__.py": "",
        "render/__init__.py": "",
        "render/style.py": "",
        "render/html/__init__.py": "",
        "render/static/__init__.py": "",
        "render/static/y.py": "",
        rel: text,
    }
    root = _tree(tmp_path, files)
    modules, edges, external = import_graph(root)
    found = violations(modules, edges, external)
    assert len(found) == 1
    assert expected in found[0]
