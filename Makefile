# Two commands for users: `make demo` and `make test`. Both create .venv when it is missing.
VENV := .venv
PY := $(VENV)/bin/python
# nbgrader shells out to alembic: the venv's bin must be on PATH, not only called by full path.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo test build venv clean bytecode

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(MAKE) --no-print-directory bytecode
	touch $@

# Byte-compile our own packages up front: with PYTHONDONTWRITEBYTECODE set (as on some machines)
# every `nnkit grade` would otherwise recompile them, about 60 ms of a one-second budget.
bytecode:
	$(PY) -m compileall -q nnkit autograder

venv: $(VENV)/.installed

build: venv
	nnkit build

# The main job end to end on bundled data: build the release from source/, grade the reference
# solution and the untouched stub, then grade a whole demo class into nbgrader's gradebook with
# feedback pages. Everything it writes besides the generated release/, exercises/ and solutions/
# goes to build/ (git-ignored; `nnkit grade --json` makes the folder).
demo: venv bytecode
	nnkit build
	@for a in $$(ls source); do \
	  nnkit grade solutions/$$a.py --json build/$$a-solution.json > /dev/null && \
	  nnkit grade exercises/$$a.py --json build/$$a-stub.json > /dev/null && \
	  $(PY) -c "import json,sys; s=json.load(open('build/$$a-solution.json')); t=json.load(open('build/$$a-stub.json')); print(f'{sys.argv[1]:>15}: reference solution {s[\"score\"]:g}/{s[\"max_score\"]:g}, untouched stub {t[\"score\"]:g}/{t[\"max_score\"]:g}')" $$a; \
	done
	nnkit check solutions/layer.py
	nnkit demo
	@echo
	@echo "nnkit is installed in .venv. To use it in your shell (as the README does), run:"
	@echo
	@echo "    source .venv/bin/activate"

test: venv bytecode
	$(PY) -m pytest -q
	@echo
	@echo "To use nnkit in your shell, run:  source .venv/bin/activate"

clean:
	rm -rf $(VENV) .pytest_cache
