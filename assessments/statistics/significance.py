"""Significance tests over groups of paired differences, as pure numpy (no Django).

`wilcoxon_pvalue` reproduces ``scipy.stats.wilcoxon(q, p)`` (its default "auto" method: exact distribution,
exhaustive sign-flip permutation or normal approximation) without SciPy's per-call cost, which matters when
thousands of scopes are computed; `grouped_wilcoxon_pvalues` does it for many scopes in one call.
"""

from functools import lru_cache

import numpy as np
from scipy import special


@lru_cache(maxsize=64)
def _signed_rank_pmf(n):
    """Exact null distribution of the signed-rank statistic r+ for n untied non-zero differences."""
    pmf = np.ones(1)
    for k in range(1, n + 1):
        previous = pmf
        pmf = np.zeros(k * (k + 1) // 2 + 1)
        pmf[: previous.size] = previous * 0.5
        pmf[-previous.size :] += previous * 0.5
    return pmf


def _pmf_cdf(pmf, mean, k):
    # Sum the shorter tail, as SciPy does, so the p-values agree to the last digit.
    return pmf[: k + 1].sum() if k <= mean else 1.0 - pmf[k + 1 :].sum()


def _pmf_sf(pmf, mean, k):
    return pmf[k:].sum() if k <= mean else 1.0 - pmf[:k].sum()


@lru_cache(maxsize=16)
def _sign_patterns(m):
    """Every assignment of signs to m differences (2**m × m, 1 = positive)."""
    return ((np.arange(2**m)[:, None] >> np.arange(m)[None, :]) & 1).astype(float)


def wilcoxon_pvalue(differences):
    """Two-sided p-value of the Wilcoxon signed-rank test, equal to ``scipy.stats.wilcoxon(q, p).pvalue``
    for d = q − p (zero differences dropped, no continuity correction, method "auto").

    None when there is no pair or every difference is zero (the test is undefined then; SciPy answers 1.0
    or NaN depending on the sample size).
    """
    d = np.asarray(differences, dtype=float)
    return grouped_wilcoxon_pvalues(np.zeros(d.size, dtype=np.int64), d, 1, np.array([d.size > 0]))[0]


def grouped_wilcoxon_pvalues(group, differences, n_groups, wanted):
    """`wilcoxon_pvalue` for each group whose `wanted` flag is set (None for the others).

    SciPy's "auto" method picks, per sample: the exact null distribution (≤ 50 differences, no ties, no
    zeros), an exhaustive sign-flip permutation test (≤ 13 differences with ties or zeros) or the normal
    approximation with tie correction (the rest). Ranks, rank sums and tie corrections are computed for all
    groups at once; only the exact and permutation cases, which are small, loop.
    """
    group = np.asarray(group, dtype=np.int64)
    d = np.asarray(differences, dtype=float)
    wanted = np.asarray(wanted, dtype=bool)
    result = [None] * n_groups
    n_all = np.bincount(group, minlength=n_groups)[:n_groups]
    keep = wanted[group] & (d != 0)
    g, dz = group[keep], d[keep]
    m = np.bincount(g, minlength=n_groups)[:n_groups]
    if g.size == 0:
        return result
    absd = np.abs(dz)
    order = np.lexsort((absd, g))
    g_sorted, abs_sorted, positive_sorted = g[order], absd[order], dz[order] > 0
    new_block = np.concatenate(([True], (g_sorted[1:] != g_sorted[:-1]) | (abs_sorted[1:] != abs_sorted[:-1])))
    block_start = np.flatnonzero(new_block)
    block_size = np.diff(np.append(block_start, g_sorted.size))
    block_group = g_sorted[block_start]
    group_start = np.concatenate(([0], np.cumsum(m)))[:-1]
    # Average rank (1-based, within the group) of each block of tied |d|.
    block_rank = block_start - group_start[block_group] + 1 + (block_size - 1) / 2.0
    ranks = np.repeat(block_rank, block_size)
    r_plus = np.bincount(g_sorted, weights=ranks * positive_sorted, minlength=n_groups)[:n_groups]
    ties = np.bincount(block_group, weights=(block_size > 1), minlength=n_groups)[:n_groups] > 0
    tie_term = np.bincount(block_group, weights=block_size**3.0 - block_size, minlength=n_groups)[:n_groups]
    zeros = m < n_all

    usable = wanted & (m > 0)
    exact = usable & (n_all <= 50) & ~ties & ~zeros
    permutation = usable & ~exact & (n_all <= 13)
    asymptotic = usable & ~exact & ~permutation
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = m * (m + 1) * 0.25
        se = np.sqrt((m * (m + 1.0) * (2.0 * m + 1.0) - tie_term / 2) / 24)
        p_normal = 2 * special.ndtr(-np.abs((r_plus - mean) / se))
    for index in np.flatnonzero(asymptotic).tolist():
        result[index] = float(p_normal[index])
    for index in np.flatnonzero(exact).tolist():
        size, statistic = int(m[index]), float(r_plus[index])
        pmf, centre = _signed_rank_pmf(size), size * (size + 1) / 4
        p = 2 * min(_pmf_sf(pmf, centre, int(np.floor(statistic))), _pmf_cdf(pmf, centre, int(np.ceil(statistic))))
        result[index] = float(min(max(p, 0.0), 1.0))
    for index in np.flatnonzero(permutation).tolist():
        # SciPy flips the signs of every difference; flipping zeros repeats each outcome equally often, so
        # enumerating the non-zero ones gives the same proportions.
        start = group_start[index]
        null = _sign_patterns(int(m[index])) @ ranks[start : start + m[index]]
        statistic = float(r_plus[index])
        gamma = abs(np.finfo(float).eps * 100 * statistic)
        less = np.count_nonzero(null <= statistic + gamma) / null.size
        greater = np.count_nonzero(null >= statistic - gamma) / null.size
        result[index] = float(min(max(2 * min(less, greater), 0.0), 1.0))
    return result
