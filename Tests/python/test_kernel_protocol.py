"""The kernel over ZeroMQ as Jupyter's own client sees it: execute options, stdin, interrupts,
restart, and bad input on the wire."""
import os
import queue
import time

import pytest
import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

TIMEOUT = 120


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="swift", startup_timeout=TIMEOUT)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code, **options):
    """Executes and returns (reply, iopub messages for the request)."""
    messages = []
    reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=messages.append, **options)
    return reply, [m for m in messages if m["msg_type"] != "status"]


def kinds(messages):
    """Message types in order, consecutive streams counted once (text may arrive in pieces)."""
    result = []
    for m in messages:
        if m["msg_type"] != "status" and not (m["msg_type"] == "stream" and result[-1:] == ["stream"]):
            result.append(m["msg_type"])
    return result


def test_kernel_info_describes_swift(kernel):
    _, kc = kernel
    info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
    language = info["language_info"]
    assert info["status"] == "ok" and info["protocol_version"] == "5.4"
    assert language["name"] == "swift" and language["mimetype"] == "text/x-swift"
    assert language["file_extension"] == ".swift" and language["pygments_lexer"] == "swift"
    assert language["codemirror_mode"] == "swift" and language["version"][0].isdigit()


def test_execute_publishes_input_outputs_and_counts(kernel):
    _, kc = kernel
    reply, messages = run(kc, 'print("one")\n40 + 2')
    assert kinds(messages) == ["execute_input", "stream", "execute_result"]
    count = reply["content"]["execution_count"]
    assert messages[-1]["content"]["execution_count"] == count
    again, _ = run(kc, "let y = 1 + 1")
    assert again["content"]["execution_count"] == count + 1


def test_silent_and_unstored_executions_do_not_count(kernel):
    _, kc = kernel
    before = run(kc, "var hidden = 0")[0]["content"]["execution_count"]
    reply, messages = run(kc, 'hidden += 1\nprint("quiet")', silent=True)
    assert reply["content"]["status"] == "ok" and kinds(messages) == []
    run(kc, "hidden += 1", store_history=False)
    reply, messages = run(kc, "hidden")
    assert reply["content"]["execution_count"] == before + 1
    assert messages[-1]["content"]["data"]["text/plain"] == "2"


def test_stop_on_error_aborts_requests_queued_behind_the_error(kernel):
    _, kc = kernel
    ids = [kc.execute('fatalError("first fails")'), kc.execute('print("queued")'), kc.execute('print("queued too")')]
    replies = {}
    while len(replies) < 3:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
    assert [replies[i] for i in ids] == ["error", "aborted", "aborted"]
    assert run(kc, 'print("runs again")')[0]["content"]["status"] == "ok"


