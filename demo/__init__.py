"""Demo and synthetic data: the 2021 campaign shaped like its press release, a benchmark load and the
benchmarks themselves. Kept out of the runtime `portal` package; its commands: `seed_demo`, `generate_load`,
`bench`, `bench_dashboard`.

Everything here is generated from a fixed seed, so two runs on the same reference data give the same rows.
The figures of the press release (participants, councils covered, councils with elections) are the
*parameters* of the generator; the knowledge growth is not a parameter: it follows from the drawn
abilities and learning gains.
"""
