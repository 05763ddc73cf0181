"""A mutation fuzzer that stays: broken copies of valid inventories, run through every door of main.

Each example takes one file of a valid inventory (the seed, or a fleet from ``gpufleet generate``),
applies one to three mutations (delete a line, duplicate one, re-indent one, swap the values of two
lines, insert hostile bytes, truncate, tag a value) and runs a verb in-process. For every mutation:

* no exception escapes ``main`` and the exit code is 0, 1 or 2 (3 is an internal error: a bug);
* every diagnostic of ``validate --format json`` has a position unless its code has none (a file
  that could not be read, a missing Fleet), and no position is past the file's last line;
* JSON output parses; GitHub output is workflow commands only; no line of any human output
  starts a workflow command (``::name``) or holds a legacy one (``##[name]``).

The default run tries ``GPUFLEET_FUZZ_EXAMPLES`` (default 30) examples per test, a few seconds;
the long run sets it: ``GPUFLEET_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py`` (README, Development).
Every crash the fuzzer ever found is kept in ``tests/data/fuzz/`` and replayed by
``test_every_crash_found_stays_fixed``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inventory.cli.main import main
from tests.conftest import DATA, ROOT

EXAMPLES = int(os.environ.get("GPUFLEET_FUZZ_EXAMPLES", "30"))
FUZZ = DATA / "fuzz"
UNLOCATED = frozenset({"unreadable-file", "symlink-loop", "missing-fleet", "file-too-large"})
"""Codes whose diagnostics have no position to give (a file not read, a document that is missing)."""

JUNK = [
    b"\x00", b"\x1b[31m", b"\xff\xfe", b"\t", b"\r", b"\x85", "\u2028".encode(), "\u202e".encode(), b"&a ", b"*a",
    b"{", b"[", b"'", b'"', b"---\n", b"...\n", b"# c", b"%YAML 1.1\n", b"? ", b": ", b"- ", b"|\n", b">-\n",
    b"9" * 30, b"9" * 5000, b"0x" + b"f" * 400, b"0o" + b"7" * 30, b"1e99999", b".inf", b"-1", b"0", b"0 W",
    b"~", b">=", b"<", b"::error::x", b"##[error]x", b"@octocat", b"{a: 1}", b"[]", b"a:1:2: error[x]",
    b"<=2024-12-31", b"2025-02-30", b"99999-01", b"GW", b" MW", b"1,5", b"1.0000000000000000000001",
]  # fmt: skip
TAGS = [b"!!int ", b"!!str ", b"!!bool ", b"!!null ", b"!!float ", b"!!map ", b"!!seq ", b"! ", b"!x ",
        b"!<tag:yaml.org,2002:str> ", b"!!python/object/apply:os.system ", b"!!binary "]  # fmt: skip
VERBS = [
    ["validate"], ["validate", "--format", "json"], ["validate", "--format", "github"], ["validate", "-v", "--strict"],
    ["rollup"], ["rollup", "--format", "json"], ["rollup", "--by", "sku", "--format", "csv"],
    ["reconcile"], ["reconcile", "--format", "json"],
    ["diff"], ["diff", "--format", "json"], ["diff", "--format", "markdown"],
]  # fmt: skip


def _corpus_files() -> dict[str, dict[str, bytes]]:
    from inventory.generate.fleet import plan_fleet
    from inventory.generate.yaml_text import render_fleet

    seed = ROOT / "seeds" / "coreweave"
    generated = render_fleet(plan_fleet(2000, seed=7), "gpufleet generate --gpus 2000 --seed 7")
    return {
        "seed": {str(p.relative_to(seed)): p.read_bytes() for p in sorted(seed.rglob("*.yaml"))},
        "generated": {name: text.encode() for name, text in generated.items()},
    }


class Corpus:
    """A valid inventory written twice: ``pristine`` (diff's OLD) and ``work``, where one file is mutated."""

    def __init__(self, base: Path, name: str, files: dict[str, bytes]) -> None:
        self.files = files
        self.names = sorted(files)
        self.pristine, self.work = base / name / "old", base / name / "new"
        for root in (self.pristine, self.work):
            for rel, data in files.items():
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(data)

    @contextlib.contextmanager
    def mutated(self, name: str, data: bytes) -> Iterator[Path]:
        path = self.work / name
        path.write_bytes(data)
        try:
            yield path
        finally:
            path.write_bytes(self.files[name])


@pytest.fixture(scope="module")
def corpora() -> Iterator[dict[str, Corpus]]:
    base = Path(tempfile.mkdtemp(prefix="gpufleet-fuzz-"))
    try:
        yield {name: Corpus(base, name, files) for name, files in _corpus_files().items()}
    finally:
        shutil.rmtree(base, ignore_errors=True)


# -- mutations --------------------------------------------------------------------------------

MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "indent", "dedent", "swap", "insert", "truncate", "tag", "replace"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.integers(0, len(JUNK) - 1),
    st.integers(0, len(TAGS) - 1),
)


