#!/usr/bin/env python3
"""ResNet18 (10-class head, batch 128, 32×32, 2 threads): PyTorch's reference script and the
same three workloads in LearnCore, run one after the other by this script, with the ratios.

PyTorch comes from a scratch virtualenv: $TORCH_PYTHON if set, else .venv-torch (created here
with `pip install torch torchvision`; a large download, done once). Nothing else needs PyTorch.
"""
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "bench" / "torch_resnet18_step.py"
ARGS = ["--batch", "128", "--size", "32", "--threads", "2", "--steps", os.environ.get("BENCH_STEPS", "10")]


def torch_python():
    if os.environ.get("TORCH_PYTHON"):
        return os.environ["TORCH_PYTHON"]
    venv = ROOT / ".venv-torch"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "torch", "torchvision"], check=True)
    return str(python)


def timings(command):
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    print(output.strip())
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"mode=(\w+).*?ms_per_step=([\d.]+)", output)}


torch = timings([torch_python(), str(REFERENCE)] + ARGS)
learn = timings(["sh", "Benchmarks/run.sh"] + ARGS)
print(f"\n{'mode':10} {'LearnCore ms':>13} {'PyTorch ms':>11} {'ratio':>6}")
for mode in ("finetune", "frozen", "eval"):
    if mode in torch and mode in learn:
        print(f"{mode:10} {learn[mode]:13.1f} {torch[mode]:11.1f} {learn[mode] / torch[mode]:6.2f}")
