# Two commands for users: `make demo` and `make test`. Both create .venv when it is missing.
VENV := .venv
PY := $(VENV)/bin/python
# nbgrader shells out to alembic: the venv's bin must be on PATH, not only called by full path.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo test build venv clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

build: venv
	nnkit build

demo: venv
	nnkit demo

test: venv
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache
