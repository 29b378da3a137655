"""Hypothesis strategies for random and hostile input: what a careless or malicious person may type."""

from hypothesis import strategies as st

HOSTILE_WORDS = [
    "NaN", "nan", "-NaN", "Infinity", "-inf", "sNaN", "1e999999", "1E-999999", "9" * 400, "9" * 5000,
    "-0", "0.001", "19.999", "20.01", "1_0", "0x1F", "--1", "1e1", "١٢", "１２", "²", "½", " ", "\u00a012",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE assessments_testresult; --",
    "1 OR 1=1", "=HYPERLINK(\"http://x\")", "@SUM(A1)", "Жаңы", "өңү", "😀" * 50, "a" * 10000, "\t", "\r\n",
]  # fmt: skip

HOSTILE_TEXT = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.text(max_size=40),
    st.text(alphabet="0123456789,.-+eE _", max_size=12),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
