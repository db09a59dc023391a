"""Imports point down: the layers, the rooms inside them, and no circle anywhere.

Layers: prompts <- lanes <- stores <- nodes <- graphs <- cli / server. ``prompts`` is
text and imports nothing of ours. A lower layer that needs a higher one's behaviour
takes it as an argument (deep ingest's reader, the router in the context).

Inside ``lanes`` the wings go core <- models <- config <- backends <- endpoint <- calls;
``telemetry`` (metrics and event lines) stands on core alone, under endpoint and calls.
Inside ``nodes`` the rooms go plumbing <- pm <- routing <- defaults <- lane_steps,
supervisor; ``routing.offline`` (fitting, evaluation) sits beside defaults;
``code_review`` (analyzers and their findings) stands alone, under pm and lane_steps. Routing and
pm never import the lane steps; pm never imports routing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LAYERS = ["prompts", "lanes", "stores", "nodes", "graphs", "cli", "server"]
ALLOWED = {
    "prompts": {"prompts"},
    "lanes": {"lanes", "prompts"},
    "stores": {"lanes", "stores", "prompts"},
    "nodes": {"lanes", "stores", "nodes", "prompts"},
    "graphs": {"lanes", "stores", "nodes", "graphs", "prompts"},
    "cli": {"lanes", "stores", "nodes", "graphs", "cli", "prompts"},
    "server": {"lanes", "stores", "nodes", "graphs", "server", "prompts"},
}
# Each room of a layer, and the rooms of the same layer it may import (itself always).
ROOMS = {
    "lanes": {
        "core": set(),
        "telemetry": {"core"},
        "models": {"core"},
        "config": {"core", "models"},
        "backends": {"core", "models", "config"},
        "endpoint": {"core", "models", "config", "backends", "telemetry"},
        "calls": {"core", "models", "config", "backends", "endpoint", "telemetry"},
    },
    "nodes": {
        "plumbing": set(),
        "code_review": set(),
        "pm": {"plumbing", "code_review"},
        "routing": {"plumbing", "pm"},
        "defaults": {"plumbing", "routing"},
        "routing.offline": {"plumbing", "routing", "defaults"},
        "lane_steps": {"plumbing", "pm", "defaults", "code_review"},
        "supervisor": {"plumbing", "routing", "defaults"},
    },
}


def module_name(path: Path) -> str:
    """``nodes/routing/semantic.py`` -> ``nodes.routing.semantic``."""
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def ours() -> dict[str, Path]:
    """Every module of the layers, by dotted name."""
    return {
        module_name(path): path for layer in LAYERS for path in sorted((REPO / layer).rglob("*.py"))
    }


def imports_of(path: Path, known: Iterable[str]) -> set[tuple[int, str]]:
    """(line, module) of every import of ours in the file, lazy ones included.

    ``from a.b import c`` counts as an import of ``a.b.c`` when that is a module.
    """
    known = set(known)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {(node.lineno, alias.name) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add((node.lineno, child if child in known else node.module))
    return {(line, name) for line, name in found if name.split(".")[0] in LAYERS}


def room_of(module: str) -> tuple[str, str] | None:
    """(layer, room) of a module in a layer with rooms; the longest room name wins."""
    layer, _, rest = module.partition(".")
    rooms = ROOMS.get(layer)
    if rooms is None or not rest:
        return None
    matches = [room for room in rooms if rest == room or rest.startswith(room + ".")]
    return (layer, max(matches, key=len)) if matches else None


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in ``graph`` (module -> modules it imports), or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


@pytest.mark.parametrize("layer", LAYERS)
def test_no_import_points_up_a_layer(layer):
    known = ours()
    wrong = [
        f"{path.relative_to(REPO)}:{line} imports {target}"
        for name, path in known.items()
        if name.split(".")[0] == layer
        for line, target in imports_of(path, known)
        if target.split(".")[0] not in ALLOWED[layer]
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("layer", sorted(ROOMS))
def test_rooms_import_only_the_rooms_below_them(layer):
    known = ours()
    unplaced = [name for name in known if name.startswith(layer + ".") and room_of(name) is None]
    assert not unplaced, f"modules in no room of {layer}: {unplaced} (add them to ROOMS)"
    wrong = []
    for name, path in known.items():
        here = room_of(name)
        if here is None or here[0] != layer:
            continue
        for line, target in imports_of(path, known):
            there = room_of(target)
            if there and there[0] == layer and there[1] not in ROOMS[layer][here[1]] | {here[1]}:
                wrong.append(f"{path.relative_to(REPO)}:{line} ({here[1]}) imports {target}")
    assert not wrong, "\n".join(wrong)


def test_no_import_circle_anywhere():
    known = ours()
    graph = {
        name: {target for _, target in imports_of(path, known) if target in known}
        for name, path in known.items()
    }
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("layer", LAYERS)
def test_every_package_says_what_belongs_in_it(layer):
    missing = []
    for folder in [REPO / layer, *sorted(p for p in (REPO / layer).rglob("*") if p.is_dir())]:
        if folder.name == "__pycache__" or not any(folder.glob("*.py")):
            continue
        init = folder / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text())) if init.exists() else None
        if not doc:
            missing.append(str(folder.relative_to(REPO)))
    assert not missing, f"packages whose __init__.py has no docstring: {missing}"


def test_the_check_sees_a_lazy_import_and_a_module_imported_from_its_package(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from lanes.core import errors\n"
        "def f():\n    from graphs.supervisor import graph\n    return graph\n"
    )
    found = imports_of(module, {"lanes.core.errors", "graphs.supervisor"})
    assert found == {(1, "lanes.core.errors"), (3, "graphs.supervisor")}


def test_the_check_finds_a_circle_and_places_rooms():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert room_of("nodes.routing.offline.fit") == ("nodes", "routing.offline")
    assert room_of("nodes.routing.semantic") == ("nodes", "routing")
    assert room_of("nodes.defaults") == ("nodes", "defaults")
    assert room_of("stores.board") is None
