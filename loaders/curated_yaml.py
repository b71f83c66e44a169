"""The curated, human-editable YAML format (documented in docs/loading.md, "The curated YAML format").

The whole file is validated before anything is returned: unknown keys, bad city references, unknown
countries, impossible years and self-partnerships are reported with the YAML line and field.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError, Problem
from kg.files import file_digest, read_text
from kg.loaders.common import Problems, check_text_field, shown, unsafe_character
from kg.records import (
    AssociationInfo,
    Citation,
    CityFacts,
    CityRef,
    Dataset,
    EventInfo,
    FormInfo,
    Membership,
    Pair,
    ProjectInfo,
    SourceInfo,
    StatusChange,
)
from kg.resolve.countries import country_code
from kg.resolve.dates import check_year, parse_since
from kg.values import stated_day
from kg.vocabulary import FRIENDLY_WITH, PARTNER_OF, split_reference

SECTIONS = {"source", "cities", "partnerships", "friendly_contacts", "memberships", "associations", "projects",
            "events", "forms", "status_changes", "unread"}
SOURCE_KEYS = {"key", "title", "kind", "file", "url", "licence", "attribution", "claimed_by", "home_city",
               "retrieved", "year"}
CITY_KEYS = {"name", "country", "as_written", "population", "population_year", "population_text", "region",
             "website", "description", "discrepancies", "geonames_id", "line", "text"}
PAIR_KEYS = {"a", "b", "since", "renewed", "areas", "kind", "status", "claimed_by", "line", "text"}
MEMBERSHIP_KEYS = {"city", "association", "status", "note", "claimed_by", "line", "text"}
ASSOCIATION_KEYS = {"key", "name", "acronym", "founded", "website", "areas", "description", "secretariat",
                    "grew_from", "line"}
PROJECT_KEYS = {"key", "name", "acronym", "start_date", "end_date", "programme", "budget_eur", "eu_share",
                "status", "partner_count", "description", "participants", "line"}
PARTICIPANT_KEYS = {"city", "role", "line"}
EVENT_KEYS = {"key", "name", "date", "description", "city", "project", "line"}
FORM_KEYS = {"key", "name", "definition", "expressed_as", "line"}
STATUS_KEYS = {"a", "b", "status", "since", "url", "line", "text"}
STATUSES = ("active", "suspended", "ended")
STATUS_SINCE = re.compile(r"(\d{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")
LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line, refuses duplicate keys and aliases, reads `NO` as Norway
    and dates as text (checked by the loader with their line: `2022-02-30` is no date)."""

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        """A node of the document, refusing aliases; its line is kept for the error messages."""
        if self.check_event(yaml.events.AliasEvent):  # an alias may expand a 400-byte file to gigabytes
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in curated files",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {shown(key)}", key_node.start_mark)
        seen.add(key)
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_city_ref(text: object) -> tuple[str, str | None] | None:
    """'Frankfurt (Oder), DE' -> ('Frankfurt (Oder)', 'DE'); the country part may be a name."""
    if not isinstance(text, str):
        return None
    name, country = split_reference(text)
    if country is None:
        return None
    return name, country_code(country)


