"""Write static/geo/kg-regions.geojson (the dashboard map) from councils/data/regions-naturalearth.geojson:
only the СОАТЕ code and ISO code are kept and coordinates are rounded to 0.001° (about 100 m)."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "councils" / "data" / "regions-naturalearth.geojson"
TARGET = ROOT / "static" / "geo" / "kg-regions.geojson"


def rounded(coordinates):
    if isinstance(coordinates[0], int | float):
        return [round(coordinates[0], 3), round(coordinates[1], 3)]
    return [rounded(part) for part in coordinates]


def main():
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "properties": {"code": feature["properties"]["soate"], "iso": feature["properties"]["iso_3166_2"]},
            "geometry": {
                "type": feature["geometry"]["type"],
                "coordinates": rounded(feature["geometry"]["coordinates"]),
            },
        }
        for feature in source["features"]
    ]
    TARGET.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))


if __name__ == "__main__":
    main()
