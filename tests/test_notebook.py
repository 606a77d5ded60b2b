"""The analysts' notebook executes from top to bottom, from any folder, so it never rots."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "kim_putin_2023.ipynb"


@pytest.mark.slow
def test_notebook_executes_from_any_folder(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        # Not the checkout: the notebook finds its story through legmap, as a pip user's does.
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "matches the rail distance" in text
    assert "kim-putin-2023.png" in text
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<iframe srcdoc=" in h and "Kim" in h for h in html), "the built story shows inline"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "the print map and the small multiples are shown inline"
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "nothing written to the working folder"
