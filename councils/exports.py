"""The deputy list as a table for the CSV and XLSX exports (written by `fileformats.responses`).

Headers of the deputy export are the import columns, so an export re-imports.
"""

from fileformats.cells import safe_cell

BASE_COLUMNS = ["council_code", "council", "region", "district", "convocation", "last_name", "first_name",
                "patronymic", "sex", "birth_year"]  # fmt: skip


def deputy_table(deputies, *, with_phones: bool):
    columns = [*BASE_COLUMNS, *(["phone"] if with_phones else []), "first_term", "trained"]
    rows = []
    for deputy in deputies:
        council = deputy.council
        values = {
            "council_code": council.code,
            "council": council.name,
            "region": council.region.name,
            "district": council.district.name if council.district else "",
            "convocation": deputy.convocation,
            "last_name": deputy.last_name,
            "first_name": deputy.first_name,
            "patronymic": deputy.patronymic,
            "sex": deputy.gender,
            "birth_year": deputy.birth_year,
            "phone": deputy.phone,
            "first_term": "" if deputy.first_term is None else ("yes" if deputy.first_term else "no"),
            "trained": "yes" if deputy.trained else "no",
        }
        rows.append([safe_cell(values[column]) for column in columns])
    return columns, rows
