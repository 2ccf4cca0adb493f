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
    "graphkit.models": [
        "graphkit.lexicons",
        "graphkit.nlp",
        "graphkit.extract",
        "graphkit.graph",
        "graphkit.render",
        "spacy",
        "networkx",
    ],
    "graphkit.nlp": [
        "graphkit.extract",
        "graphkit.graph",
        "graphkit.render",
        "graphkit.corpus",
        "graphkit.dask_runner",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.extract": [
        "graphkit.graph",
        "graphkit.render",
        "graphkit.corpus",
        "graphkit.dask_runner",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.dask_runner": [
        "graphkit.corpus",
        "graphkit.graph",
        "graphkit.render",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.corpus": [
        "graphkit.graph",
        "graphkit.render",
        "graphkit.pipeline",
        "networkx",
    ],
    "graphkit.files": [
        "graphkit.ingest",
        "graphkit.lexicons",
        "graphkit.nlp",
        "graphkit.extract",
        "graphkit.graph",
        "graphkit.render",
        "spacy",
        "networkx",
    ],
    "graphkit.graph": [
        "graphkit.extract",
        "graphkit.nlp",
        "graphkit.corpus",
        "graphkit.dask_runner",
        "graphkit.render",
        "graphkit.pipeline",
        "spacy",
    ],
    "graphkit.render": [
        "graphkit.extract",
        "graphkit.nlp",
        "graphkit.corpus",
        "graphkit.dask_runner",
        "graphkit.pipeline",
        "spacy",
    ],
    "graphkit.pipeline": ["graphkit.cli"],
}


def _module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
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


def _graphkit_imports(path: Path, known: set[str], root: Path) -> set[str]:
    """The graphkit modules ``path`` imports, at any depth of the file.

    ``from pkg import mod`` imports the module ``pkg.mod`` when there is one,
    else the names of the package ``pkg``.
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in known else node.module)
    return (found & known) - {_module_name(path, root)}


def import_cycles(paths: list[Path], *, root: Path = PACKAGE) -> list[list[str]]:
    """Every cycle of imports between the modules at ``paths``, as module names.

    Imports inside functions count: a lazy import hides a cycle, it does not
    remove it.
    """
    known = {_module_name(p, root) for p in paths}
    graph = {_module_name(p, root): _graphkit_imports(p, known, root) for p in paths}
    cycles, done = [], set()
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            module, trail = stack.pop()
            for target in sorted(graph[module]):
                if target == start:
                    cycles.append(trail)
                elif target not in trail and target not in done:
                    stack.append((target, [*trail, target]))
        done.add(start)
    return cycles


def test_layering_no_import_cycle():
    assert import_cycles(MODULES) == []


def test_layering_import_cycles_are_found(tmp_path):
    package = tmp_path / "graphkit"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from graphkit.sub import b\n")
    (package / "sub" / "b.py").write_text("import graphkit.c\n")
    (package / "c.py").write_text("from graphkit import a\n")
    (package / "d.py").write_text("import graphkit.a\n")
    paths = sorted(package.rglob("*.py"))
    assert import_cycles(paths, root=package) == [
        ["graphkit.a", "graphkit.sub.b", "graphkit.c"]
    ]


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
