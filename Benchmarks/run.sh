#!/bin/sh
# Builds LearnCore and the ResNet18 step benchmark with whole-module optimisation (swiftc
# directly, no package changes) and runs it: Benchmarks/run.sh [--batch 128] [--steps 10] …
set -e
cd "$(dirname "$0")/.."
OUT=${BENCH_BUILD:-/tmp/learncore-bench}
mkdir -p "$OUT"
FLAGS="-O -wmo -parse-as-library -swift-version 5 -I $OUT -I Sources/COpenBLAS"
swiftc $FLAGS -module-name NotebookDisplay -emit-module -emit-module-path "$OUT/NotebookDisplay.swiftmodule" \
    -emit-library -static -o "$OUT/libNotebookDisplay.a" Sources/NotebookDisplay/*.swift
swiftc $FLAGS -module-name LearnCore -emit-module -emit-module-path "$OUT/LearnCore.swiftmodule" \
    -emit-library -static -o "$OUT/libLearnCore.a" $(find Sources/LearnCore -name '*.swift')
swiftc -O -swift-version 5 -I "$OUT" -I Sources/COpenBLAS -L "$OUT" -lLearnCore -lNotebookDisplay -lopenblas \
    Benchmarks/resnet18_step.swift -o "$OUT/resnet18_step"
exec "$OUT/resnet18_step" "$@"
