#!/usr/bin/env python3
"""Writes Notebooks/rich_output.ipynb (unexecuted); `swiftnb run` fills in its outputs."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell("# Rich output from Swift cells\n"
                      "Plots (SVG by default, PNG on request), an image grid of real CIFAR-10 training images, "
                      "a table and a live progress bar. A cell that ends in a figure shows it."),
    new_code_cell('var samples = 200', metadata={"tags": ["parameters"]}),
    new_markdown_cell("## Several series in one plot"),
    new_code_cell('let xs = (0..<samples).map { -6 + 12 * Double($0) / Double(samples - 1) }\n'
                  'let curves = Plot(width: 640, height: 360, title: "Activation functions")\n'
                  'curves.plot(xs, xs.map { 1 / (1 + exp(-$0)) }, label: "sigmoid")\n'
                  'curves.plot(xs, xs.map { tanh($0) }, label: "tanh", style: .dashed)\n'
                  'curves.plot(xs, xs.map { max(0, $0) / 6 }, label: "ReLU / 6", style: .dotted)\n'
                  'curves.xLabel = "x"; curves.yLabel = "f(x)"; curves.grid = true\n'
                  'curves'),
    new_markdown_cell("## A bar chart on a log axis, as PNG"),
    new_code_cell('let emissions = Plot(width: 640, height: 360, title: "CO₂e (lbs)")\n'
                  'emissions.barh(["Flight NY–SF", "Human, 1 year", "American, 1 year", "Car, lifetime"],\n'
                  '               [1_984, 11_023, 36_156, 126_000])\n'
                  'emissions.xScale = .log\n'
                  'emissions.format = .png\n'
                  'emissions'),
    new_markdown_cell("## Real CIFAR-10 training images with their labels"),
    new_code_cell('let cifar = try CIFAR10.bundled()\n'
                  'var batches = DataLoader(cifar.train, batchSize: 16, shuffle: true, seed: 7).makeIterator()\n'
                  'let batch = batches.next()!\n'
                  'try ImageGrid(batch: batch.images, labels: batch.labels, classNames: CIFAR10.classNames, scale: 3)'),
    new_markdown_cell("## A table"),
    new_code_cell('Table(columns: ["class", "training images", "test images"],\n'
                  '      rows: CIFAR10.classNames.indices.map { c in\n'
                  '          [CIFAR10.classNames[c], cifar.train.countPerClass[c], cifar.test.countPerClass[c]] })'),
    new_markdown_cell("## A progress bar that updates in place"),
    new_code_cell('var total = 0.0\n'
                  'for step in progress(1...60, label: "summing") {\n'
                  '    total += 1 / Double(step * step)\n'
                  '    Thread.sleep(forTimeInterval: 0.02)\n'
                  '}\n'
                  'print("π²/6 ≈", total)'),
]
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "Swift", "language": "swift", "name": "swift"},
    "language_info": {"name": "swift", "file_extension": ".swift", "mimetype": "text/x-swift"}})
nbformat.write(nb, "Notebooks/rich_output.ipynb")