def mutate(data: bytes, op: str, x: float, y: float, junk: int, tag: int) -> bytes:
    lines = data.split(b"\n")
    i, j = int(x * (len(lines) - 1)), int(y * (len(lines) - 1))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "indent":
        lines[i] = b"  " + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][2:]
    elif op == "swap":  # the values of two `key: value` lines trade places
        a, b = lines[i].partition(b": "), lines[j].partition(b": ")
        if a[1] and b[1]:
            lines[i], lines[j] = a[0] + a[1] + b[2], b[0] + b[1] + a[2]
    elif op == "insert":
        at = int(x * len(data))
        return data[:at] + JUNK[junk] + data[at:]
    elif op == "truncate":
        return data[: int(x * len(data))]
    elif op == "tag":
        key, sep, value = lines[i].partition(b": ")
        lines[i] = key + sep + TAGS[tag] + value if sep else TAGS[tag] + lines[i]
    elif op == "replace":  # a value replaced by hostile bytes
        key, sep, _ = lines[i].partition(b": ")
        lines[i] = key + sep + JUNK[junk] if sep else JUNK[junk]
    return b"\n".join(lines)


# -- the run and its invariants ---------------------------------------------------------------


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _lines_of(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", "replace")
    return max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)


def check(corpus: Corpus, verb: list[str]) -> None:
    if verb[0] == "diff":
        argv = ["diff", str(corpus.pristine), str(corpus.work), *verb[1:]]
    else:
        argv = [verb[0], str(corpus.work), *verb[1:]]
    code, out, err = run(argv)
    assert code in (0, 1, 2), f"exit {code}: {err}"
    assert "Traceback" not in out + err
    fmt = verb[verb.index("--format") + 1] if "--format" in verb else "text"
    if fmt == "json":
        payload: Any = json.loads(out) if out else None
        if verb[0] == "validate":
            assert payload is not None
            _located(payload["diagnostics"])
    if fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out.splitlines()), out
    human = err if fmt in ("json", "github", "csv") else out + err
    for line in human.splitlines():
        assert not line.lstrip(" ").startswith("::"), line
        assert "##[" not in line, line


def _located(diagnostics: list[dict[str, Any]]) -> None:
    for d in diagnostics:
        if d["line"] is None:
            assert d["code"] in UNLOCATED, d
            continue
        assert d["line"] >= 1
        assert d["col"] >= 1
        assert d["line"] <= _lines_of(Path(d["file"])), d


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ_SETTINGS
@given(
    corpus=st.sampled_from(["seed", "generated"]),
    file=st.floats(0, 1),
    mutations=st.lists(MUTATION, min_size=1, max_size=3),
    verb=st.sampled_from(VERBS),
)
def test_no_mutation_breaks_a_promise(
    corpora: dict[str, Corpus], corpus: str, file: float, mutations: list[Any], verb: list[str]
) -> None:
    c = corpora[corpus]
    name = c.names[int(file * (len(c.names) - 1))]
    data = c.files[name]
    for m in mutations:
        data = mutate(data, *m)
    with c.mutated(name, data):
        check(c, verb)


@FUZZ_SETTINGS
@given(file=st.floats(0, 1), mutations=st.lists(MUTATION, min_size=1, max_size=3))
def test_no_mutation_breaks_validate_json(corpora: dict[str, Corpus], file: float, mutations: list[Any]) -> None:
    """validate --format json on the seed: the door CI uses, with its positions checked."""
    c = corpora["seed"]
    name = c.names[int(file * (len(c.names) - 1))]
    data = c.files[name]
    for m in mutations:
        data = mutate(data, *m)
    with c.mutated(name, data):
        check(c, ["validate", "--format", "json"])


# -- every crash ever found -------------------------------------------------------------------

CASES = sorted(p for p in FUZZ.iterdir() if p.is_dir()) if FUZZ.is_dir() else []


@pytest.mark.parametrize("case", CASES, ids=[p.name for p in CASES])
def test_every_crash_found_stays_fixed(corpora: dict[str, Corpus], case: Path) -> None:
    """``tests/data/fuzz/<case>/case.yaml`` names the corpus, the file replaced, the verb and the exit code."""
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    c = corpora[spec["corpus"]]
    with c.mutated(spec["file"], (case / "mutated.yaml").read_bytes()):
        check(c, spec["verb"])
        code, _, _ = run(
            [spec["verb"][0], str(c.work), *spec["verb"][1:]]
            if spec["verb"][0] != "diff"
            else ["diff", str(c.pristine), str(c.work), *spec["verb"][1:]]
        )
        assert code == spec["exit"]
