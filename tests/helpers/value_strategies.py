"""Hypothesis strategies for cells as BLS writes them (SYNTHETIC, generated): formatted numbers, BLS symbols, padding,
junk that is neither, and a mix of them. Shared by the value-parsing property tests of conventions and sources.
"""

from __future__ import annotations

from hypothesis import strategies as st

from analysis.conventions.schema import SYMBOL_STATUS

amounts = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False)


whole = st.integers(min_value=0, max_value=10**12)


symbols = st.sampled_from(sorted(SYMBOL_STATUS))


padding = st.sampled_from(["", " ", "  ", "\t"])


# Text that is neither a number nor a BLS symbol: contains a letter, or a misplaced separator.
junk = st.one_of(
    st.text(alphabet="abcxyzN/A()$%", min_size=1, max_size=6),
    st.builds(lambda n: f"{n}x", whole),
    st.builds(lambda n: f"{n},{n}", st.integers(min_value=1000, max_value=99999)),
    st.sampled_from(["1.2.3", "12,34", "***", "# ", "nan", "inf", "1e5", "--", "N/A", "(8)"]),
).filter(lambda t: t.strip() not in SYMBOL_STATUS)


cells = st.one_of(
    st.builds(lambda n: f"{n:,}", whole),
    st.builds(lambda a: f"{a:,.2f}", amounts),
    whole.map(float),
    amounts.map(float),
    whole,
    symbols,
    padding,
    st.none(),
    st.just(float("nan")),
)
