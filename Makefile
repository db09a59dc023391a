# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin

.PHONY: install install-test demo test test-team test-slow eval lint unit integration bench bench-failover bench-overhead bench-ingest bench-routing bench-server clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel

# semgrep (code review's bug patterns) pins older OpenTelemetry than chromadb and the
# LangGraph server run: it gets a venv of its own, found by nodes/code_review/semgrep.py.
TOOLS_VENV := .venv-tools
SEMGREP    := semgrep==1.185.0

$(TOOLS_VENV)/.installed-1.185.0:
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet --progress-bar off "$(SEMGREP)"
	touch $@

# ESLint (code review's JavaScript/TypeScript rules) from npm, pinned by its lock file, in
# a folder of its own with its configuration (nodes/code_review/eslint.py finds it there).
# Without npm the review says ESLint is not installed; .ci/run installs Node.js first.
NODE_TOOLS := .node-tools

$(NODE_TOOLS)/.installed: tools/eslint/package.json tools/eslint/package-lock.json tools/eslint/eslint.config.mjs
	@if command -v npm >/dev/null; then \
		mkdir -p $(NODE_TOOLS) && cp tools/eslint/package.json tools/eslint/package-lock.json \
			tools/eslint/eslint.config.mjs $(NODE_TOOLS)/ && \
		(cd $(NODE_TOOLS) && npm ci --no-audit --no-fund --loglevel=error) && touch $@; \
	else echo "npm not found: code review runs without ESLint (install Node.js and npm)"; fi

# llama-cpp-python ships only source: it is built once per machine into a wheel folder
# of its own, for any CPU of the architecture (GGML_NATIVE=OFF: AVX2/FMA on x86-64, not
# this CPU's AVX-512 or AMX). pip's shared cache cannot stand in: it keys a build by the
# source alone, and a native build it kept from another machine dies with SIGSEGV in the
# first decode on a CPU without that machine's instructions (seen here: an AMX build).
LLAMA        := llama-cpp-python==0.3.36
LLAMA_WHEELS := $(HOME)/.cache/cortex-lanes/wheels/llama-cpp-python-0.3.36-portable

$(LLAMA_WHEELS)/.built: | $(PY)
	mkdir -p $(LLAMA_WHEELS)
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PY) -m pip wheel --quiet --progress-bar off \
		--no-cache-dir --no-deps --no-binary llama-cpp-python -w $(LLAMA_WHEELS) "$(LLAMA)"
	touch $@

# Stamps re-run the install only when pyproject.toml changes. The portable wheel goes in
# first, over any build a venv already holds; --find-links keeps the resolve on it.
$(VENV)/.installed: pyproject.toml $(LLAMA_WHEELS)/.built | $(PY)
	$(PY) -m pip install --quiet --progress-bar off --no-deps --force-reinstall \
		$(LLAMA_WHEELS)/llama_cpp_python-*.whl
	$(PY) -m pip install --quiet --progress-bar off --find-links $(LLAMA_WHEELS) -e .
	touch $@

# One resolve for the project and its test extra (not two in a row): a fresh clone's
# `make test` spends its install time once.
$(VENV)/.installed-test: pyproject.toml $(LLAMA_WHEELS)/.built | $(PY)
	$(PY) -m pip install --quiet --progress-bar off --no-deps --force-reinstall \
		$(LLAMA_WHEELS)/llama_cpp_python-*.whl
	$(PY) -m pip install --quiet --progress-bar off --find-links $(LLAMA_WHEELS) -e '.[test]'
	touch $@

# The team server's engine (cortex serve): aegra, an Apache-2.0 Agent Protocol server on
# Postgres and Redis (docs/deployment.md says why). It declares Python >= 3.12 since 0.7;
# 0.11.0 runs on 3.11 (the team-server tests hold it), so pip is told not to refuse it.
AEGRA := aegra-api==0.11.0

$(VENV)/.installed-aegra-0.11.0: | $(PY)
	$(PY) -m pip install --quiet --progress-bar off --ignore-requires-python "$(AEGRA)"
	touch $@

install: $(VENV)/.installed $(VENV)/.installed-aegra-0.11.0 $(TOOLS_VENV)/.installed-1.185.0 $(NODE_TOOLS)/.installed
install-test: $(VENV)/.installed-test $(VENV)/.installed-aegra-0.11.0 $(TOOLS_VENV)/.installed-1.185.0 $(NODE_TOOLS)/.installed

DEMO_ASK := What does the README say about fallback chains? Then review this code: def add_tag(tag, tags=[]): tags.append(tag); return tags

demo: install
	$(BIN)/cortex lanes
	$(BIN)/cortex ping
	$(BIN)/cortex ingest README.md --project cortex-docs
	$(BIN)/cortex ingest docs --project cortex-docs
	$(BIN)/cortex route "$(DEMO_ASK)"
	$(BIN)/cortex ask --yes --project cortex-docs "$(DEMO_ASK)"

lint: install-test
	$(BIN)/ruff check --no-cache lanes graphs nodes prompts stores cli server tests bench
	$(BIN)/ruff format --no-cache --check lanes graphs nodes prompts stores cli server tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q -m "not eval and not team and not slow"

# The longest end-to-end scenarios on the embedded model (notes -> roadmap -> gap
# analysis, an interrupted ingest, hostile resumes, a SIGKILL resume, failover and
# shared-breaker runs, the router's CLI eval, the hostile CLI inputs as processes):
# out of make test's 12 minutes, which they pushed past on a fresh clone (13:43, and
# 12:05 with the hostile CLI inputs, here); CI runs them.
test-slow: install-test
	$(BIN)/pytest -q -m slow

# The team's PostgreSQL board and server (cortex serve, two workers) on a real
# PostgreSQL and Redis, about three minutes: kept out of make test's 12 minutes; CI
# runs them after make test.
test-team: install-test
	$(BIN)/pytest -q -m team

# Quality on held-out sets (real manuals, meeting notes): minutes of the embedded
# models' work, so kept out of make test's 12 minutes; CI runs it after make test.
eval: install-test
	$(BIN)/pytest -q -m eval

unit: install-test
	$(BIN)/pytest -q tests/unit

integration: install-test
	$(BIN)/pytest -q -m "not eval" tests/integration tests/hostile

# LiteLLM pins openai 2.x while the project runs openai 3.x: the peer gets its own venv
# and runs as a subprocess of the same benchmark run, against the same servers.
# 1.82.7 and 1.82.8 were compromised releases: nothing older than 1.83.7.
BENCH_VENV := .venv-bench
LITELLM := litellm>=1.83.7

$(BENCH_VENV)/.installed-1.83.7:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --progress-bar off "$(LITELLM)"
	touch $@

bench: bench-overhead bench-failover

bench-overhead: install-test $(BENCH_VENV)/.installed-1.83.7
	$(PY) bench/overhead.py --peer-python $(BENCH_VENV)/bin/python

bench-failover: install-test $(BENCH_VENV)/.installed-1.83.7
	$(PY) bench/failover.py --peer-python $(BENCH_VENV)/bin/python

bench-ingest: install-test
	$(PY) bench/ingest.py

bench-routing: install-test
	$(PY) bench/routing.py

bench-server: install-test
	$(PY) bench/team_server.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
