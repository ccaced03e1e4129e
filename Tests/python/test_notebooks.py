"""Notebooks run headlessly: by `swiftnb run`, nbclient, nbconvert and papermill."""
import json
import os
import pathlib
import subprocess
import sys

import nbformat
import pytest
from conftest import write_notebook
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOUR = ROOT / "Notebooks" / "tour.ipynb"
PARAMS = ROOT / "Tests" / "python" / "notebooks" / "params.ipynb"


def outputs_by_cell(nb):
    return [c.outputs for c in nb.cells if c.cell_type == "code"]


def text_of(outputs):
    parts = []
    for o in outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            parts.append(o.data.get("text/plain", ""))
        elif o.output_type == "error":
            parts.append(f"{o.ename}: {o.evalue}")
    return "".join(parts)


def check_tour(nb):
    """The tour's expected outputs, whoever ran it."""
    nbformat.validate(nb)
    cells = outputs_by_cell(nb)
    assert len(nb.cells) >= 10
    assert text_of(cells[2]) == "Hello, notebook #1\nHello, notebook #2\n(2.0, 1.0)"
    assert cells[2][-1].output_type == "execute_result"
    assert text_of(cells[3]) == "(3.0, 3.0)"
    assert text_of(cells[4]) == "12"  # origin redefined as a String
    assert cells[5][0].text == "progress: 1 2 3\n" and "text/html" in cells[5][1].data
    compile_error = cells[6][0]
    assert compile_error.output_type == "error" and compile_error.ename == "CompileError"
    assert ":1:18: error: cannot convert value of type 'String' to specified type 'Int'" in compile_error.traceback[0]
    trap = cells[7][0]
    assert trap.output_type == "error" and "Index out of range" in trap.evalue
    assert text_of(cells[8]) == "still here: Hello now a String [1, 2, 3]\n"
    svg = cells[9][0].data["image/svg+xml"]
    assert svg.lstrip().startswith("<?xml") and "tanh(x)" in svg


def test_swiftnb_run_executes_the_tour(swiftnb, tmp_path):
    out = tmp_path / "tour.ipynb"
    result = subprocess.run([swiftnb, "run", str(TOUR), "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    check_tour(nbformat.read(out, as_version=4))


def test_nbclient_executes_the_tour():
    nb = nbformat.read(TOUR, as_version=4)
    NotebookClient(nb, kernel_name="swift", timeout=300).execute()
    check_tour(nb)


def test_nbconvert_executes_the_tour(tmp_path):
    out = tmp_path / "tour.nbconvert.ipynb"
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.kernel_name=swift", str(TOUR), "--output", str(out)],
                   check=True, capture_output=True, timeout=300)
    check_tour(nbformat.read(out, as_version=4))


def test_parameters_are_injected_after_the_parameters_cell(swiftnb, tmp_path):
    out = tmp_path / "params.ipynb"
    subprocess.run([swiftnb, "run", str(PARAMS), "-o", str(out), "-p", "epochs", "3", "-p", "rate", "2",
                    "-p", "label", "tuned"], check=True, timeout=300)
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[1].metadata.tags == ["injected-parameters"]
    assert "var rate = 2.0" in nb.cells[1].source  # a Double stays a Double
    assert text_of(nb.cells[2].outputs) == "tuned: 6.0\n"


def test_papermill_runs_with_swift_parameters(tmp_path):
    out = tmp_path / "params.pm.ipynb"
    subprocess.run([sys.executable, str(ROOT / "Tools" / "papermill_swift.py"), str(PARAMS), str(out),
                    "-p", "epochs", "4", "-p", "label", "pm"], check=True, capture_output=True, timeout=300)
    nb = nbformat.read(out, as_version=4)
    assert text_of(outputs_by_cell(nb)[-1]) == "pm: 2.0\n"


def test_a_failing_cell_stops_the_run_with_status_1(swiftnb, tmp_path):
    source = write_notebook(tmp_path / "fail.ipynb", 'print("before")', 'let broken: Int = "x"', 'print("never")')
    out = tmp_path / "fail.out.ipynb"
    result = subprocess.run([swiftnb, "run", str(source), "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "cannot convert value of type 'String'" in result.stderr
    executed = nbformat.read(out, as_version=4)
    assert text_of(executed.cells[0].outputs) == "before\n"
    assert executed.cells[1].outputs[0].output_type == "error"
    assert executed.cells[2].outputs == []


@pytest.mark.parametrize("content,problem", [
    (b"{ not json", "not valid JSON"),
    (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "not an nbformat 4 notebook"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code"}]}).encode(),
     "not an nbformat 4 notebook"),
])
def test_a_broken_notebook_exits_2_and_writes_nothing(swiftnb, tmp_path, content, problem):
    source, out = tmp_path / "broken.ipynb", tmp_path / "out.ipynb"
    source.write_bytes(content)
    result = subprocess.run([swiftnb, "run", str(source), "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert str(source) in result.stderr and problem in result.stderr
    assert not out.exists()
    assert source.read_bytes() == content


def test_the_output_is_replaced_atomically(swiftnb, tmp_path):
    out = tmp_path / "params.out.ipynb"
    out.write_text("previous contents")
    subprocess.run([swiftnb, "run", str(PARAMS), "-o", str(out)], check=True, timeout=300)
    nbformat.validate(nbformat.read(out, as_version=4))
    assert [p.name for p in tmp_path.iterdir()] == ["params.out.ipynb"]  # no temporary file left


def test_a_parameter_of_the_wrong_type_exits_2_before_running(swiftnb, tmp_path):
    out = tmp_path / "out.ipynb"
    result = subprocess.run([swiftnb, "run", str(PARAMS), "-o", str(out), "-p", "epochs", "2.5"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "parameter 'epochs' is a Int" in result.stderr or "parameter 'epochs' is an Int" in result.stderr
    assert not out.exists()


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(swiftnb, tmp_path):
    target, link = tmp_path / "target.ipynb", tmp_path / "link.ipynb"
    target.write_text("old")
    target.chmod(0o600)
    link.symlink_to(target)
    subprocess.run([swiftnb, "run", str(PARAMS), "-o", str(link)], check=True, timeout=300)
    assert link.is_symlink()
    nbformat.validate(nbformat.read(target, as_version=4))
    assert (target.stat().st_mode & 0o777) == 0o600


@pytest.mark.parametrize("destination", ["/dev/null", "/nonexistent-folder/out.ipynb"])
def test_an_unusable_output_path_exits_2_before_running(swiftnb, destination):
    result = subprocess.run([swiftnb, "run", str(PARAMS), "-o", destination], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "cannot save the executed notebook" in result.stderr


def test_timeout_interrupts_a_runaway_cell_and_earlier_outputs_are_saved(swiftnb, tmp_path):
    source = write_notebook(tmp_path / "runaway.ipynb", 'print("finished first")', 'var spin = 0\nwhile true { spin &+= 1 }')
    result = subprocess.run([swiftnb, "run", str(source), "--timeout", "3"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "KeyboardInterrupt" in result.stderr
    executed = nbformat.read(source, as_version=4)
    assert text_of(executed.cells[0].outputs) == "finished first\n"
    assert executed.cells[1].outputs[0].ename == "KeyboardInterrupt"
