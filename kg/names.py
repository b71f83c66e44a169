"""Name folding shared by the resolver, search and the CLI: case-, accent- and punctuation-insensitive."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Frankfurt (Oder)' -> 'frankfurt oder'; 'Český Těšín' -> 'cesky tesin'; 'Ivano-Frankivsk' -> 'ivano frankivsk'."""
    text = unicodedata.normalize("NFC", text or "")
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()


_QUALIFIER = re.compile(r"^(?P<base>.*?)\s*\((?P<qual>[^)]*)\)\s*$")


def split_qualifier(name: str) -> tuple[str, str | None]:
    """'Peine (district)' -> ('Peine', 'district'); 'Csepel (Budapest)' -> ('Csepel', 'Budapest')."""
    m = _QUALIFIER.match(name.strip())
    if m and m.group("base"):
        return m.group("base").strip(), m.group("qual").strip()
    return name.strip(), None


def city_key_unresolved(name: str, country: str | None) -> str:
    """The key of a city the gazetteer could not place: stable for the same (name, country)."""
    return f"name:{country or 'XX'}:{fold(name)}"
