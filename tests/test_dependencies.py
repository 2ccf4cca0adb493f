"""Every module imports on a fresh machine, and pyproject.toml declares what is used.

The import test names the module whose import fails, so a dependency missing from
``pyproject.toml`` shows up here before any other test trips over it (CI installs
the project into a fresh virtual environment without system site packages).
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "graphkit"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(_module_name(p) for p in PACKAGE.rglob("*.py"))


def _dist_name(requirement: str) -> str:
    """``"dask[distributed]>=2024.1"`` -> ``"dask"`` (normalised)."""
    name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _extras(requirement: str) -> set[str]:
    found = re.search(r"\[([^\]]*)\]", requirement)
    return {_dist_name(x) for x in found.group(1).split(",")} if found else set()


def _top_imports(paths: list[Path]) -> set[str]:
    """Top-level names of every absolute import in ``paths``."""
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"graphkit", "__future__"}


def _dists_of(modules: set[str]) -> set[str]:
    """The distributions that provide ``modules`` in this environment."""
    provided = packages_distributions()
    return {
        re.sub(r"[-_.]+", "-", dist).lower()
        for module in modules
        for dist in provided.get(module, [module])
    }


@pytest.mark.parametrize("module", MODULES)
def test_dependencies_every_module_imports(module):
    importlib.import_module(module)


def test_dependencies_every_runtime_import_is_declared():
    declared = set()
    for requirement in PYPROJECT["project"]["dependencies"]:
        declared |= {_dist_name(requirement)} | _extras(requirement)
    imported = _top_imports(sorted(PACKAGE.rglob("*.py")))
    undeclared = {module for module in imported if not _dists_of({module}) & declared}
    assert undeclared == set(), f"graphkit imports undeclared {sorted(undeclared)}"


def test_dependencies_every_declared_runtime_dependency_is_used():
    from graphkit.models import DEFAULT_MODEL

    used = _dists_of(_top_imports(sorted(PACKAGE.rglob("*.py"))))
    # The pinned spaCy pipeline is loaded by name, never imported.
    used |= _dists_of({DEFAULT_MODEL})
    stale = {_dist_name(r) for r in PYPROJECT["project"]["dependencies"]} - used
    assert stale == set(), f"declared but never used: {sorted(stale)}"


def test_dependencies_every_test_extra_is_used():
    """A test extra is imported by the tests or benchmarks, or run as a command."""
    sources = sorted((ROOT / "tests").rglob("*.py"))
    sources += sorted((ROOT / "benchmarks").glob("*.py"))
    used = _dists_of(_top_imports(sources))
    commands = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    commands += (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    stale = {
        name
        for name in map(
            _dist_name, PYPROJECT["project"]["optional-dependencies"]["test"]
        )
        if name not in used and not re.search(rf"\b{name}\b", commands)
    }
    assert stale == set(), f"test extras never used: {sorted(stale)}"


def test_dependencies_ruff_clean():
    """The code is lint-clean (ruff, configured in pyproject.toml)."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "graphkit", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_dependencies_mypy_clean():
    """``mypy graphkit`` is clean: the package ships ``py.typed``."""
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "mypy", "graphkit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
