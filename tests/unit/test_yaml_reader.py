"""yaml_reader: positions for every key and value, every YAML-level rule located, never a raise.

Positions here are 0-based (line, col) as the reader returns them; diagnostics add 1 later.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.read.yaml_reader import MAX_DEPTH, MAX_INTEGER, MAX_PROBLEMS_PER_FILE, ParsedText, read_yaml


def _codes(parsed: ParsedText) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.col) for p in parsed.problems]


def _inside(text: str, line: int, col: int) -> bool:
    """True when (line, col) names a place in ``text``, lines counted by "\\n" alone."""
    lines = text.split("\n")
    return 0 <= line < len(lines) and 0 <= col <= len(lines[line])


# -- positions --------------------------------------------------------------------------------

BLOCK = """\
apiVersion: gpufleet/v1
kind: DataCenter
location:
  city: Dallas
power:
  - id: p1
    capacity: 40 MW
  - {id: p2, capacity: 5 MW}
gpus: [a, [b, c]]
"""


def test_every_key_and_value_is_located() -> None:
    """Keys and values of block and flow collections, at any depth, each at its own place."""
    doc = read_yaml(BLOCK).documents[0]
    assert doc.start == (0, 0)
    assert doc.locate(("kind",)) == (1, 6)
    assert doc.locate(("kind",), key=True) == (1, 0)
    assert doc.locate(("location", "city")) == (3, 8)
    assert doc.locate(("power", 0, "capacity")) == (6, 14)
    assert doc.locate(("power", 0, "capacity"), key=True) == (6, 4)
    assert doc.locate(("power", 1, "capacity")) == (7, 23)
    assert doc.locate(("gpus", 1, 0)) == (8, 11)


def test_a_collection_is_located_where_it_starts() -> None:
    """A nested mapping or list is at its first token, not at its last key (a fixed bug)."""
    doc = read_yaml(BLOCK).documents[0]
    assert doc.locate(("location",)) == (3, 2)
    assert doc.locate(("power", 0)) == (5, 4)
    assert doc.locate(("power", 1)) == (7, 4)
    assert doc.locate(("gpus", 1)) == (8, 10)


def test_a_missing_step_stops_at_the_deepest_container_that_exists() -> None:
    """A missing field points at the mapping that lacks it."""
    doc = read_yaml(BLOCK).documents[0]
    assert doc.locate(("power", 0, "purpose")) == (5, 4)
    assert doc.locate(("power", 7, "id")) == (5, 2)
    assert doc.locate(("nothing", "here")) == (0, 0)


def test_documents_are_numbered_and_start_at_their_content() -> None:
    parsed = read_yaml("a: 1\n---\n# note\nb: 2\n--- [3]\n")
    assert [(d.index, d.start, d.data) for d in parsed.documents] == [
        (0, (0, 0), {"a": 1}),
        (1, (3, 0), {"b": 2}),
        (2, (4, 4), [3]),
    ]


def test_columns_count_characters_not_bytes() -> None:
    doc = read_yaml('"é😀": [1, x]\n').documents[0]
    assert doc.locate(("é😀", 1)) == (0, 10)


def test_unusual_line_breaks_do_not_shift_line_numbers() -> None:
    """libyaml breaks lines at U+2028, NEL and a lone CR too; positions count "\\n" only, as editors do."""
    text = 'note: "a\u2028b\x85c"\nold: "x\ry"\nlist: [1, *alias]\n'
    parsed = read_yaml(text)
    assert _codes(parsed) == [("yaml-alias", 2, 10)]
    doc = parsed.documents[0]
    assert doc.locate(("list",)) == (2, 6)
    assert doc.locate(("list",), key=True) == (2, 0)
    assert read_yaml("a: '\u2028'\nb: [1\n").problems[0].line == 1  # the end of the stream, kept on the last line


def test_windows_line_ends_count_once() -> None:
    parsed = read_yaml("a: 1\r\nb: [1, *x]\r\n")
    assert _codes(parsed) == [("yaml-alias", 1, 7)]


# -- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: '12'\n", "12"),
        ("a: 1_000\n", "1_000"),  # YAML 1.2 has no digit separators: text
        ("a: 0x1F\n", 31),
        ("a: -.5\n", -0.5),
        ("a: null\n", None),
        ("a:\n", None),
    ],
)
def test_scalars_resolve_as_yaml_1_2(text: str, expected: Any) -> None:
    parsed = read_yaml(text)
    assert parsed.problems == []
    value = parsed.documents[0].data["a"]
    assert (type(value), value) == (type(expected), expected)


# -- refused YAML, each located ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 12\n",
        "a: !!int '12'\n",
        "a: !!float 1.5\n",
        "a: !!bool true\n",
        "a: !!null ~\n",
        "a: ! 12\n",  # the non-specific ("empty local") tag
        "a: !<tag:yaml.org,2002:str> 12\n",  # verbatim
        "a: !local 12\n",
        "a: !!map {b: 1}\n",
        "a: !!seq [1]\n",
        "a: !!python/object/apply:os.system [echo]\n",
    ],
)
def test_every_tag_is_refused_where_it_is_written(text: str) -> None:
    """One rule: no tag, core or not, can change what a value is; each is yaml-tag at the tag."""
    parsed = read_yaml(text)
    assert _codes(parsed) == [("yaml-tag", 0, 3)]
    value = parsed.documents[0].data["a"]
    assert not isinstance(value, bool | int | float)
    assert value is not None


@pytest.mark.parametrize(
    "text",
    ["9" * 16, "-" + "9" * 16, "9" * 5000, "0x" + "f" * 13, "0x" + "f" * 5000, "0o" + "7" * 18, "0o" + "7" * 5000],
)
def test_a_number_beyond_15_digits_is_too_large_in_any_base(text: str) -> None:
    parsed = read_yaml(f"a: {text}\n")
    assert _codes(parsed) == [("number-too-large", 0, 3)]
    assert parsed.documents[0].data["a"] == text  # kept as its text, never converted
    assert len(parsed.problems[0].message) < 200


def test_the_largest_number_read_has_15_digits() -> None:
    assert read_yaml(f"a: {MAX_INTEGER}\nb: -{MAX_INTEGER}\n").documents[0].data == {
        "a": MAX_INTEGER,
        "b": -MAX_INTEGER,
    }


def test_duplicate_key_gives_both_positions_and_keeps_the_first() -> None:
    parsed = read_yaml("id: a\nname: x\nid: b\n")
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.col, problem.related) == ("duplicate-key", 2, 0, ((0, 0),))
    assert problem.message == 'duplicate key "id" (first at line 1, column 1)'
    assert parsed.documents[0].data == {"id": "a", "name": "x"}


def test_anchors_and_aliases_are_refused_where_written() -> None:
    parsed = read_yaml("a: &x [1, 2]\nb: *x\nc: &y text\n")
    assert _codes(parsed) == [("yaml-anchor", 0, 3), ("yaml-alias", 1, 3), ("yaml-anchor", 2, 3)]
    assert parsed.documents[0].data == {"a": [1, 2], "b": None, "c": "text"}


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = [f"a0: &a0 [{', '.join(['lol'] * width)}]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def _count_leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_count_leaves(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_leaves(v) for v in value)
    return 1


def test_alias_bomb_is_refused_never_expanded() -> None:
    """A 9-level billion-laughs document (9**9 leaves if expanded): each anchor and alias is a
    problem, and the document holds 81 leaves: 9 strings and one None per alias."""
    parsed = read_yaml(_alias_bomb())
    codes = [p.code for p in parsed.problems]
    assert (codes.count("yaml-anchor"), codes.count("yaml-alias"), len(codes)) == (9, 72, 81)
    assert _count_leaves(parsed.documents[0].data) == 9 + 72


def test_a_bomb_past_the_problem_limit_stops_reading() -> None:
    parsed = read_yaml(_alias_bomb(levels=20))
    assert [p.code for p in parsed.problems][-1] == "too-many-problems"
    assert len(parsed.problems) == MAX_PROBLEMS_PER_FILE + 1
    assert parsed.documents == []  # reading stopped: nothing half-read is validated


def test_alias_bomb_returns_promptly_from_the_command_line(tmp_path: Any) -> None:
    """The whole CLI on a 9-level bomb finishes (a generous guard: a hang would take minutes)."""
    (tmp_path / "bomb.yaml").write_text(_alias_bomb(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "inventory", "validate", str(tmp_path / "bomb.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "error[yaml-alias]" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("text", "position", "shown"),
    [
        ("a: !!python/object:os.system x\n", (0, 3), "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system [ls]\n", (0, 3), "!!python/object/apply:os.system"),
        ("a: !!binary aGk=\n", (0, 3), "!!binary"),
        ("a: !include other.yaml\n", (0, 3), "!include"),
        ("--- !foo\na: 1\n", (0, 4), "!foo"),
        ("a: !!str [x]\n", (0, 3), "!!str"),
        ("a: !!seq {x: 1}\n", (0, 3), "!!seq"),
        ("a: !!map x\n", (0, 3), "!!map"),
    ],
)
def test_tags_are_refused_and_nothing_is_constructed(text: str, position: tuple[int, int], shown: str) -> None:
    parsed = read_yaml(text)
    (problem,) = parsed.problems
    assert (problem.code, (problem.line, problem.col)) == ("yaml-tag", position)
    assert shown in problem.message
    leaves: list[Any] = []
    for doc in parsed.documents:
        leaves.append(doc.data)
    assert all(type(v) in (dict, list, str, int, type(None)) for v in leaves)


def test_non_string_keys_are_refused_and_dropped() -> None:
    parsed = read_yaml("1: a\ntrue: b\n~: c\n[x]: d\n{y: 1}: e\nok: f\n")
    assert _codes(parsed) == [("non-string-key", n, 0) for n in range(5)]
    assert parsed.documents[0].data == {"ok": "f"}


@pytest.mark.parametrize("word", [".nan", ".NaN", ".inf", "-.inf", "+.INF", ".Inf"])
def test_nan_and_infinity_are_refused(word: str) -> None:
    parsed = read_yaml(f"a: {word}\n")
    assert _codes(parsed) == [("non-finite-number", 0, 3)]


def test_quoted_nan_is_text() -> None:
    assert read_yaml("a: '.nan'\n").documents[0].data == {"a": ".nan"}


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("[" * 100_000 + "]" * 100_000 + "\n", (0, MAX_DEPTH)),
        ("- " * 100_000 + "x\n", (0, 2 * MAX_DEPTH)),
        ("a: " + "{b: " * 100_000 + "1" + "}" * 100_000 + "\n", (0, 3 + 4 * (MAX_DEPTH - 1))),
    ],
    ids=["flow-lists", "block-lists", "flow-mappings"],
)
def test_100000_levels_stop_at_the_limit(text: str, position: tuple[int, int]) -> None:
    """Deep nesting is refused at the first level too deep; the C parser is iterative, so no overflow.

    libyaml 0.2.6 and later refuse flow collections past 1000 levels while scanning ahead, before
    gpufleet sees the 200th level: then the refusal stands at the 1001st ``[``, with the same code.
    """
    parsed = read_yaml(text)
    assert _codes(parsed) in ([("nesting-too-deep", *position)], [("nesting-too-deep", 0, 1000)])
    assert parsed.documents == []


def test_nesting_up_to_the_limit_is_read() -> None:
    depth = MAX_DEPTH
    parsed = read_yaml("[" * depth + "]" * depth + "\n")
    assert parsed.problems == []


def test_tab_indentation_is_named() -> None:
    parsed = read_yaml("power:\n\t- id: p1\n")
    (problem,) = parsed.problems
    assert (problem.code, problem.line, problem.col) == ("yaml-syntax", 1, 0)
    assert problem.message == "a tab is used for indentation; YAML allows only spaces there"


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    (problem,) = read_yaml('a: 1\nb: "never closed\nc: 2\n').problems
    assert (problem.line, problem.col, problem.message) == (1, 3, "this quote is never closed: the file ends inside it")


def test_syntax_error_keeps_the_documents_before_it() -> None:
    parsed = read_yaml("a: 1\n---\nb: [1, 2\n")
    assert [d.data for d in parsed.documents] == [{"a": 1}]
    assert [(p.code, p.line) for p in parsed.problems] == [
        ("yaml-syntax", 2)
    ]  # end of stream: on the last line, never past it


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        ("a: \x07\n", (0, 3), "control characters are not allowed (U+0007)"),
        ("é: x\nb: \x01\n", (1, 3), "control characters are not allowed (U+0001)"),
        ("a: \ud800\n", (0, 3), "character U+D800 is not text"),
    ],
)
def test_forbidden_characters_are_located(text: str, position: tuple[int, int], message: str) -> None:
    """A control character (libyaml reports a byte offset) and a lone surrogate, each at its place."""
    (problem,) = read_yaml(text).problems
    assert (problem.code, (problem.line, problem.col), problem.message) == ("yaml-syntax", position, message)


def test_problems_stop_at_the_limit() -> None:
    parsed = read_yaml("- *a\n" * (MAX_PROBLEMS_PER_FILE + 50))
    assert len(parsed.problems) == MAX_PROBLEMS_PER_FILE + 1
    assert _codes(parsed)[-1] == ("too-many-problems", MAX_PROBLEMS_PER_FILE - 1, 2)


def test_empty_text_has_no_document() -> None:
    assert read_yaml("").documents == []
    assert read_yaml("# only a comment\n").documents == []
    assert [d.data for d in read_yaml("---\n").documents] == [None]


# -- properties -------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_is_read_without_raising_and_problems_are_inside_it(text: str) -> None:
    """Whatever the text, read_yaml returns, and each problem's position is a place in the text."""
    parsed = read_yaml(text)
    for p in parsed.problems:
        assert _inside(text, p.line, p.col), (p, text)
        assert all(_inside(text, *r) for r in p.related)


YAMLISH = st.text(alphabet="ab:-[]{},#&*!|>'\"\n\t ?%@`1.~", max_size=120)


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_yaml_like_text_is_read_without_raising(text: str) -> None:
    """Text made of YAML's own punctuation, where every rule fires: still no raise, still located."""
    parsed = read_yaml(text)
    for p in parsed.problems:
        assert _inside(text, p.line, p.col), (p, text)


class _Yaml12Dumper(yaml.SafeDumper):
    """PyYAML's emitter quotes text that YAML 1.1 would read as another type; this one also quotes
    what YAML 1.2 reads as a number (``1e3``, ``0o7``, ``.5``), so the round trip is about the reader."""


_Yaml12Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$"),
    list("-+.0123456789"),
)
_Yaml12Dumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^0o[0-7]+$|^0x[0-9a-fA-F]+$"), ["0"])

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-MAX_INTEGER, MAX_INTEGER),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
)
DOCUMENTS = st.dictionaries(
    st.text(max_size=12),
    st.recursive(
        SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(DOCUMENTS)
def test_dumped_documents_read_back_to_the_same_data(document: dict[str, Any]) -> None:
    """yaml.safe_dump -> read_yaml gives back the same data (block and flow style)."""
    for flow in (False, True):
        # allow_unicode stays off: PyYAML would write a raw NEL, which YAML 1.1 (libyaml) folds
        text = yaml.dump(document, Dumper=_Yaml12Dumper, default_flow_style=flow)
        parsed = read_yaml(text)
        assert parsed.problems == []
        assert [d.data for d in parsed.documents] == [document]


def test_the_round_trip_compares_floats_exactly() -> None:
    """The property above would hide float drift if equality were loose: -0.0 and 1e16 stay as written."""
    text = yaml.dump({"a": -0.0, "b": 1e16, "c": 0.1}, Dumper=_Yaml12Dumper)
    data = read_yaml(text).documents[0].data
    assert math.copysign(1, data["a"]) == -1
    assert (data["b"], data["c"]) == (1e16, 0.1)


def test_an_unclosed_quote_before_the_next_document_is_named_at_the_quote() -> None:
    """libyaml stops at the `---` that follows; the problem is the quote that opened earlier."""
    (problem,) = read_yaml("a: 1\nb: 'open\n---\nc: 2\n").problems
    assert (problem.line, problem.col, problem.message) == (
        1,
        3,
        "this quote is never closed: the next document starts inside it",
    )
