"""units: power is exact and written one way, partial dates are spans, qualifiers and counts parse."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.model.amounts import QualifiedCount, QualifiedPower, parse_qualified_count, parse_qualified_power
from inventory.model.units import (
    COUNT_PATTERN,
    DATE_PATTERN,
    POWER_PATTERN,
    NegativeError,
    PartialDate,
    Power,
    Qualifier,
    UnitError,
    as_of_day,
    format_power,
    parse_count,
    parse_date,
    parse_power,
    split_qualifier,
)

# -- power ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "watts"),
    [
        ("700 W", 700),
        ("10.2 kW", 10_200),
        ("420 MW", 420_000_000),
        ("1.6 GW", 1_600_000_000),
        ("1,600 MW", 1_600_000_000),
        ("1_600 kW", 1_600_000),
        ("1600MW", 1_600_000_000),
        ("0.275 GW", 275_000_000),
        ("0 W", 0),
    ],
)
def test_power_parses_exactly(text: str, watts: int) -> None:
    assert parse_power(text) == Power(Decimal(watts))


def test_power_sums_do_not_drift() -> None:
    """0.1 GW ten times is 1 GW exactly (float would give 0.9999999999999999)."""
    total = sum((parse_power("0.1 GW") for _ in range(10)), Power.zero())
    assert total == parse_power("1 GW")
    assert str(total) == "1 GW"


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (40, UnitError, "40 has no unit; write it with one, like '40 MW'"),
        ("40", UnitError, "'40' has no unit; write it with one, like '40 MW'"),
        ("40 mw", UnitError, "unknown power unit 'mw' in '40 mw'; did you mean MW?"),
        ("40 MVA", UnitError, "unknown power unit 'MVA' in '40 MVA' (known units: W, kW, MW, GW)"),
        (
            "1,6 GW",
            UnitError,
            "'1,6 GW': ',' and '_' separate groups of three digits (1,600 MW); decimals take a '.' (1.6 GW)",
        ),
        (".5 GW", UnitError, "'.5 GW' is not written the way power is; write '0.5 GW'"),
        ("+5 MW", UnitError, "'+5 MW' is not written the way power is; write '5 MW'"),
        ("5  MW", UnitError, "'5  MW' is not written the way power is; write '5 MW'"),
        (
            "~40 MW",
            UnitError,
            "'~40 MW': a qualifier does not go inside a value; write the power alone here"
            " (a report figure takes it as shorthand, '~40 MW', or in `qualifier:`)",
        ),
        ("1e3 MW", UnitError, "'1e3 MW' is not a power figure; write a number and a unit, like '420 MW'"),
        ("-5 MW", NegativeError, "power cannot be negative: '-5 MW'"),
        (-5, NegativeError, "power cannot be negative: -5"),
        (True, TypeError, "expected power as text with a unit, like '420 MW', got true/false"),
        (None, TypeError, "expected power as text with a unit, like '420 MW', got nothing (null)"),
    ],
)
def test_power_errors_say_how_to_write_it(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        parse_power(value)


@pytest.mark.parametrize(
    ("watts", "text"),
    [
        (Decimal(420_000_000), "420 MW"),
        (Decimal("1.6e9"), "1.6 GW"),
        (Decimal(1_234_567), "1.234567 MW"),
        (Decimal(999), "999 W"),
        (Decimal("0.5"), "0.5 W"),
        (Decimal(0), "0 W"),
        (Decimal(-5_000_000), "-5 MW"),
        (Decimal("1E+3"), "1 kW"),
        (Decimal(1_600_000_000_000), "1,600 GW"),
    ],
)
def test_format_power_picks_the_largest_unit_and_never_rounds(watts: Decimal, text: str) -> None:
    assert format_power(watts) == text


def test_format_power_in_a_chosen_unit() -> None:
    assert format_power(700, "MW") == "0.0007 MW"
    assert format_power(Decimal(1_234_567_890_123), "GW") == "1,234.567890123 GW"


NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=999_999).map(str),
    st.integers(min_value=1_000, max_value=10**12).map(lambda n: f"{n:,}"),
    st.integers(min_value=1_000, max_value=10**12).map(lambda n: f"{n:_}"),
)
POWER_TEXTS = st.builds(
    lambda whole, decimals, space, unit: f"{whole}{'.' + decimals if decimals else ''}{space}{unit}",
    NUMBERS,
    st.text(alphabet="0123456789", max_size=6),
    st.sampled_from(["", " "]),
    st.sampled_from(["W", "kW", "MW", "GW"]),
)


@settings(max_examples=300, deadline=None)
@given(POWER_TEXTS)
def test_format_power_round_trips(text: str) -> None:
    """Any power as gpufleet writes it parses, formats and parses back to the same watts."""
    assert re.match(POWER_PATTERN, text)
    power = parse_power(text)
    assert parse_power(format_power(power.watts)) == power
    assert re.match(POWER_PATTERN, format_power(power.watts))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,_. -+~kKMGWw", max_size=14))
def test_parse_power_accepts_exactly_the_schema_pattern(text: str) -> None:
    """parse_power and the JSON Schema's pattern agree on every text: one way to write power."""
    try:
        parse_power(text)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == bool(re.match(POWER_PATTERN, text))


