"""Data flows one way: no stage imports a later one (checked by parsing imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graphkit"

# module prefix -> imports it must never make (graphkit modules or third-party roots)
FORBIDDEN = {
    "graphkit.records": ["graphkit.", "spacy", "networkx"],
    "graphkit.errors": ["graphkit.", "spacy", "networkx"],
    "graphkit.lexicons": [
        "graphkit.nlp",
        "graphkit.extract",
        "graphkit.graph",
        "graphkit.render",
        "spacy",
        "networkx",
    ],
    "graphkit.ingest": [
        "graphkit.nlp",
        "graphkit.extract",
        "graphkit.graph",
        "graphkit.render",
        "spacy",
        "networkx",
    ],
    "graphkit.store": [
        "graphkit.extract",
        "graphkit.graph",
        "graphkit.render",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.nlp": [
        "graphkit.extract",
        "graphkit.graph",
        "graphkit.render",
        "graphkit.scale",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.extract": [
        "graphkit.graph",
        "graphkit.render",
        "graphkit.scale",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.cluster": [
        "graphkit.graph",
        "graphkit.render",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.scale": [
        "graphkit.graph",
        "graphkit.render",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.graph": [
        "graphkit.extract",
        "graphkit.nlp",
        "graphkit.scale",
        "graphkit.render",
        "graphkit.pipeline",
        "spacy",
    ],
    "graphkit.render": [
        "graphkit.extract",
        "graphkit.nlp",
        "graphkit.scale",
        "graphkit.pipeline",
        "spacy",
    ],
    "graphkit.pipeline": ["graphkit.cli"],
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_layering_no_stage_reaches_back(path):
    module = _module_name(path)
    rules = [
        bad
        for prefix, bads in FORBIDDEN.items()
        if module == prefix or module.startswith(prefix + ".")
        for bad in bads
    ]
    offending = sorted(
        name
        for name in _imports(path)
        for bad in rules
        if (
            name == bad.rstrip(".")
            or name.startswith(bad if bad.endswith(".") else bad + ".")
            or name == bad
        )
        and not name.startswith(module)
    )
    assert offending == [], f"{module} imports {offending}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_layering_nothing_imports_cli(path):
    if _module_name(path) in {"graphkit.cli", "graphkit.__main__"}:
        return
    assert "graphkit.cli" not in _imports(path)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_layering_no_seed_actor_names_in_code(path):
    text = path.read_text(encoding="utf-8")
    for name in (
        "Soleimani",
        "Sistani",
        "Khamenei",
        "Moqtada",
        "Sadr",
        "Popular Mobilization",
        "Muhandis",
    ):
        assert name not in text, f"{path.name} special-cases {name!r}"
