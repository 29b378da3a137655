"""The statistics of DESIGN §3 (docs/statistics.md), in one package.

- `figures`: the list of figures (keys, kinds); `stats`, `significance`, `items`: the pure computation;
  `dataset`: the `Dataset` they run on — all importable without Django.
- `loader`: reads campaigns into a `Dataset`; `breakdowns`: every scope's figures from it; `filtering`: the
  part of a campaign a dashboard filter selects.
- `snapshots`: computing, storing and reading them (Celery tasks in `assessments.tasks`); `labels`,
  `definitions`, `formats`: names of entries and figures, and spreadsheet number formats.
"""
