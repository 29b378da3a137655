"""Loading the regions, districts and councils shipped in `councils/data/` (see its README).

Idempotent: records are matched by СОАТЕ code, so a second run changes nothing and a run after a data
update changes names in place, keeping every link (deputies, elections, sessions) attached. Councils
whose names were verified from an official list keep those names.
"""

import csv
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ..models import Council, District, Region

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Council names stored where the name derived from the territory is not right (see council_names.py).
COUNCIL_NAMES = ["council_name_ky", "council_name_ru", "council_name_en"]


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sync(model, rows: list[dict], fields: list[str], *, keep=lambda obj: (), derived=()) -> dict[str, int]:
    """Create or update `model` rows by code; `keep(obj)` names fields not to overwrite on that object.

    `derived` names fields that `obj.refresh_search_key()` computes from the others (bulk writes skip save()).
    """
    existing = model.objects.in_bulk(field_name="code")
    created, changed, counts = [], [], {"created": 0, "updated": 0, "unchanged": 0}
    for values in rows:
        obj = existing.get(values["code"])
        if obj is None:
            created.append(model(**values))
            continue
        kept = set(keep(obj))
        different = [name for name in fields if name not in kept and getattr(obj, name) != values[name]]
        for name in different:
            setattr(obj, name, values[name])
        if different:
            changed.append(obj)
        else:
            counts["unchanged"] += 1
    if derived:
        for obj in (*created, *changed):
            obj.refresh_search_key()
    model.objects.bulk_create(created)
    if changed:
        now = timezone.now()  # bulk_update skips auto_now; the API's updated_since relies on it
        for obj in changed:
            obj.updated_at = now
        model.objects.bulk_update(changed, [*fields, *derived, "updated_at"])
    counts["created"], counts["updated"] = len(created), len(changed)
    return counts


def load_reference_data(data_dir: Path = DATA_DIR) -> dict[str, dict[str, int]]:
    """Load regions, districts and councils; returns created/updated/unchanged counts per level."""
    names = ["name_ru", "name_ky", "name_en"]
    with transaction.atomic():
        region_rows = [
            {"code": r["code"], "iso_code": r["iso_3166_2"], "kind": r["kind"], **{n: r[n] for n in names}}
            for r in _read(data_dir / "regions.csv")
        ]
        result = {"regions": _sync(Region, region_rows, ["iso_code", "kind", *names])}
        regions = dict(Region.objects.values_list("code", "pk"))
        district_rows = [
            {"code": r["code"], "region_id": regions[r["region"]], **{n: r[n] for n in names}}
            for r in _read(data_dir / "districts.csv")
        ]
        result["districts"] = _sync(District, district_rows, ["region_id", *names])
        districts = dict(District.objects.values_list("code", "pk"))
        overrides = {row.pop("code"): row for row in _read(data_dir / "council_names.csv")}
        council_rows = [
            {
                "code": r["code"],
                "kind": r["kind"],
                "region_id": regions[r["region"]],
                "district_id": districts[r["district"]] if r["district"] else None,
                **{n: r[n] for n in names},
                "names_verified": r["names_verified"].strip().lower() == "true",
                **{n: overrides.get(r["code"], {}).get(n, "") for n in COUNCIL_NAMES},
            }
            for r in _read(data_dir / "councils.csv")
        ]
        result["councils"] = _sync(
            Council,
            council_rows,
            ["kind", "region_id", "district_id", *names, "names_verified", *COUNCIL_NAMES],
            keep=lambda council: (*names, "names_verified", *COUNCIL_NAMES) if council.names_verified else (),
            derived=["search_key"],
        )
    return result
