"""Shared setup: the Swift kernelspec must be installed in this virtualenv (make install-kernel),
and kernels started by the tests keep their history in a throwaway file."""
import os
import pathlib
import tempfile

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager

ROOT = pathlib.Path(__file__).resolve().parents[2]
SWIFTNB = ROOT / ".build" / "release" / "swiftnb"
os.environ.setdefault("SWIFTNB_HISTORY_FILE", os.path.join(tempfile.mkdtemp(prefix="swiftnb-history-"), "history.jsonl"))


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives JupyterLab in headless Chromium (deselect with -m 'not browser')")
    specs = KernelSpecManager().find_kernel_specs()
    if "swift" not in specs:
        raise pytest.UsageError("the 'swift' kernelspec is not installed: run `make install-kernel` first")


@pytest.fixture
def swiftnb():
    return str(SWIFTNB)


def write_notebook(path, *sources):
    """Writes a notebook of code cells with these sources to `path`; returns the path."""
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources]), path)
    return path