# -- counts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "count"), [(0, 0), (250_000, 250_000), ("250,000", 250_000), ("1_000", 1000), ("7", 7)]
)
def test_counts_parse(value: object, count: int) -> None:
    assert parse_count(value) == count


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (-1, NegativeError, "a count cannot be negative: -1"),
        ("-1", NegativeError, "a count cannot be negative: -1"),
        ("25,00", ValueError, "'25,00': ',' and '_' separate groups of three digits (250,000)"),
        ("+5", ValueError, "'+5' is not a whole number; write it like 250000 or '250,000'"),
        ("many", ValueError, "'many' is not a whole number; write it like 250000 or '250,000'"),
        (1.5, TypeError, "expected a whole number, got a number"),
        (False, TypeError, "expected a whole number, got true/false"),
    ],
)
def test_count_errors(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        parse_count(value)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789,_ -+", max_size=10))
def test_parse_count_accepts_exactly_the_schema_pattern(text: str) -> None:
    try:
        parse_count(text)
        accepted = True
    except ValueError:
        accepted = False
    assert accepted == bool(re.match(COUNT_PATTERN, text))


# -- qualifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier", "rest"),
    [
        ("~1.6 GW", Qualifier.APPROXIMATELY, "1.6 GW"),
        ("~ 1.6 GW", Qualifier.APPROXIMATELY, "1.6 GW"),
        (">360 MW", Qualifier.MORE_THAN, "360 MW"),
        (">=250,000", Qualifier.AT_LEAST, "250,000"),
        ("<= 10 MW", Qualifier.UP_TO, "10 MW"),
        ("<5", Qualifier.LESS_THAN, "5"),
        ("420 MW", Qualifier.EXACT, "420 MW"),
        ("~  1 GW", Qualifier.APPROXIMATELY, " 1 GW"),  # one space only: the rest is then refused
    ],
)
def test_split_qualifier(text: str, qualifier: Qualifier, rest: str) -> None:
    assert split_qualifier(text) == (qualifier, rest)


def test_every_qualifier_has_its_symbol() -> None:
    assert {q.value: q.symbol for q in Qualifier} == {
        "exact": "",
        "approximately": "~",
        "more-than": ">",
        "at-least": ">=",
        "up-to": "<=",
        "less-than": "<",
    }


# -- partial dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025-03-31", dt.date(2025, 3, 31), dt.date(2025, 3, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
        ("2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("2027", dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
        (2027, dt.date(2027, 1, 1), dt.date(2027, 12, 31)),
        ("<=2024-12-31", dt.date.min, dt.date(2024, 12, 31)),  # on or before: open to the past
        ("<= 2025-Q4", dt.date.min, dt.date(2025, 12, 31)),
    ],
)
def test_partial_dates_are_spans(value: object, first: dt.date, last: dt.date) -> None:
    date = parse_date(value)
    assert (date.first, date.last, str(date)) == (first, last, str(value))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "'2025-02-30' is not a real date"),
        ("2025-13", "'2025-13' is not a real date"),
        (
            "2026-Q5",
            "'2026-Q5' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY, or <=DATE for on or before",
        ),
        (
            "0999",
            "'0999' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY, or <=DATE for on or before",
        ),
        (
            "<=<=2024",
            "'<=<=2024' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY, or <=DATE for on or before",
        ),
        (
            20250101,
            "'20250101' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY, or <=DATE for on or before",
        ),
    ],
)
def test_date_errors(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_date(value)


def test_certainly_before_compares_spans() -> None:
    """2025-06 is certainly before 2025-Q3, but 2025 is not certainly before 2025-03 (they overlap)."""
    assert parse_date("2025-06").certainly_before(parse_date("2025-Q3"))
    assert not parse_date("2025").certainly_before(parse_date("2025-03"))
    assert not parse_date("2025-03").certainly_before(parse_date("2025"))


DATE_TEXTS = st.one_of(
    st.dates(min_value=dt.date(1000, 1, 1)).map(dt.date.isoformat),
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1000, 9999), st.integers(1, 12)),
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(1000, 9999), st.integers(1, 4)),
    st.builds(lambda y, h: f"{y}-H{h}", st.integers(1000, 9999), st.integers(1, 2)),
    st.integers(1000, 9999).map(str),
)


@settings(max_examples=300, deadline=None)
@given(DATE_TEXTS)
def test_partial_dates_have_first_on_or_before_last(text: str) -> None:
    """Every partial date the schema allows parses into a span whose first day is not after its last."""
    assert re.match(DATE_PATTERN, text)
    date = parse_date(text)
    assert isinstance(date, PartialDate)
    assert date.first <= date.last
    assert date.first.isoformat().startswith(text[:4])


def test_as_of_day_is_the_last_day_and_refuses_on_or_before() -> None:
    """An as-of date names one day: a partial date's last; ``<=DATE`` names none."""
    assert as_of_day("2025-Q1") == dt.date(2025, 3, 31)
    assert as_of_day("2024-12-31") == dt.date(2024, 12, 31)
    with pytest.raises(ValueError, match="not 'on or before'"):
        as_of_day("<=2024-12-31")


def test_qualified_itemized_amounts() -> None:
    """``~120 MW`` and ``">16,000"`` keep their qualifier; exact ones stay plain Power and int."""
    about = parse_qualified_power("~120 MW")
    assert isinstance(about, QualifiedPower)
    assert (about.watts, about.qualifier, str(about)) == (Decimal(120_000_000), Qualifier.APPROXIMATELY, "~120 MW")
    assert about != parse_power("120 MW")  # a diff sees the qualifier change
    assert type(parse_qualified_power("120 MW")) is Power
    more = parse_qualified_count(">16,000")
    assert isinstance(more, QualifiedCount)
    assert (int(more), str(more), f"{more:,}", more + 1) == (16000, ">16,000", ">16,000", 16001)
    assert more != 16000
    assert more == parse_qualified_count("> 16000")
    assert type(parse_qualified_count(16000)) is int
    with pytest.raises(TypeError, match="qualifier"):
        parse_qualified_count("16,000")  # text needs a qualifier: an exact count is a number
    with pytest.raises(ValueError, match="negative"):
        parse_qualified_count(">-5")
