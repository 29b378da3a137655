"""File formats, in one place every app may import (it imports none of them).

- `tables`: reading uploaded CSV/XLSX tables (headers in three languages, `parse_*` for values);
- `limits`: what reading one uploaded table may cost (zip bombs, rows, columns, cell length);
- `cells`: `safe_cell` for every spreadsheet cell the portal writes, `unsafe_cell` to read it back;
- `responses`: file downloads (CSV, XLSX, PDF) with a safe file name;
- `pdf`: the DejaVu Sans fonts (in `fonts/` with their licence) for every PDF, Cyrillic and ү ө ң included.
"""
