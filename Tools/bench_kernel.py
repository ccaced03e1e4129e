#!/usr/bin/env python3
"""Kernel speed figures, each beside ipykernel measured the same way in this script:
start to the first kernel_info reply, the median round trip of a trivial cell, and whether a
cell's cost grows with the history (the 2nd cell against the 30th)."""
import statistics
import time

from jupyter_client.manager import KernelManager


def start_and_first_reply(name):
    km = KernelManager(kernel_name=name)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)  # sends kernel_info until one is answered
    return km, kc, time.perf_counter() - started


def round_trip(kc, code):
    started = time.perf_counter()
    reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: None)
    assert reply["content"]["status"] == "ok", reply["content"]
    return time.perf_counter() - started


def measure(name, trivial):
    km, kc, startup = start_and_first_reply(name)
    try:
        history = [round_trip(kc, f"{trivial}{i} = {i} + 1") for i in range(1, 31)]
        trips = [round_trip(kc, "y = 1 + 1" if name != "swift" else "let y = 1 + 1") for _ in range(15)]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return startup, statistics.median(trips), history


swift = measure("swift", "let v")
python = measure("python3", "v")
print(f"kernel start to first kernel_info reply: swift {swift[0]*1000:.0f} ms, ipykernel {python[0]*1000:.0f} ms, ratio {swift[0]/python[0]:.2f}")
print(f"median round trip of a trivial cell:     swift {swift[1]*1000:.0f} ms, ipykernel {python[1]*1000:.1f} ms, ratio {swift[1]/python[1]:.1f}")
second, thirtieth = swift[2][1], swift[2][29]
print(f"cell cost against history (swift):       2nd cell {second*1000:.0f} ms, 30th cell {thirtieth*1000:.0f} ms, ratio {thirtieth/second:.2f}")
