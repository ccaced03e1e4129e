"""The kernel in JupyterLab in a real browser (headless Chromium driven by Selenium): open a
notebook, run its cells, see every kind of output in the page, interrupt a training loop from
the toolbar, and render a saved notebook's outputs. Screenshots go to $SWIFTNB_TEST_ARTIFACTS
(default Tests/python/artifacts/).

Nothing is downloaded at run time: Debian's chromium and chromedriver are used, and the driver
path is given explicitly so Selenium Manager never runs."""
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import nbformat
import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = pathlib.Path(os.environ.get("SWIFTNB_TEST_ARTIFACTS", ROOT / "Tests" / "python" / "artifacts"))
# Generous: each cell compiles in 0.2–1 s, but the machine is shared with other builds.
STARTUP_TIMEOUT = 120
CELL_TIMEOUT = 120
INTERRUPT_DEADLINE = 10  # the kernel stops any cell within 1.5 s; 10 s allows for a loaded machine

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
    reason="headless browser test needs Debian's chromium and chromium-driver (`make apt` installs them)")]

# The notebook the browser runs, one cell per kind of output.
CELLS = {
    "greeting": 'var trainedSteps = 0\nlet greeting = "Hello from JupyterLab"\nprint(greeting)',
    "progress": "var losses: [Double] = []\n"
                'for epoch in progress(1...40, label: "epochs") {\n'
                "    losses.append(2.5 * exp(-Double(epoch) / 10) + 0.1)\n"
                "    usleep(50_000)\n"
                "}",
    "svg": 'let curve = Plot(width: 560, height: 300, title: "loss")\n'
           'curve.plot(Array(1...40), losses, label: "training loss")\n'
           'curve.xLabel = "epoch"\n'
           "curve",
    "png": "let xs = Array(stride(from: 0.0, through: 6.3, by: 0.05))\n"
           'let waves = Plot(width: 560, height: 300, title: "sin and cos")\n'
           'waves.plot(xs, xs.map { sin($0) }, label: "sin")\n'
           'waves.plot(xs, xs.map { cos($0) }, label: "cos")\n'
           "waves.format = .png\n"
           "waves",
    "compile_error": 'let answer: Int = "forty-two"',
    "expression": "[1, 2, 3].map { $0 * 14 }",
    # Runs far longer than the test waits: only an interrupt ends it.
    "training": "let model = Linear(4, 1)\n"
                "let optimizer = SGD(model.parameters, lr: 0.01)\n"
                "let inputs = Tensor.randn([64, 4]), targets = Tensor.randn([64, 1])\n"
                'for step in progress(1...10_000_000, label: "training") {\n'
                "    optimizer.zeroGrad()\n"
                "    mse(model(inputs), targets).backward()\n"
                "    optimizer.step()\n"
                "    trainedSteps = step\n"
                "}",
    "after_interrupt": 'print("still here:", greeting, "after", trainedSteps > 0 ? "some" : "no", "training steps")',
}


# MARK: - Processes


def processes_mentioning(marker):
    """Pids whose command line contains `marker` (a unique temporary path)."""
    pids = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:
            pass
    return pids


def kill_group(pid, grace=10):
    """SIGTERM to the process group led by `pid`, SIGKILL if it is still there after `grace` s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)


def reap_everything_under(marker):
    """Kills every process that still names our temporary directory (kernels, which jupyter_client
    starts in their own sessions, and their workers), then checks that none is left."""
    for pid in processes_mentioning(marker):
        try:
            kill_group(os.getpgid(pid), grace=3)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while (left := processes_mentioning(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"processes outlived the test: {left}"


# MARK: - JupyterLab and the browser


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 and an OS-chosen port, with its own config, data and
    runtime directories (so no user setting or workspace leaks in) and a temporary root dir.
    The Swift kernelspec comes from this virtualenv (`make install-kernel`)."""
    base = tmp_path_factory.mktemp("jupyterlab")
    notebooks, config, data, runtime = (base / name for name in ("root", "config", "data", "runtime"))
    for directory in (notebooks, config, data, runtime):
        directory.mkdir()
    # No news/announcement pop-up over the notebook; cells stay in the DOM when scrolled away.
    (config / "labconfig").mkdir()
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    tracker_settings = config / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker_settings.mkdir(parents=True)
    (tracker_settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))

    token = uuid.uuid4().hex
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config), JUPYTER_DATA_DIR=str(data),
               JUPYTER_RUNTIME_DIR=str(runtime), JUPYTER_PLATFORM_DIRS="1",
               PATH=f"{pathlib.Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    log = open(artifacts_dir() / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         "--ServerApp.port=0", "--ServerApp.port_retries=0", f"--ServerApp.root_dir={notebooks}",
         f"--IdentityProvider.token={token}", "--ServerApp.allow_root=True",  # CI runs as root
         "--ServerApp.terminals_enabled=False", "--LabApp.extension_manager=readonly",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = wait_for_server_url(server, runtime)
        yield {"url": url, "token": token, "root": notebooks, "env": env, "marker": str(base)}
    finally:
        try:
            # A clean shutdown stops the kernels too; the kills below are for when it cannot.
            request = urllib.request.Request(f"{url}api/shutdown", method="POST",
                                             headers={"Authorization": f"token {token}"})
            urllib.request.urlopen(request, timeout=10)
            server.wait(timeout=20)
        except Exception:
            pass
        kill_group(server.pid)
        server.wait(timeout=10)
        log.close()
        reap_everything_under(str(base))


def wait_for_server_url(server, runtime):
    """The server's URL from the jpserver-PID.json file it writes once it listens."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, "jupyter lab exited at start: see jupyterlab.log in the artifacts"
        info_file = runtime / f"jpserver-{server.pid}.json"
        if info_file.exists():
            try:
                info = json.loads(info_file.read_text())
            except json.JSONDecodeError:
                info = None  # written but not complete yet
            if info:
                url = f"http://127.0.0.1:{info['port']}{info['base_url']}"
                try:
                    urllib.request.urlopen(f"{url}api/status?token={info['token']}", timeout=5)
                    return url
                except OSError:
                    pass
        time.sleep(0.3)
    raise AssertionError(f"jupyter lab did not start within {STARTUP_TIMEOUT} s")


def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def browser(lab, request):
    """Headless Chromium with the system chromedriver, in its own process group."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = pathlib.Path(lab["marker"]) / f"chromium-{uuid.uuid4().hex[:8]}"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--force-device-scale-factor=1", "--no-first-run",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(artifacts_dir() / "chromedriver.log"),
                      popen_kw={"start_new_session": True})
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        try:
            screenshot(driver, f"{request.node.name}-last.png")  # the page as the test left it, pass or fail
        except Exception:
            pass
        try:
            driver.quit()
        finally:
            if service.process is not None:
                kill_group(service.process.pid, grace=5)


# MARK: - The page


def wait(driver, condition, timeout, message):
    return WebDriverWait(driver, timeout, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,)) \
        .until(lambda _: condition(), message=message)


# The notebook tab in front (a hidden tab's panel stays in the page).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def open_notebook(driver, lab, name, cell_count):
    """Opens the notebook by URL and waits until every cell is in the page (JupyterLab adds
    them in batches) and its kernel is idle."""
    # A fresh workspace each time, so tabs from an earlier test are not restored beside it.
    driver.get(f"{lab['url']}lab/workspaces/{uuid.uuid4().hex[:8]}/tree/{name}?token={lab['token']}")
    wait(driver, lambda: len(driver.find_elements(By.CSS_SELECTOR, f"{NOTEBOOK} .jp-Cell")) == cell_count,
         STARTUP_TIMEOUT, f"{name} did not open in JupyterLab with its {cell_count} cells")
    wait_for_kernel_idle(driver, STARTUP_TIMEOUT)


def kernel_status(driver):
    """The front notebook's kernel as the status bar shows it ("Swift | Idle" → "idle"). Not the
    toolbar's indicator: that reads "idle" before the kernel has even started."""
    items = driver.find_elements(By.CSS_SELECTOR, '#jp-main-statusbar .jp-StatusBar-TextItem[title^="Change kernel"]')
    if not items:
        return None
    kernel, _, status = items[0].text.partition(" | ")
    return status.lower() if kernel == "Swift" else f"{status.lower()} ({kernel})"


def wait_for_kernel_idle(driver, timeout):
    wait(driver, lambda: kernel_status(driver) == "idle", timeout,
         f"the kernel was not idle within {timeout} s (status: {kernel_status(driver)})")


def code_cells(driver):
    return driver.find_elements(By.CSS_SELECTOR, f"{NOTEBOOK} .jp-Notebook .jp-CodeCell")


def prompt(cell):
    return cell.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text.strip()


