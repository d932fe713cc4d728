"""The documentation site (issue 9): it builds with ``mkdocs build --strict``, every Python
example on its pages runs, and the notebook executes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

from tests.doc_examples import DOCS, python_blocks, run_examples

ROOT = Path(__file__).resolve().parent.parent
# Pages whose examples have their own runner elsewhere in the suite: not run twice.
RUN_ELSEWHERE = {
    "predictions.md": "tests/prediction/test_docs.py",
    "models.md": "tests/store/test_model_versions.py",
    "server.md": "tests/server/test_docs.py",
    "batch-jobs.md": "tests/store/test_batch_jobs_doc.py",
    "faults.md": "tests/test_faults.py",
}
# A page of test functions: run by pytest, as a user would.
AS_TEST_MODULE = {"pytest.md"}
RUN_HERE = sorted(
    page.name
    for page in DOCS.glob("*.md")
    if python_blocks(page.name) and page.name not in {*RUN_ELSEWHERE, *AS_TEST_MODULE}
)


blocks = python_blocks


def test_the_site_builds_strict(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "pipeline" / "index.html").exists()
    assert (tmp_path / "site" / "images" / "dashboard.png").read_bytes()[:4] == b"\x89PNG"


def test_every_page_with_examples_is_run_somewhere() -> None:
    assert {"quickstart.md", "pipeline.md", "notebooks.md", "detectorpl.md"} <= set(RUN_HERE)
    for page, runner in RUN_ELSEWHERE.items():
        if (DOCS / page).exists():
            assert page in (ROOT / runner).read_text(), f"{runner} does not run {page}"


@pytest.mark.parametrize("page", RUN_HERE)
def test_the_examples_of_a_page_run(page: str, tmp_path: Path) -> None:
    """A page's blocks run in order in one namespace, as a reader would paste them."""
    run_examples(page)


def test_the_pytest_guide_is_a_passing_test_module(tmp_path: Path) -> None:
    examples = blocks("pytest.md")
    (tmp_path / "test_pytest_guide.py").write_text("\n\n".join(examples))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert "5 passed" in done.stdout


def test_the_notebook_executes() -> None:
    notebook = nbformat.read(DOCS / "notebooks" / "quickstart.ipynb", as_version=4)
    stored = [cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"]
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    executed = [cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"]
    # The kept outputs are the ones a run gives today.
    assert [_texts(o) for o in executed] == [_texts(o) for o in stored]
    assert "('large', ['review'])" in _texts(executed[2])


def _texts(outputs: list[dict[str, dict[str, str]]] | None) -> str:
    return "".join(
        str(output.get("data", {}).get("text/plain", output.get("text", "")))
        for output in outputs or []
    )
