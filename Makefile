# One entry point for the checks CI and reviewers care about.
.PHONY: check lint types test schemas docs bench

check: lint types test schemas docs

lint:
	ruff check inventory tui tests
	ruff format --check inventory tui tests

types:
	mypy

test:
	python -m pytest -q

schemas:
	gpufleet schema --check

docs:  # the README's generated blocks (format reference, codes) are current
	python -m inventory.output.docs --check

bench:
	python tests/benchmarks/run.py --sizes 100k,1m,10m --out bench-out/