def test_without_stop_on_error_queued_requests_run(kernel):
    _, kc = kernel
    first = kc.execute('fatalError("fails alone")', stop_on_error=False)
    second = kc.execute('print("runs")')
    statuses = {}
    while len(statuses) < 2:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        statuses[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
    assert statuses == {first: "error", second: "ok"}


def test_read_line_asks_the_frontend_for_input(kernel):
    _, kc = kernel
    prompts = []

    def answer(msg):
        prompts.append(msg["content"]["prompt"])
        kc.input("Ada")

    kc.execute_interactive('let who = readLine(prompt: "Name? ")', timeout=TIMEOUT, allow_stdin=True, stdin_hook=answer)
    assert prompts == ["Name? "]
    _, messages = run(kc, "print(who ?? \"nobody\")")
    assert messages[-1]["content"]["text"] == "Ada\n"


def test_read_line_without_stdin_returns_nil_at_once(kernel):
    _, kc = kernel
    started = time.time()
    _, messages = run(kc, 'print(readLine() == nil)', allow_stdin=False)
    assert messages[-1]["content"]["text"] == "true\n" and time.time() - started < 30


def interrupt_after(kc, code, interrupt, delay=0.5):
    """Runs `code`, interrupts it once it is running (it prints "running" first), and returns
    (the execute reply, seconds from the interrupt to the reply)."""
    msg_id = kc.execute('print("running")\n' + code)
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            break
    time.sleep(delay)
    started = time.time()
    interrupt()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply, time.time() - started


def test_interrupt_request_on_control_stops_a_busy_cell_and_keeps_state(kernel):
    _, kc = kernel
    run(kc, "var kept = 41")
    msg = kc.session.msg("interrupt_request", {})
    reply, took = interrupt_after(kc, "var spin = 0\nwhile true { spin &+= 1 }", lambda: kc.control_channel.send(msg))
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    assert took < 10
    assert kc.get_control_msg(timeout=TIMEOUT)["msg_type"] == "interrupt_reply"
    assert run(kc, "kept + 1")[1][-1]["content"]["data"]["text/plain"] == "42"


def test_sigint_interrupts_a_sleeping_cell(kernel):
    km, kc = kernel
    reply, took = interrupt_after(kc, "Thread.sleep(forTimeInterval: 60)", km.interrupt_kernel)
    assert reply["content"]["ename"] == "KeyboardInterrupt" and took < 10


def test_comm_info_is_empty_and_history_is_kept(kernel):
    _, kc = kernel
    kc.comm_info()
    assert kc.get_shell_msg(timeout=TIMEOUT)["content"] == {"status": "ok", "comms": {}}
    run(kc, "let remembered = 7")
    history = kc.history(hist_access_type="tail", n=1, reply=True, timeout=TIMEOUT)["content"]["history"]
    assert history[-1][2] == "let remembered = 7"


def test_restart_loses_state_and_the_kernel_answers():
    km, kc = start_new_kernel(kernel_name="swift", startup_timeout=TIMEOUT)
    try:
        run(kc, "var lost = 1")
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        reply, _ = run(kc, "print(lost)")
        assert reply["content"]["status"] == "error"
        assert run(kc, 'print("fresh")')[0]["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_bad_frames_are_dropped_and_nothing_executes(kernel, tmp_path):
    km, kc = kernel
    marker = tmp_path / "executed"
    code = f'FileManager.default.createFile(atPath: "{marker}", contents: nil)'
    context = zmq.Context.instance()
    shell = context.socket(zmq.DEALER)
    shell.connect(f"tcp://{km.ip}:{km.shell_port}")
    wrong_key = Session(key=b"not-the-key", session=kc.session.session)
    forged = wrong_key.msg("execute_request", {"code": code, "silent": False})
    frames = [
        [b"plain garbage"],
        [b"<IDS|MSG>", b"sig", b"{", b"}", b"{}", b"{}"],                        # invalid JSON
        wrong_key.serialize(forged),                                             # wrong signature
        kc.session.serialize(kc.session.msg("no_such_request", {})),             # unknown msg_type
        [b"<IDS|MSG>"],                                                           # missing fields
        [os.urandom(64) for _ in range(7)],
    ]
    for parts in frames:
        shell.send_multipart(parts)
    time.sleep(1)
    assert not marker.exists()
    assert kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]["status"] == "ok"
    assert run(kc, 'print("alive")')[0]["content"]["status"] == "ok"
    shell.close(linger=0)


def complete(kc, code, cursor=None):
    kc.complete(code, cursor_pos=len(code) if cursor is None else cursor)
    return kc.get_shell_msg(timeout=TIMEOUT)["content"]


def test_completion_offers_cell_names_library_names_and_keywords(kernel):
    _, kc = kernel
    run(kc, "let learningRateForTest = 0.1")
    reply = complete(kc, "print(learningRateFo")
    assert reply["matches"] == ["learningRateForTest"]
    assert (reply["cursor_start"], reply["cursor_end"]) == (6, 20)
    assert "ProgressBar" in complete(kc, "ProgressB")["matches"]
    assert "guard" in complete(kc, "guar")["matches"]
    assert "append" in complete(kc, "Array.appen")["matches"]


def test_completion_after_a_dot_offers_the_values_members(kernel):
    _, kc = kernel
    run(kc, "struct Runner { var speed = 1.0; func sprint() {} }\nextension Runner { func rest() {} }\n"
            "let runner = Runner()\nlet scores = [3, 1, 2]")
    assert complete(kc, "runner.")["matches"] == ["rest", "speed", "sprint"]
    assert complete(kc, "runner.sp")["matches"] == ["speed", "sprint"]
    sorted_matches = complete(kc, "scores.sor")["matches"]
    assert "sorted" in sorted_matches and "sort" in sorted_matches


def test_completion_cursor_counts_unicode_scalars(kernel):
    _, kc = kernel
    code = 'let s = "🐦🐦"; print(learningRat'
    reply = complete(kc, code)
    assert reply["matches"] == ["learningRateForTest"]
    assert reply["cursor_start"] == len(code) - len("learningRat")  # Python counts code points too


def test_inspect_shows_a_cell_declaration(kernel):
    _, kc = kernel
    run(kc, "func areaOfCircle(radius r: Double) -> Double { .pi * r * r }")
    kc.inspect("areaOfCircle(radius: 2)", cursor_pos=4)
    reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
    assert reply["found"] and "func areaOfCircle(radius r: Double) -> Double" in reply["data"]["text/plain"]
