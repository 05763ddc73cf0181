"""The fast path (rapidyaml) reads exactly what yaml_reader reads, or steps aside.

A differential test over a generated corpus: thousands of small YAML texts built from tricky
scalars, structures and random mutations, plus the files of a generated fleet. For each text,
either the fast path declines (None), or yaml_reader found no problem and both give the same
documents (types included: 1, 1.0 and True are told apart), the same document starts and the
same position for every key and value.
"""

from __future__ import annotations

import math
import os
import random
from typing import Any

import pytest

from inventory.generate.fleet import plan_fleet
from inventory.generate.yaml_text import render_fleet
from inventory.read import fast_reader, parallel
from inventory.read.yaml_reader import Document, read_yaml

SCALARS = [
    "word",
    "two words",
    "a#b",
    "a # comment",
    "http://x.y/z",
    "a:b",
    "x: y",
    "-5",
    "+5",
    "012",
    "0",
    "-0",
    "-0.0",
    "1.5",
    ".5",
    "1.",
    "1e3",
    "1E-3",
    "-.5",
    "0x1F",
    "0o17",
    "1_000",
    "1,000",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "yes",
    "no",
    "on",
    "off",
    ".inf",
    "-.inf",
    ".NaN",
    "Infinity",
    "NaN",
    "2026-03-31",
    "2026-Q3",
    "2027",
    "420 MW",
    "~1.6 GW",
    ">360 MW",
    "'quoted'",
    "'it''s'",
    '"double"',
    '"with # hash"',
    "''",
    '""',
    "'true'",
    '"12"',
    "'~'",
    "café",
    "中文",
    "a\u00a0b",
    "emoji 🚀",
    "(paren)",
    "a, b",
    "[a, b]",
    "[1, '2', \"x y\"]",
    "[]",
    "[[a]]",
    "[a,b]",
    "{a: 1}",
    "&anchor x",
    "*alias",
    "!!str 1",
    "!tag x",
    "|",
    ">",
    "- x",
    "a  b",
    "x ",
    "%x",
    "@x",
    "`x`",
    "?x",
    "a\\b",
    '"a\\nb"',
    "-",
    "--",
    "---x",
    "...",
    "=",
    "<= 5",
    "$x",
    "^x",
    "x:",
]
PLAIN_SCALARS = [
    "word",
    "two words",
    "a#b",
    "a # comment",
    "http://x.y/z",
    "a:b",
    "-5",
    "0",
    "-0",
    "-0.0",
    "1.5",
    ".5",
    "1.",
    "1e3",
    "1E-3",
    "1_000",
    "1,000",
    "null",
    "true",
    "false",
    "yes",
    "no",
    "on",
    "2026-03-31",
    "2026-Q3",
    "2027",
    "420 MW",
    "~1.6 GW",
    "'quoted'",
    "'it''s'",
    '"double"',
    '"with # hash"',
    "café",
    "中文",
    "a\u00a0b",
    "emoji 🚀",
    "(paren)",
    "a, b",
    "[a, b]",
    "[1, '2', \"x y\"]",
    "[]",
    "[a,b]",
    "a  b",
    "x ",
    "$x",
    "^x",
    "=",
    "<= 5",
    "-",
    "--",
    "---x",
]
"""Scalars inside the fast path's subset: most documents built from these alone should take it."""
PLAIN_KEYS = ["id", "name", "gpus", "a-b", "a_b", "a.b", "K", "_k", "since", "x1"]
KEYS = ["id", "name", "gpus", "a-b", "a_b", "a.b", "K", "_k", "id", "name", "'quoted'", '"dq"', "1", "true", "~", "x y"]


def _scalar(rng: random.Random) -> str:
    return rng.choice(SCALARS if rng.random() < 0.15 else PLAIN_SCALARS)


def _mapping(rng: random.Random, indent: int, depth: int) -> list[str]:
    lines = []
    pool = KEYS if rng.random() < 0.1 else PLAIN_KEYS  # sometimes a key twice, or a key yaml_reader refuses
    for key in [rng.choice(pool) for _ in range(4)] if pool is KEYS else rng.sample(pool, rng.randint(1, 4)):
        roll = rng.random()
        if depth < 3 and roll < 0.2:
            lines.append(" " * indent + f"{key}:")
            lines += _mapping(rng, indent + rng.choice((1, 2, 4)), depth + 1)
        elif depth < 3 and roll < 0.35:
            lines.append(" " * indent + f"{key}:")
            lines += _sequence(rng, indent + rng.choice((0, 2)), depth + 1)
        elif roll < 0.4:
            lines.append(" " * indent + f"{key}:")
        else:
            lines.append(" " * indent + f"{key}: {_scalar(rng)}")
        if rng.random() < 0.04:
            lines.append(" " * indent + rng.choice(["# a comment", "", "  continued text", "  - item"]))
    return lines


def _sequence(rng: random.Random, indent: int, depth: int) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if depth < 3 and roll < 0.4:
            inner = _mapping(rng, indent + 2, depth + 1)
            lines.append(" " * indent + "- " + inner[0].lstrip(" "))
            lines += inner[1:]
        elif depth < 3 and roll < 0.5:
            lines.append(" " * indent + f"- - {_scalar(rng)}")
        else:
            lines.append(" " * indent + f"- {_scalar(rng)}")
    return lines


def _mutate(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(chars) + 1)
        if rng.random() < 0.5 and chars:
            del chars[min(at, len(chars) - 1)]
        else:
            chars.insert(at, rng.choice([":", "-", " ", "#", "'", '"', "[", "]", ",", "\t", "\n", "~", "&", "  "]))
    return "".join(chars)