def outputs(cell):
    return cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output")


def run_cell(driver, index):
    """Selects code cell `index` and presses Shift+Enter, as a user does; returns the cell.
    JupyterLab marks the cell `[*]` as soon as it sends the request, so a prompt still blank
    after a few seconds means the keys went nowhere (focus still settling after the page
    opened), and it is safe to press them again."""
    cell = code_cells(driver)[index]
    for attempt in range(3):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
        cell.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").click()
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
        try:
            wait(driver, lambda: prompt(cell) != "[ ]:", 5, "")
            return cell
        except TimeoutException:
            print(f"Shift+Enter on code cell {index} did not start it (attempt {attempt + 1})")
    raise AssertionError(f"code cell {index} would not start: prompt {prompt(cell)!r}")


def wait_until_ran(driver, cell, timeout=CELL_TIMEOUT):
    """Until the cell's prompt shows its execution count (not `[*]` or blank) and the kernel is idle."""
    wait(driver, lambda: prompt(cell)[1:-2].isdigit() and kernel_status(driver) == "idle", timeout,
         f"cell did not finish within {timeout} s (prompt {prompt(cell)!r})")


def image_is_decoded(driver, img):
    return driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img)


def screenshot(driver, name):
    # The pointer off the notebook, so no output shows its hover shading.
    ActionChains(driver).move_to_element(driver.find_element(By.ID, "jp-main-statusbar")).perform()
    driver.save_screenshot(str(artifacts_dir() / name))


def progress_values(cell):
    return [(int(bar.get_attribute("value")), int(bar.get_attribute("max")))
            for bar in cell.find_elements(By.CSS_SELECTOR, "progress")]


# MARK: - Tests


