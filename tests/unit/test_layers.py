"""Imports point down the layers: lanes <- stores <- nodes <- graphs <- cli / server.

``prompts`` is text every layer may read. A lower layer that needs a higher one's
behaviour takes it as an argument (deep ingest's reader, the router in the context).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ORDER = ["lanes", "stores", "nodes", "graphs", "cli", "server"]
ALLOWED = {
    "lanes": {"lanes", "prompts"},
    "stores": {"lanes", "stores", "prompts"},
    "nodes": {"lanes", "stores", "nodes", "prompts"},
    "graphs": {"lanes", "stores", "nodes", "graphs", "prompts"},
    "cli": {"lanes", "stores", "nodes", "graphs", "cli", "prompts"},
    "server": {"lanes", "stores", "nodes", "graphs", "server", "prompts"},
}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    """(line, top-level package) of every import in the file, lazy ones included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {(node.lineno, alias.name.split(".")[0]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("layer", ORDER)
def test_no_import_points_up_a_layer(layer):
    ours = set(ORDER) | {"prompts"}
    wrong = [
        f"{path.relative_to(REPO)}:{line} imports {package}"
        for path in sorted((REPO / layer).rglob("*.py"))
        for line, package in imported_packages(path)
        if package in ours and package not in ALLOWED[layer]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_a_lazy_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from graphs.supervisor import graph\n    return graph\n")
    assert (2, "graphs") in imported_packages(module)