def corpus(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        documents = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            body = _mapping(rng, 0, 0) if rng.random() < 0.95 else _sequence(rng, 0, 0)
            documents.append("\n".join(body) + "\n")
        text = "---\n".join(documents)
        if rng.random() < 0.3:
            text = "---\n" + text
        if rng.random() < 0.1:
            text = "# leading comment\n\n" + text
        if rng.random() < 0.25:
            text = _mutate(text, rng)
        texts.append(text)
    return texts


def same(a: Any, b: Any) -> bool:
    """Equal with types: 1, 1.0 and True differ; -0.0 and 0.0 differ; key order matters."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return bool(a == b)


def paths(data: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            found += paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += paths(v, (*prefix, i))
    return found


def check(text: str) -> bool:
    """Assert the two readers agree on ``text``; True when the fast path took it."""
    reference = read_yaml(text)
    fast = fast_reader.read_fast(text, text.encode("utf-8"))
    if fast is None:
        return False
    assert not reference.problems, (text, reference.problems)
    assert not fast.problems
    assert len(fast.documents) == len(reference.documents), text
    for ours, theirs in zip(fast.documents, reference.documents, strict=True):
        assert same(ours.data, theirs.data), (text, ours.data, theirs.data)
        assert (ours.index, ours.start) == (theirs.index, theirs.start), text
        for path in paths(theirs.data):
            for key in (False, True):
                assert ours.locate(path, key=key) == theirs.locate(path, key=key), (text, path)
    return True


def test_fast_path_agrees_with_yaml_reader_or_declines() -> None:
    """4,000 generated texts: agreement wherever the fast path reads; it takes a good share."""
    texts = corpus(4000, seed=20260331)
    taken = sum(check(t) for t in texts)
    assert 800 <= taken <= 3800, taken  # both paths are exercised


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key: yaml_reader reports it, with both positions
        "a: ~\n",  # null to YAML 1.2, text to rapidyaml's JSON
        "a: True\n",
        "a: 1e400\n",  # a float beyond range
        "a: +1\n",
        "a: 0x1F\n",
        "a: 012\n",
        "1: x\n",  # a key that is not text
        "- a\n- b\n",  # a document that is not a mapping
        "---\n",  # an empty document
        "a: b\n  c\n",  # a multi-line plain scalar
        "a: 'x\n  y'\n",  # a multi-line quoted scalar
        "a: [x,\n  y]\n",  # a multi-line flow sequence
        "a: &x 1\nb: *x\n",  # anchor and alias
        "a: !!str 1\n",  # a tag
        "a:\n\t- x\n",  # a tab
        "a: b\r\n",  # CRLF
        "a: x\u2028y\n",  # LS: a line break to libyaml only
        "\ufeffa: 1\n",  # a byte-order mark
        "a: b\n...\n",  # a document end marker
        "a:\n" + "".join(f"{' ' * (i + 1)}k{i}:\n" for i in range(70)) + " " * 71 + "z: 1\n",  # too deep to take
        "",
        "# only a comment\n",
    ],
)
def test_fast_path_declines_what_it_cannot_read_identically(text: str) -> None:
    """Each of these is left to yaml_reader (which reports problems and positions)."""
    assert fast_reader.read_fast(text, text.encode("utf-8")) is None


@pytest.mark.parametrize(
    "text",
    [
        "apiVersion: gpufleet/v1\nkind: Region\nid: us-east-01\n",
        "# c\n---\na: 1\n---\nb: [x, 'y z']\nc:\n  - d: 1\n    e: -0.0\n",
        "a: b # comment\nc: 'it''s'\nd: \"x # y\"\ne:\nf: 1.5\ng: 2026-Q3\n",
    ],
)
def test_fast_path_takes_plain_inventory_yaml(text: str) -> None:
    """Plain YAML as inventories are written takes the fast path and agrees."""
    assert check(text)


def test_every_generated_fleet_file_takes_the_fast_path() -> None:
    """The synthetic fleet (the benchmark's input) is read entirely by the fast path, identically."""
    files = render_fleet(plan_fleet(30_000, seed=4, discrepancies=4), "test")
    assert all(check(text) for text in files.values())


def test_positions_are_computed_only_when_asked() -> None:
    """A fast-path document re-reads its text once, at the first position asked for."""
    text = "a: 1\nb:\n  c: [x, y]\n"
    fast = fast_reader.read_fast(text, text.encode())
    assert fast is not None
    document = fast.documents[0]
    source = document._source  # type: ignore[attr-defined]
    assert source._reference is None
    assert document.locate(("b", "c", 1)) == (2, 9)  # 0-based: line 3, column 10
    assert isinstance(source._reference, list)
    assert isinstance(source._reference[0], Document)


def test_prepare_all_on_two_processes_matches_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files split between a forked child and the parent give the same results, in order."""
    contents = [t.encode() for t in render_fleet(plan_fleet(20_000, seed=1), "test").values()]
    serial = [fast_reader.prepare(c) for c in contents]
    monkeypatch.setattr(parallel, "MIN_WORK", 0)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    assert fast_reader.prepare_all(contents) == serial


def test_a_failing_child_leaves_the_parent_to_do_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """If the forked child dies, the parent computes the child's share: same results."""
    parent = os.getpid()

    def square(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return x * x

    monkeypatch.setattr(parallel, "can_fork", lambda: True)
    monkeypatch.setattr(parallel, "MIN_WORK", 0)
    assert parallel.map_two(square, list(range(10)), [1] * 10) == [x * x for x in range(10)]


def test_split_balances_weight() -> None:
    mine, theirs = parallel.split([5, 1, 4, 2, 3])
    assert sorted(mine + theirs) == [0, 1, 2, 3, 4]
    assert abs(sum([5, 1, 4, 2, 3][i] for i in mine) - sum([5, 1, 4, 2, 3][i] for i in theirs)) <= 1