class CuratedYamlLoader:
    """Reads one curated YAML file into a `Dataset`."""

    def __init__(self, path: str | Path, skip_invalid: bool = False):
        self.path = Path(path)
        self.skip_invalid = skip_invalid
        self.problems = Problems(self.path)
        self.refs: dict[tuple[str, str], CityRef] = {}

    def load(self) -> Dataset:
        """The file's records, validated whole: an InputError names every problem."""
        text = read_text(self.path)
        try:
            doc = yaml.load(text, Loader=_LineLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark else None
            reason = getattr(exc, "problem", None) or str(exc)
            raise InputError([Problem(str(self.path), line, None, f"malformed YAML: {reason}")]) from None
        except RecursionError:  # hundreds of nested lists: no curated record is shaped like that
            raise InputError([Problem(str(self.path), None, None, "malformed YAML: nested deeper than any record "
                                                                  "(lists or mappings inside each other hundreds "
                                                                  "of times)")]) from None
        if not isinstance(doc, dict):
            raise InputError([Problem(str(self.path), 1, None, "expected a YAML mapping with a `source:` section")])
        self._unknown(doc, SECTIONS, "top level")
        pairs: list[Pair] = []
        dataset = Dataset(pairs=pairs)
        source = self._source(doc.get("source"))
        if source is None:  # `_source` said why
            self.problems.refuse()
        dataset.sources.append(source)
        self.default_claim = self._claim(source.claimed_by, doc["source"].get(LINE), "source.claimed_by")
        self.home_city = doc["source"].get("home_city")  # a partner list's own city, for entries with a: null
        if self.home_city and not self.default_claim:
            self.default_claim = self._claim(self.home_city, doc["source"].get(LINE), "source.home_city")
        self.source = source
        if self.problems:  # the source itself is wrong: nothing in the file can be cited
            self.problems.raise_if_any()
        for entry in self._list(doc, "cities"):
            facts = self._valid(self._city, entry)
            if facts:
                dataset.cities.append(facts)
        seen_pairs: set = set()
        for section, relation in (("partnerships", PARTNER_OF), ("friendly_contacts", FRIENDLY_WITH)):
            for entry in self._list(doc, section):
                pair = self._valid(self._pair, entry, relation, section)
                if pair is None:
                    continue
                ident = (relation, frozenset((pair.a, pair.b)), pair.citation.where, tuple(map(str, pair.claimed_by)))
                if ident in seen_pairs:
                    dataset.duplicates += 1
                    continue
                seen_pairs.add(ident)
                pairs.append(pair)
        dataset.memberships += filter(None, (self._valid(self._membership, e) for e in self._list(doc, "memberships")))
        dataset.associations += filter(None, (self._valid(self._association, e)
                                              for e in self._list(doc, "associations")))
        dataset.projects += filter(None, (self._valid(self._project, e) for e in self._list(doc, "projects")))
        dataset.events += filter(None, (self._valid(self._event, e) for e in self._list(doc, "events")))
        dataset.forms += filter(None, (self._valid(self._form, e) for e in self._list(doc, "forms")))
        dataset.status_changes = list(filter(None, (self._valid(self._status_change, e)
                                                    for e in self._list(doc, "status_changes"))))
        self._unread(doc)
        dataset.rows_read = sum(len(doc.get(s) or []) for s in SECTIONS - {"source", "unread"})
        if self.skip_invalid:
            dataset.rejected = list(self.problems.items)
        else:
            self.problems.raise_if_any()
        return dataset

    def _valid(self, read, entry, *args):
        """An entry with any problem is dropped whole (with --skip-invalid) rather than loaded in part."""
        before = len(self.problems.items)
        record = read(entry, *args)
        return record if len(self.problems.items) == before else None

    # -- sections ----------------------------------------------------------------------------
    def _source(self, entry: Any) -> SourceInfo | None:
        if not isinstance(entry, dict):
            self.problems.add(1, "source", "missing: every file needs `source:` with at least `key` and `title`")
            return None
        line = entry.get(LINE)
        self._unknown(entry, SOURCE_KEYS, "source")
        key = check_text_field(self.problems, line, "source.key", entry.get("key"))
        if key and not KEY_PATTERN.fullmatch(key):
            self.problems.add(line, "source.key", "use lower-case letters, digits and hyphens")
        title = check_text_field(self.problems, line, "source.title", entry.get("title"))
        if "home_city" in entry and not entry.get("home_city"):
            self.problems.add(line, "source.home_city", "the draft has no home city: the partner list's own "
                                                       "city is unknown; set it (\"Name, CC\") before loading")
        retrieved = _str(entry.get("retrieved"))
        if retrieved and stated_day(retrieved, by_today=True, day_only=True) is None:
            self.problems.add(line, "source.retrieved", f"expected the day the data was taken, YYYY-MM-DD, by "
                                                       f"today: {shown(retrieved)}")
        year = _str(entry.get("year"))
        if year and not re.fullmatch(r"\d{4}", year):
            self.problems.add(line, "source.year", f"expected the year the source dates itself, YYYY: {shown(year)}")
        return SourceInfo(key=key or "?", title=title or "?", kind=entry.get("kind") or "document", year=year,
                          file=entry.get("file"), url=entry.get("url"), licence=entry.get("licence"),
                          attribution=entry.get("attribution"), claimed_by=entry.get("claimed_by"),
                          revision=self._document_revision(entry.get("file")), retrieved=retrieved)

    def _document_revision(self, file: Any) -> str | None:
        """The content hash of the source document kept beside the file (`documents/<file>`), so a citation
        names the very text the statements were read from."""
        document = self.path.parent / "documents" / str(file) if isinstance(file, str) else None
        if document is None or not document.is_file():
            return None
        return f"sha256:{file_digest(document)[:16]}"

    def _city(self, entry: Any) -> CityFacts | None:
        if not self._is_mapping(entry, "cities"):
            return None
        line = entry[LINE]
        self._unknown(entry, CITY_KEYS, "cities")
        name = check_text_field(self.problems, line, "cities.name", entry.get("name"))
        raw_country = check_text_field(self.problems, line, "cities.country", entry.get("country"))
        country = country_code(raw_country) if raw_country else None
        if raw_country and not country:
            self.problems.add(line, "cities.country", f"unknown country {shown(raw_country)}")
        if not name or not country:
            return None
        gid = entry.get("geonames_id")
        if gid is not None and not isinstance(gid, int):
            self.problems.add(line, "cities.geonames_id", "expected a whole number")
            gid = None
        ref = CityRef(name=name, country=country, as_written=entry.get("as_written"), geonames_id=gid)
        if (name, country) in self.refs:
            self.problems.add(line, "cities.name", f"{name}, {country} is listed twice")
        self.refs[(name, country)] = ref
        population = entry.get("population")
        if population is not None and (not isinstance(population, int) or population < 0):
            self.problems.add(line, "cities.population", "expected a whole number of inhabitants")
            population = None
        year = entry.get("population_year")
        if year is not None:
            year = self._year(year, line, "cities.population_year")
        discrepancies = entry.get("discrepancies") or []
        if not isinstance(discrepancies, list) or not all(isinstance(d, str) for d in discrepancies):
            self.problems.add(line, "cities.discrepancies", "expected a list of sentences")
            discrepancies = []
        return CityFacts(city=ref, citation=self._cite(entry), population=population, population_year=year,
                         population_text=entry.get("population_text"), region=entry.get("region"),
                         website=entry.get("website"), description=entry.get("description"),
                         discrepancies=discrepancies, curated=True)

    def _pair(self, entry: Any, relation: str, section: str) -> Pair | None:
        if not self._is_mapping(entry, section):
            return None
        line = entry[LINE]
        self._unknown(entry, PAIR_KEYS, section)
        a = self._ref(entry.get("a") or self.home_city, line, f"{section}.a")
        b = self._ref(entry.get("b"), line, f"{section}.b")
        if a is None or b is None:
            return None
        if (a.name, a.country) == (b.name, b.country):
            self.problems.add(line, f"{section}.b", f"a city cannot be partnered with itself ({a.name})")
            return None
        since = since_year = None
        if entry.get("since") is not None:
            try:
                since, since_year = parse_since(entry["since"])
            except ValueError as exc:
                self.problems.add(line, f"{section}.since", str(exc))
        renewed = entry.get("renewed") or []
        renewed = renewed if isinstance(renewed, list) else [renewed]
        renewed = [y for y in (self._year(y, line, f"{section}.renewed") for y in renewed) if y]
        if since_year and any(y < since_year for y in renewed):
            self.problems.add(line, f"{section}.renewed", "renewed before it was signed")
        areas = self._strings(entry.get("areas"), line, f"{section}.areas")
        claimed = self._claim(entry.get("claimed_by"), line, f"{section}.claimed_by") \
            if "claimed_by" in entry else self.default_claim
        return Pair(a=a, b=b, relation=relation, citation=self._cite(entry), claimed_by=claimed, since=since,
                    since_year=since_year, renewed=renewed, areas=areas, kind=entry.get("kind"),
                    status=entry.get("status"))

    def _status_change(self, entry: Any) -> StatusChange | None:
        """A partnership's change of status, with its date and its own citation."""
        if not self._is_mapping(entry, "status_changes"):
            return None
        line = entry[LINE]
        self._unknown(entry, STATUS_KEYS, "status_changes")
        a = self._ref(entry.get("a"), line, "status_changes.a")
        b = self._ref(entry.get("b"), line, "status_changes.b")
        status = entry.get("status")
        if status not in STATUSES:
            self.problems.add(line, "status_changes.status",
                              f"expected one of {', '.join(STATUSES)}, got {shown(status)}")
        since = str(entry.get("since") or "")
        match = STATUS_SINCE.fullmatch(since)
        if match and stated_day(since, by_today=True) is None:  # a change after today is no status
            self.problems.add(line, "status_changes.since", f"no such date, or one after today: {shown(since)}")
            match = None
        if not match:
            self.problems.add(line, "status_changes.since", f"expected 2022, 2022-03 or 2022-03-23, got {shown(since)}")
        else:
            self._year(int(match.group(1)), line, "status_changes.since")
        url = entry.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            self.problems.add(line, "status_changes.url", f"expected a web address, got {shown(url)}")
        if a is None or b is None or status not in STATUSES or not match:
            return None
        return StatusChange(a=a, b=b, status=status, since=since, citation=self._cite(entry), url=url)

    def _membership(self, entry: Any) -> Membership | None:
        if not self._is_mapping(entry, "memberships"):
            return None
        line = entry[LINE]
        self._unknown(entry, MEMBERSHIP_KEYS, "memberships")
        city = self._ref(entry.get("city"), line, "memberships.city")
        association = self._key(entry.get("association"), line, "memberships.association")
        status = entry.get("status", "member")
        if status not in ("member", "cooperating"):
            self.problems.add(line, "memberships.status", f"expected member or cooperating, got {shown(status)}")
        if not city or not association:
            return None
        claimed = self._claim(entry.get("claimed_by"), line, "memberships.claimed_by") \
            if "claimed_by" in entry else self.default_claim
        return Membership(city=city, association=association, status=status, citation=self._cite(entry),
                          claimed_by=claimed, note=entry.get("note"))

    def _association(self, entry: Any) -> AssociationInfo | None:
        if not self._is_mapping(entry, "associations"):
            return None
        line = entry[LINE]
        self._unknown(entry, ASSOCIATION_KEYS, "associations")
        key = self._key(entry.get("key"), line, "associations.key")
        name = check_text_field(self.problems, line, "associations.name", entry.get("name"))
        secretariat = self._ref(entry["secretariat"], line, "associations.secretariat") \
            if entry.get("secretariat") else None
        if not key or not name:
            return None
        return AssociationInfo(key=key, name=name, citation=self._cite(entry), acronym=entry.get("acronym"),
                               founded=str(entry["founded"]) if entry.get("founded") else None,
                               website=entry.get("website"),
                               areas=self._strings(entry.get("areas"), line, "associations.areas"),
                               description=entry.get("description"), secretariat=secretariat,
                               grew_from=entry.get("grew_from"))

    def _project(self, entry: Any) -> ProjectInfo | None:
        if not self._is_mapping(entry, "projects"):
            return None
        line = entry[LINE]
        self._unknown(entry, PROJECT_KEYS, "projects")
        key = self._key(entry.get("key"), line, "projects.key")
        name = check_text_field(self.problems, line, "projects.name", entry.get("name"))
        for field in ("budget_eur", "eu_share"):
            if entry.get(field) is not None and not isinstance(entry[field], (int, float)):
                self.problems.add(line, f"projects.{field}", "expected a number")
        if isinstance(entry.get("eu_share"), (int, float)) and not 0 <= entry["eu_share"] <= 1:
            self.problems.add(line, "projects.eu_share", "expected a share between 0 and 1 (0.536 for 53.6 %)")
        participants = []
        for part in entry.get("participants") or []:
            if not self._is_mapping(part, "projects.participants"):
                continue
            self._unknown(part, PARTICIPANT_KEYS, "projects.participants")
            ref = self._ref(part.get("city"), part[LINE], "projects.participants.city")
            if ref:
                participants.append((ref, part.get("role"), self._cite(part)))
        if not key or not name:
            return None
        return ProjectInfo(key=key, name=name, citation=self._cite(entry), acronym=entry.get("acronym"),
                           start_date=_str(entry.get("start_date")), end_date=_str(entry.get("end_date")),
                           programme=entry.get("programme"), budget_eur=entry.get("budget_eur"),
                           eu_share=entry.get("eu_share"), status=entry.get("status"),
                           partner_count=entry.get("partner_count"), description=entry.get("description"),
                           participants=participants)

    def _event(self, entry: Any) -> EventInfo | None:
        if not self._is_mapping(entry, "events"):
            return None
        line = entry[LINE]
        self._unknown(entry, EVENT_KEYS, "events")
        key = self._key(entry.get("key"), line, "events.key")
        name = check_text_field(self.problems, line, "events.name", entry.get("name"))
        city = self._ref(entry["city"], line, "events.city") if entry.get("city") else None
        if not key or not name:
            return None
        return EventInfo(key=key, name=name, citation=self._cite(entry), date=_str(entry.get("date")),
                         description=entry.get("description"), city=city, project=entry.get("project"))

    def _form(self, entry: Any) -> FormInfo | None:
        if not self._is_mapping(entry, "forms"):
            return None
        line = entry[LINE]
        self._unknown(entry, FORM_KEYS, "forms")
        key = self._key(entry.get("key"), line, "forms.key")
        name = check_text_field(self.problems, line, "forms.name", entry.get("name"))
        if not key or not name:
            return None
        return FormInfo(key=key, name=name, definition=entry.get("definition") or "",
                        expressed_as=entry.get("expressed_as") or "", citation=self._cite(entry))

    def _unread(self, doc: dict) -> None:
        """Drafts from `kg extract` list lines they could not read; they are kept for the reviewer only."""
        unread = doc.get("unread") or []
        if not isinstance(unread, list):
            self.problems.add(None, "unread", "expected a list")

    # -- helpers -----------------------------------------------------------------------------
    def _cite(self, entry: dict) -> Citation:
        doc_line = entry.get("line")
        base = self.source.file or self.path.name
        where = f"{base}:{doc_line}" if doc_line else f"{self.path.name}:{entry[LINE]}"
        return Citation(source_id=self.source.key, where=where)

    def _ref(self, text: Any, line: int | None, field: str) -> CityRef | None:
        parsed = parse_city_ref(text)
        if parsed is None:
            self.problems.add(line, field, f"expected \"Name, CC\" (e.g. \"Kielce, PL\"), got {shown(text)}")
            return None
        name, country = parsed
        if country is None:
            self.problems.add(line, field, f"unknown country in {shown(text)}")
            return None
        if len(name) > 300:
            self.problems.add(line, field, "city name longer than 300 characters")
            return None
        if unsafe := unsafe_character(name):  # bidi controls, tabs, bells and NULs: never in a place's name
            self.problems.add(line, field, unsafe)
            return None
        return self.refs.get((name, country)) or CityRef(name=name, country=country)

    def _claim(self, value: Any, line: int | None, field: str) -> list[CityRef | str]:
        if value in (None, "", []):
            return []
        values = value if isinstance(value, list) else [value]
        claims: list[CityRef | str] = []
        for v in values:
            if isinstance(v, str) and KEY_PATTERN.fullmatch(v):
                claims.append(v)  # an association key
            else:
                ref = self._ref(v, line, field)
                if ref:
                    claims.append(ref)
        return claims

    def _key(self, value: Any, line: int, field: str) -> str | None:
        if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
            self.problems.add(line, field,
                              f"expected a key of lower-case letters, digits and hyphens, got {shown(value)}")
            return None
        return value

    def _year(self, value: Any, line: int, field: str) -> int | None:
        try:
            return check_year(int(value))
        except (TypeError, ValueError) as exc:
            self.problems.add(line, field, str(exc) if "impossible" in str(exc) else f"not a year: {shown(value)}")
            return None

    def _strings(self, value: Any, line: int, field: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problems.add(line, field, "expected a list of non-empty strings")
            return []
        return [v.strip() for v in value]

    def _list(self, doc: dict, section: str) -> list:
        value = doc.get(section)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.add(None, section, "expected a list of entries")
            return []
        return value

    def _is_mapping(self, entry: Any, section: str) -> bool:
        if not isinstance(entry, dict):
            self.problems.add(None, section, f"expected a mapping, got {shown(entry)}")
            return False
        return True

    def _unknown(self, entry: dict, allowed: set[str], section: str) -> None:
        for key in entry:
            if key != LINE and key not in allowed:
                self.problems.add(entry.get(LINE), f"{section}.{key}",
                                  f"unknown field (allowed: {', '.join(sorted(allowed))})")


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def load_yaml(path: str | Path, skip_invalid: bool = False) -> Dataset:
    """Parse and validate one curated YAML file; with `skip_invalid`, bad entries are set aside."""
    return CuratedYamlLoader(path, skip_invalid).load()
