"""The CLI is documented: every command has help, an example, and a README entry."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(
    encoding="utf-8"
)
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_command_has_help_with_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert f"graphkit {name}" in result.output, "the help shows an example call"


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_command_is_in_readme(name):
    assert f"`graphkit {name}" in README


def _readme_commands() -> list[str]:
    block = README.split("```", 2)[1]
    return [line for line in block.splitlines() if line.strip()]


def test_docs_readme_opens_with_run_and_test_commands():
    run, test = _readme_commands()[:2]
    assert run == "pip install -e . && graphkit build seeds/ --out out/"
    assert test == "pip install -e '.[test]' && pytest"
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert test.replace("pip install", "pip install -q") in ci


def test_docs_readme_run_command_parses():
    """The README's build call is accepted by the real CLI (parsed, not run)."""
    run = _readme_commands()[0].split("&&")[1]
    args = shlex.split(run)[1:]
    ctx = cli.make_context("graphkit", args[:1] + ["--help"], resilient_parsing=True)
    command = cli.get_command(ctx, args[0])
    command.make_context(args[0], args[1:])
