"""Item analysis of one test in one phase (facility, discrimination, KR-20) and review flags: pure numpy."""

import numpy as np

EASY_PRE_FACILITY = 0.9
LOW_DISCRIMINATION = 0.2


def _none_if_nan(value):
    value = float(value)
    return None if np.isnan(value) else value


def item_analysis(correct):
    """Facility, discrimination and KR-20 of one instrument in one phase.

    `correct` is respondents × questions, 1 where the answer was right. Facility is the share correct;
    discrimination is the point-biserial (Pearson) correlation of the item with the rest score (number
    correct on the other questions), None when either does not vary; KR-20 uses the population variance
    of the total number correct, None with fewer than two questions or no variance.
    """
    x = np.asarray(correct, dtype=float)
    if x.ndim != 2:
        raise ValueError("correct must be a respondents × questions matrix")
    n, k = x.shape
    if n == 0:
        return {"respondents": 0, "facility": [None] * k, "discrimination": [None] * k, "kr20": None}
    facility = x.mean(axis=0)
    total = x.sum(axis=1)
    rest = total[:, None] - x
    xc = x - facility
    rc = rest - rest.mean(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        denominator = np.sqrt((xc**2).sum(axis=0) * (rc**2).sum(axis=0))
        discrimination = np.where(denominator > 0, (xc * rc).sum(axis=0) / denominator, np.nan)
    variance = total.var()
    kr20 = None
    if k >= 2 and variance > 0:
        kr20 = float(k / (k - 1) * (1 - (facility * (1 - facility)).sum() / variance))
    return {
        "respondents": int(n),
        "facility": [float(value) for value in facility],
        "discrimination": [_none_if_nan(value) for value in discrimination],
        "kr20": kr20,
    }


def item_flags(facility_pre, discrimination_pre, discrimination_post):
    """Reasons to review a question: too easy before training, or it does not separate strong from weak."""
    flags = []
    if facility_pre is not None and facility_pre > EASY_PRE_FACILITY:
        flags.append("easy_on_pre")
    if any(value is not None and value < LOW_DISCRIMINATION for value in (discrimination_pre, discrimination_post)):
        flags.append("low_discrimination")
    return flags
