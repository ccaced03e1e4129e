# SwiftNB — build, test and run. `make notebooks` is the main job; `make test` runs every test.
SHELL := /bin/bash
# The Swift toolchain's usual place on these machines, when it is not on PATH already.
export PATH := $(if $(wildcard /opt/swift/usr/bin/swift),/opt/swift/usr/bin:,)$(PATH)
SWIFT_BUILD_FLAGS := -c release -Xswiftc -enable-testing
VENV := .venv
PYTHON := $(VENV)/bin/python
BIN := .build/release
APT_PACKAGES := libzmq3-dev libssl-dev libopenblas-dev libturbojpeg0-dev libpng-dev libfreetype-dev fonts-dejavu-core pkg-config python3-venv chromium chromium-driver
NOTEBOOKS := $(wildcard Notebooks/*.ipynb)

.PHONY: all deps apt venv build install-kernel test test-swift test-python notebooks notebooks-ci bench clean

all: build

## Dependencies: Debian packages (as root, only the missing ones) and the Python test tools.
deps: apt venv

apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: Tests/python/requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install -q --upgrade pip
	$(PYTHON) -m pip install -q -r Tests/python/requirements.txt
	touch $@

## Build the kernel, the worker and the preloaded library.
build: apt
	swift build $(SWIFT_BUILD_FLAGS)

## The kernelspec, installed into the project's virtualenv so its Jupyter finds it.
install-kernel: build venv
	VIRTUAL_ENV=$(abspath $(VENV)) $(BIN)/swiftnb install --sys-prefix

## Every test: Swift unit tests, then the kernel through Jupyter's own clients.
test: deps build install-kernel test-swift test-python notebooks-ci

test-swift:
	swift test $(SWIFT_BUILD_FLAGS)

test-python:
	PATH=$(abspath $(VENV))/bin:$$PATH $(PYTHON) -m pytest -v --timeout=600 Tests/python

## The main job: execute every notebook headlessly on the bundled data, saving executed copies.
notebooks: build
	@for nb in $(NOTEBOOKS); do echo "== $$nb"; $(BIN)/swiftnb run $$nb || exit 1; done

## Every notebook with `-p ci true` (small sizes; notebooks without a `ci` parameter ignore it),
## executed copies in a temporary folder; fails at the first cell error.
notebooks-ci: build
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	for nb in $(NOTEBOOKS); do echo "== $$nb (ci)"; \
	  $(BIN)/swiftnb run $$nb -o "$$out/$$(basename $$nb)" -p ci true || exit 1; done

## Benchmarks that print figures (not timed tests): the kernel against ipykernel, ResNet18 steps
## against PyTorch (a scratch .venv-torch is created on first use), data decoding and loading.
bench: deps build install-kernel
	PATH=$(abspath $(VENV))/bin:$$PATH $(PYTHON) Tools/bench_kernel.py
	$(PYTHON) Tools/bench_resnet18.py
	SWIFTNB_BENCH=1 swift test $(SWIFT_BUILD_FLAGS) --filter LearnDataTests.DataBenchmarks 2>&1 | grep -E '^(cores|sha256|decoding|tar|first|later|loader)' || true

clean:
	rm -rf .build $(VENV)
