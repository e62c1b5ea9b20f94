"""The descriptor's patterns as hostile input: with google-re2 they match in linear time;
without it, Python's engine runs only patterns that cannot backtrack without end. Both
engines agree on the patterns a real schema uses."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import medclusters as mc
from medclusters.io import spec as _spec

#: (pattern, the input that makes a backtracking engine take exponential or polynomial time)
EVIL = [
    ("(a+)+b", "a" * 40),
    ("(a*)*b", "a" * 40),
    ("(a|aa)*b", "a" * 40),
    ("(a|a)*b", "a" * 40),
    ("(ab|a)*c", "ab" * 30),
    ("(?:a|b|ab)*c", "ab" * 30),
    ("(x+x+)+y", "x" * 40),
    ("([a-z]+)*[0-9]", "a" * 40),
    ("^(a+)+$", "a" * 40 + "!"),
    ("(\\w+\\s?)*!", "a" * 40),
    ("(.*a){12}", "a" * 40 + "b"),
    ("(a?){30}a{30}", "a" * 30),
    ("(.*){1,32000}[bc]", "a" * 50),
    ("((a{0,30}){0,30}){0,30}b", "a" * 40),
    ("\\d+\\d+x", "1" * 20_000),
    ("\\d+-?\\d+x", "1" * 20_000),
    (".*.*.*.*.*.*.*.*.*.*x", "a" * 300),
]

#: Patterns a careful schema writes, and values to try them on.
ORDINARY = [
    "^[a-z0-9][a-z0-9:>._-]*$",
    "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
    "^[A-Z]{2}$",
    "^[a-z]{2}$",
    "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$",
    "^\\+[0-9 ]{6,20}$",
    "https?://\\S+",
    "^[0-9]+(-[0-9]+|\\+)?$",
    "[A-Z]{3}",
    "\\d{1,3}(\\.\\d{1,3}){3}",
]


@pytest.fixture(params=["re2", "re"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test twice: with google-re2 and with Python's engine (re2 hidden)."""
    if request.param == "re2" and _spec._re2() is None:
        pytest.skip("google-re2 is not installed")
    if request.param == "re":
        monkeypatch.setattr(_spec, "_re2", lambda: None)
    _spec._compiled.cache_clear()
    yield request.param
    _spec._compiled.cache_clear()


def _alarm(signum: int, frame: Any) -> None:
    raise TimeoutError("the match did not end within 2 seconds")


@pytest.mark.parametrize(("pattern", "text"), EVIL, ids=[p for p, _ in EVIL])
def test_an_evil_pattern_is_refused_or_matched_at_once(
    engine: str, pattern: str, text: str
) -> None:
    """Refused as a PackageError naming resource and field, or matched in linear time; a
    hang would fail here after two seconds rather than stall the suite."""
    refusal: mc.PackageError | None = None
    try:
        matcher = _spec.compile_pattern(pattern, "clusters", "name")
    except mc.PackageError as error:
        refusal = error
    if refusal is not None:
        assert (refusal.resource, refusal.field) == ("clusters", "name")
        assert engine == "re" or "does not compile" in str(refusal)
        return
    assert engine == "re2", "Python's engine must refuse every evil pattern"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(2)
    try:
        started = time.perf_counter()
        matcher.fullmatch(text)
        elapsed = time.perf_counter() - started
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert elapsed < 1.0


@pytest.mark.parametrize("pattern", ORDINARY)
def test_an_ordinary_pattern_is_accepted(engine: str, pattern: str) -> None:
    _spec.compile_pattern(pattern)


def test_the_bundled_patterns_are_all_ordinary() -> None:
    descriptor = json.loads(mc.bundled_path().read_text(encoding="utf-8"))
    used = {
        field["constraints"]["pattern"]
        for resource in descriptor["resources"]
        for field in resource["schema"]["fields"]
        if "pattern" in field.get("constraints", {})
    }
    assert used <= set(ORDINARY)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a)\\1", "refers back to a group"),
        ("(?=a)a", "looks ahead or behind"),
        ("(?<!a)b", "looks ahead or behind"),
        ("(", "does not compile"),
        ("a" * 5000, "longer than"),
    ],
)
def test_what_xml_schema_patterns_lack_is_refused_by_both(
    engine: str, pattern: str, message: str
) -> None:
    with pytest.raises(mc.PackageError, match=message):
        _spec.compile_pattern(pattern)


_VALUES = st.text(st.sampled_from("az09AZ-+.:@/ _\t\n\u0661\uff11é"), max_size=30)


@pytest.mark.skipif(_spec._re2() is None, reason="google-re2 is not installed")
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(ORDINARY), _VALUES)
def test_both_engines_agree_on_ordinary_patterns(pattern: str, value: str) -> None:
    """A package validates the same with or without google-re2 (ASCII \\d, \\w and \\s)."""
    import re

    with_re2 = _spec.compile_pattern(pattern).fullmatch(value) is not None
    with_re = re.compile(pattern, re.ASCII).fullmatch(value) is not None
    assert with_re2 == with_re