def test_cells_run_show_outputs_and_stop_on_interrupt(lab, browser):
    driver = browser
    names = list(CELLS)
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# SwiftNB in JupyterLab")]
        + [nbformat.v4.new_code_cell(source) for source in CELLS.values()],
        metadata={"kernelspec": {"name": "swift", "display_name": "Swift", "language": "swift"}})
    nbformat.write(notebook, lab["root"] / "browser_check.ipynb")
    open_notebook(driver, lab, "browser_check.ipynb", len(notebook.cells))
    assert len(code_cells(driver)) == len(CELLS)

    cell = run_cell(driver, names.index("greeting"))
    wait_until_ran(driver, cell)
    assert [o.text for o in outputs(cell)] == ["Hello from JupyterLab"]

    # The bar is one output replaced in place: seen part-way while running, then complete.
    cell = run_cell(driver, names.index("progress"))
    seen = set()
    deadline = time.monotonic() + CELL_TIMEOUT
    while not (prompt(cell)[1:-2].isdigit() and kernel_status(driver) == "idle"):
        assert time.monotonic() < deadline, "the progress cell did not finish"
        try:
            seen.update(progress_values(cell))
        except StaleElementReferenceException:
            pass  # replaced by an update between the query and the read
        time.sleep(0.05)
    assert progress_values(cell) == [(40, 40)]
    assert len(outputs(cell)) == 1
    assert "40/40 [100%]" in outputs(cell)[0].text and "epochs" in outputs(cell)[0].text
    assert any(value < 40 for value, _ in seen), f"the bar was never seen before it completed: {seen}"

    cell = run_cell(driver, names.index("svg"))
    wait_until_ran(driver, cell)
    svg_images = cell.find_elements(By.CSS_SELECTOR, ".jp-RenderedSVG img")
    assert len(svg_images) == 1 and svg_images[0].get_attribute("src").startswith("data:image/svg+xml")
    assert image_is_decoded(driver, svg_images[0])
    assert svg_images[0].size["width"] > 300

    cell = run_cell(driver, names.index("png"))
    wait_until_ran(driver, cell)
    png_images = cell.find_elements(By.CSS_SELECTOR, ".jp-RenderedImage img")
    assert len(png_images) == 1 and png_images[0].get_attribute("src").startswith("data:image/png;base64,")
    assert image_is_decoded(driver, png_images[0])
    assert driver.execute_script("return arguments[0].naturalWidth", png_images[0]) == 560

    # The documentation's screenshot: the greeting, the progress bar and the SVG plot.
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", code_cells(driver)[0])
    time.sleep(0.5)
    screenshot(driver, "jupyterlab-outputs.png")

    cell = run_cell(driver, names.index("compile_error"))
    wait_until_ran(driver, cell)
    error_text = outputs(cell)[0].text
    assert "error: cannot convert value of type 'String' to specified type 'Int'" in error_text
    assert 'let answer: Int = "forty-two"' in error_text  # the user's own line, not generated code
    assert cell.find_elements(By.CSS_SELECTOR, '[data-mime-type="application/vnd.jupyter.stderr"]')

    cell = run_cell(driver, names.index("expression"))
    wait_until_ran(driver, cell)
    assert len(outputs(cell)) == 1 and outputs(cell)[0].text == "[14, 28, 42]"
    assert len(cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-executeResult")) == 1  # an Out[n], not printed
    screenshot(driver, "jupyterlab-errors-and-values.png")

    # Interrupt from the toolbar's stop button once training is visibly under way.
    cell = run_cell(driver, names.index("training"))
    wait(driver, lambda: any(value > 0 for value, _ in progress_values(cell)), CELL_TIMEOUT,
         "the training loop's progress bar never advanced")
    assert kernel_status(driver) == "busy"
    stop = driver.find_element(By.CSS_SELECTOR, f'{NOTEBOOK} .jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]')
    stop.click()
    clicked = time.monotonic()
    wait_until_ran(driver, cell, timeout=INTERRUPT_DEADLINE)
    stopped_after = time.monotonic() - clicked
    error_text = outputs(cell)[-1].text
    assert "KeyboardInterrupt" in error_text and "variables are kept" in error_text
    screenshot(driver, "jupyterlab-interrupted.png")
    print(f"interrupt: kernel idle {stopped_after:.1f} s after the click")

    cell = run_cell(driver, names.index("after_interrupt"))
    wait_until_ran(driver, cell)
    assert [o.text for o in outputs(cell)] == ["still here: Hello from JupyterLab after some training steps"]


def saved_notebook():
    """The transfer-learning notebook once it exists, else the tour."""
    transfer = ROOT / "Notebooks" / "transfer_learning.ipynb"
    return transfer if transfer.exists() else ROOT / "Notebooks" / "tour.ipynb"


def test_saved_notebook_outputs_render(lab, browser, swiftnb):
    source = saved_notebook()
    target = lab["root"] / source.name
    notebook = nbformat.read(source, as_version=4)
    if not any(cell.get("outputs") for cell in notebook.cells):
        # Committed without outputs: execute it headlessly first, as `make notebooks` does, in
        # its quick mode when its parameters offer one (as `make notebooks-ci` runs it).
        quick = any("parameters" in cell.metadata.get("tags", []) and re.search(r"\bvar ci\b", cell.source)
                    for cell in notebook.cells)
        subprocess.run([swiftnb, "run", str(source), "-o", str(target)] + (["-p", "ci", "true"] if quick else []),
                       check=True, timeout=540)
    else:
        shutil.copy(source, target)
    saved = nbformat.read(target, as_version=4)
    mime_types = {key for cell in saved.cells for output in cell.get("outputs", []) for key in output.get("data", {})}
    # JupyterLab shows SVG and HTML from a notebook only once it is trusted, as a user's own
    # executed notebook is; untrusted, an SVG plot reads "Cannot display an untrusted SVG".
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(target)], env=lab["env"], check=True,
                   capture_output=True, timeout=60)

    open_notebook(browser, lab, target.name, len(saved.cells))
    page = browser.find_element(By.CSS_SELECTOR, f"{NOTEBOOK} .jp-Notebook")
    # Saved outputs are rendered at once; nothing runs here.
    wait(browser, lambda: page.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output"), STARTUP_TIMEOUT,
         "no saved output rendered")
    assert "Cannot display an untrusted" not in page.text

    tables = page.find_elements(By.CSS_SELECTOR, ".jp-RenderedHTMLCommon table")
    assert tables, "no table rendered"
    assert tables[0].find_elements(By.CSS_SELECTOR, "th") and tables[0].find_elements(By.CSS_SELECTOR, "td")

    plots = page.find_elements(By.CSS_SELECTOR, ".jp-RenderedSVG img, .jp-RenderedImage img")
    assert plots, f"no plot rendered (saved MIME types: {sorted(mime_types)})"
    for img in plots:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
        wait(browser, lambda: image_is_decoded(browser, img), 30, "a saved plot did not decode")
    screenshot(browser, f"jupyterlab-saved-{target.stem}.png")
