"""Italian municipalities' twinnings from Italian Wikipedia (giovanni-cutri/italian-municipalities-twinnings,
CC BY-SA), shipped as `kg/data/world/italian_twinnings.csv`.

Each row is read from the page of its first city, an Italian municipality, so that city claims it. The file
is in Italian and in lower case: countries are read in any language pycountry translates into ("germania",
"stati uniti", "rep. ceca"), names take the gazetteer's case when placed (else `proper_case`, the source's
spelling kept as an alias), and the province and region of the Italian side choose between homonyms
("arpino, frosinone, lazio" is the Arpino in Lazio, not the larger one in Campania); an Italian partner
named like a municipality of the list takes that municipality's province, when the list gives it only one.
Rows whose country is no country ("europa", "kurdistan") are set aside with the reason.
"""

from __future__ import annotations

import csv
from pathlib import Path

from kg.loaders.edge_csv import CsvColumns, CsvOptions, load_edge_csv
from kg.records import Dataset

SOURCE_KEY = "italian-wikipedia-twinnings"
FILE = "italian_twinnings.csv"
TITLE = "Twinnings of Italian municipalities, from Italian Wikipedia (giovanni-cutri/italian-municipalities-twinnings)"
LICENCE = "CC BY-SA (Italian Wikipedia text)"
ATTRIBUTION = "Italian Wikipedia contributors; collected by giovanni-cutri/italian-municipalities-twinnings"
COLUMNS = CsvColumns(city1="first_name", country1="first_country", city2="second_name",
                     country2="second_country", area1=("province", "region"))


def load_italian_twinnings(path: str | Path, limit: int | None = None, skip_invalid: bool = True) -> Dataset:
    """The file as a `Dataset` of PARTNER_OF statements, each claimed by its Italian municipality."""
    options = CsvOptions(columns=COLUMNS, skip_invalid=skip_invalid, source_key=SOURCE_KEY, source_title=TITLE,
                         licence=LICENCE, attribution=ATTRIBUTION, first_column_claims=True, proper_case=True,
                         limit=limit, area_of=municipality_areas(Path(path)))
    return load_edge_csv(path, options)


def municipality_areas(path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """(name, country as written) -> (province, region) of the list's own municipalities, for the names
    only one province of the list bears (two comuni named Calliano, in Trento and Asti, give none)."""
    areas: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                key = (row[COLUMNS.city1].strip(), row[COLUMNS.country1].strip())
                area = tuple(row[column].strip() for column in COLUMNS.area1 if row[column].strip())
            except (KeyError, AttributeError):
                continue  # the validating pass names the missing column or the bad row
            areas.setdefault(key, set()).add(area)
    return {key: found.pop() for key, found in areas.items() if len(found) == 1}
