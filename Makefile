# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
REQS := requirements.txt requirements-native.txt requirements-nodeps.txt
STAMP := $(VENV)/.installed-$(shell cat $(REQS) Makefile | cksum | cut -d' ' -f1)
# llama.cpp for any x86-64 CPU with AVX2 (no -march=native, no AMX/AVX-512 kernels)
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF
PORT ?= 8501

.PHONY: run test lint unit browser-deps bench clean

$(STAMP): $(REQS) Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install --quiet --no-cache-dir --force-reinstall --no-deps -r requirements-native.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-nodeps.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run Home.py --server.port $(PORT)

# Debian's Chromium drives the browser tests (a downloaded Playwright browser fails here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: $(STAMP) browser-deps lint
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/layout_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
