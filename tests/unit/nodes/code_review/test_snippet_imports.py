"""Python snippets pasted without their imports still get ruff's rules that resolve calls."""

from __future__ import annotations

from nodes.code_review.analyzers import analyze
from nodes.code_review.snippet_imports import missing_imports
from nodes.code_review.snippets import Snippet


def _ruff(code: str) -> list[tuple[str, int]]:
    return [
        (f.rule, f.line) for f in analyze([Snippet(code, "python")]).findings if f.tool == "ruff"
    ]


def test_a_module_named_but_not_imported_is_imported_above_the_snippet() -> None:
    assert missing_imports("data = pickle.loads(request.body)\n") == ["import pickle"]
    assert missing_imports("import pickle\ndata = pickle.loads(body)\n") == []
    assert missing_imports("from yaml import load\nyaml = None\ncfg = yaml.x\n") == []
    assert missing_imports("when = datetime.now()\n") == ["from datetime import datetime"]
    assert missing_imports("x = mypickle.loads(b)\ny = self.os.path\n") == []


def test_ruff_finds_an_unresolved_call_on_the_line_it_was_pasted_on() -> None:
    code = "def load(request):\n    return pickle.loads(request.body)\n"
    assert ("S301", 2) in _ruff(code)
    tls = "def fetch(url):\n    return requests.get(url, verify=False, timeout=5)\n"
    assert ("S501", 2) in _ruff(tls)
    assert ("DTZ005", 1) in _ruff("expires = datetime.now() + ttl\n")


def test_an_added_import_is_never_reported_itself() -> None:
    """A parameter that shadows a module name is the snippet's own: no redefinition."""
    assert _ruff("def size(os):\n    return os.path\n") == []
    # ruff: "Import `random` from line 1 shadowed by loop variable", about the added line
    assert _ruff("picks = [1]\nfor random in picks:\n    print(random.choice)\n") == []


def test_fastapi_declarations_pasted_without_imports_are_not_calls_in_defaults() -> None:
    """``Depends(get_db)`` in a default argument is FastAPI's design, not bugbear's B008."""
    route = (
        '@app.get("/items")\n'
        "def read_items(db: Session = Depends(get_db), q: str = Query(None)):\n"
        "    return db.query(Item).all()\n"
    )
    assert missing_imports(route) == ["from fastapi import Depends", "from fastapi import Query"]
    assert not [rule for rule, _ in _ruff(route) if rule == "B008"]
    # Without a sign of FastAPI, a call in a default argument is still reported.
    assert ("B008", 1) in _ruff("def load(when=make_clock()):\n    return when\n")
    assert missing_imports("def f(p=Path('x')):\n    return p\n") == []
