"""The 2021 planning case, built from the reference data shipped in councils/data: 420 aiyl keneshes, about
40 venues, 20 trainers and the six weeks from 24 May to 2 July 2021 (the benchmark and the slow test).

Seats, venues, capacities, trainers' regions and days off are not in the reference data: they are drawn with
a fixed seed, close to 2021 (7 560 deputies of 420 aiyl keneshes, 18 on average; halls of 120–200 seats in
district centres; two or three trainers per region). Council and district ids are row numbers.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import councils

from .holidays import working_days
from .inputs import AreaIn, CouncilIn, PlanInputs, Settings, TrainerIn, VenueIn

DATA = Path(councils.__file__).resolve().parent / "data"
FIRST, LAST = date(2021, 5, 24), date(2021, 7, 2)


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def case_2021(*, councils_count=420, venues_count=40, trainers_count=20, seed=2021, settings=None) -> PlanInputs:
    rng = random.Random(seed)
    regions = {row["code"]: AreaIn(i + 1, row["name_en"]) for i, row in enumerate(_rows("regions.csv"))}
    districts = {
        row["code"]: AreaIn(i + 1, row["name_en"], regions[row["region"]].id)
        for i, row in enumerate(_rows("districts.csv"))
    }
    aiyl = [row for row in _rows("councils.csv") if row["kind"] == "aiyl_kenesh" and row["district"]]
    chosen = sorted(rng.sample(aiyl, councils_count), key=lambda row: row["code"])
    council_list = tuple(
        CouncilIn(
            id=i + 1,
            name=row["name_en"] or row["name_latin"],
            region_id=regions[row["region"]].id,
            district_id=districts[row["district"]].id,
            places=rng.choice((11, 13, 15, 17, 19, 21, 23, 25)),
        )
        for i, row in enumerate(chosen)
    )
    used = sorted({c.district_id for c in council_list})
    # One hall in each district with councils but three; the biggest districts get a second one.
    without = set(rng.sample(used, 3))
    by_size = sorted(used, key=lambda d: -sum(c.places for c in council_list if c.district_id == d))
    halls = [d for d in used if d not in without]
    halls += [d for d in by_size if d not in without][: max(0, venues_count - len(halls))]
    district_by_id = {area.id: area for area in districts.values()}
    venue_list = tuple(
        VenueIn(
            id=i + 1,
            name=f"{district_by_id[d].name} hall {i + 1}",
            region_id=district_by_id[d].region_id,
            district_id=d,
            capacity=rng.choice((120, 150, 180, 200)),
        )
        for i, d in enumerate(halls)
    )
    days = working_days(FIRST, LAST)
    # Trainers by region in proportion to the places to train there, at least two each; a few also work
    # in a neighbouring region; each has two to four days off in the window.
    places = {}
    for c in council_list:
        places[c.region_id] = places.get(c.region_id, 0) + c.places
    ordered = sorted(places, key=lambda r: -places[r])
    home = []
    for region_id in ordered:
        home += [region_id] * 2
    while len(home) < trainers_count:
        home.append(max(ordered, key=lambda r: places[r] / home.count(r)))
    trainer_list = []
    for i, region_id in enumerate(sorted(home[:trainers_count])):
        extra = (rng.choice(ordered),) if rng.random() < 0.25 else ()
        off = sorted(rng.sample(days, rng.randint(2, 4)))
        trainer_list.append(TrainerIn(i + 1, f"Trainer {i + 1:02d}", tuple(sorted({region_id, *extra})), tuple(off)))
    return PlanInputs(
        councils=council_list,
        venues=venue_list,
        trainers=tuple(trainer_list),
        working_days=tuple(days),
        regions=tuple(regions.values()),
        districts=tuple(districts.values()),
        settings=settings or Settings(time_limit_seconds=45),
    )


def window_days(first=FIRST, last=LAST):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
