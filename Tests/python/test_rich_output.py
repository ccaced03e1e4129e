"""Rich output through the kernel, as JupyterLab receives it, and in the runner's saved notebook."""
import base64
import struct
import subprocess
import xml.etree.ElementTree as ElementTree

import nbformat
import pytest
from conftest import write_notebook
from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


@pytest.fixture(scope="module")
def kc():
    km, kc = start_new_kernel(kernel_name="swift", startup_timeout=TIMEOUT)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def outputs(kc, code):
    messages = []
    reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=messages.append)
    assert reply["content"]["status"] == "ok", reply["content"]
    return [m for m in messages if m["msg_type"] not in ("status", "execute_input")]


def png_size(data):
    raw = base64.b64decode(data)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", raw[16:24])


def test_a_cell_ending_in_a_plot_shows_parseable_svg(kc):
    messages = outputs(kc, 'let p = Plot(title: "waves")\np.plot([0, 1, 2], [0, 1, 0], label: "up-down")\np')
    assert [m["msg_type"] for m in messages] == ["execute_result"]
    svg = messages[0]["content"]["data"]["image/svg+xml"]
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "waves" in svg and "up-down" in svg


def test_png_figures_have_the_requested_size(kc):
    messages = outputs(kc, 'let f = Plot(width: 320, height: 200)\nf.bar(["a", "b"], [1, 100])\nf.yScale = .log\nf.format = .png\ndisplay(f)')
    assert messages[0]["msg_type"] == "display_data"
    assert png_size(messages[0]["content"]["data"]["image/png"]) == (320, 200)


def test_print_display_print_arrive_in_order(kc):
    messages = outputs(kc, 'print("A")\ndisplay(Table(columns: ["k"], rows: [["v"]]))\nprint("B")')
    seen = [(m["msg_type"], m["content"].get("text") or sorted(m["content"].get("data", {}))) for m in messages]
    assert seen == [("stream", "A\n"), ("display_data", ["text/html", "text/plain"]), ("stream", "B\n")]


def test_progress_bar_updates_in_place_and_is_rate_limited(kc):
    messages = outputs(kc, 'for _ in progress(0..<400, label: "fast") { Thread.sleep(forTimeInterval: 0.002) }')
    first, updates = messages[0], messages[1:]
    assert first["msg_type"] == "display_data"
    display_id = first["content"]["transient"]["display_id"]
    assert updates and all(m["msg_type"] == "update_display_data" for m in updates)
    assert all(m["content"]["transient"]["display_id"] == display_id for m in updates)
    assert len(updates) < 40, "updates are rate-limited, not one per step"
    assert "400/400" in updates[-1]["content"]["data"]["text/plain"]


def test_clear_output_is_sent(kc):
    messages = outputs(kc, 'print("gone")\nclearOutput(wait: true)\nprint("kept")')
    assert [m["msg_type"] for m in messages] == ["stream", "clear_output", "stream"]
    assert messages[1]["content"]["wait"] is True


def test_the_runner_saves_final_states(swiftnb, tmp_path):
    source = write_notebook(tmp_path / "rich.ipynb",
                            'for _ in progress(0..<200, label: "saved") { Thread.sleep(forTimeInterval: 0.002) }',
                            'let q = Plot()\nq.scatter([1, 2], [3, 4])\nq')
    subprocess.run([swiftnb, "run", str(source)], check=True, timeout=300)
    executed = nbformat.read(source, as_version=4)
    bar_outputs = executed.cells[0].outputs
    assert len(bar_outputs) == 1 and "200/200" in bar_outputs[0].data["text/plain"]
    assert "image/svg+xml" in executed.cells[1].outputs[0].data
