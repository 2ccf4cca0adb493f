"""The walkthrough notebooks run end to end against the current library."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")  # provides the "python3" kernel nbclient starts

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_run_end_to_end(path, tmp_path):
    # Run a copy beside a link to seeds/, so outputs land in tmp_path, not the repo.
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    work = tmp_path / "notebooks"
    work.mkdir()
    shutil.copy(path, work / path.name)
    notebook = nbformat.read(work / path.name, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
    )
    client.execute()
    outputs = [
        out
        for cell in notebook.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    ]
    assert not [out for out in outputs if out.get("output_type") == "error"]
    assert (work / "out" / "graph.html").is_file()
    text = "\n".join(
        str(out.get("data", {}).get("text/markdown", "")) + str(out.get("text", ""))
        for out in outputs
    )
    assert "Unknown actor 'Irann'. Did you mean:" in text
    assert "drone strike" in text
