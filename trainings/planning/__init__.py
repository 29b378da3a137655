"""The campaign scheduler (docs/planning.md): plain-data inputs → a checked plan, with CP-SAT.

`inputs`, `plan`, `rules`, `explain`, `greedy`, `model`, `solve` and `check` know nothing of the database;
`load` builds the inputs from a campaign and `accept` turns a plan into sessions and invitations.
"""
