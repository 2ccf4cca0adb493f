"""Run graphkit's CLI as ``python -m graphkit``."""

from graphkit.cli import cli

if __name__ == "__main__":
    cli()
