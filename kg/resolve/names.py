"""Name folding shared by the resolver, search and the CLI: case-, accent- and punctuation-insensitive."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

from kg.vocabulary import unresolved_key

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Frankfurt (Oder)' -> 'frankfurt oder'; 'Český Těšín' -> 'cesky tesin'; 'Ivano-Frankivsk' ->
    'ivano frankivsk'."""
    text = unicodedata.normalize("NFC", text or "")
    return _NON_WORD.sub(" ", unidecode(text).lower()).strip()


_QUALIFIER = re.compile(r"^(?P<base>.*?)\s*\((?P<qual>[^)]*)\)\s*$")


def split_qualifier(name: str) -> tuple[str, str | None]:
    """'Peine (district)' -> ('Peine', 'district'); 'Csepel (Budapest)' -> ('Csepel', 'Budapest');
    'St. Cloud, Minnesota' -> ('St. Cloud', 'Minnesota')."""
    m = _QUALIFIER.match(name.strip())
    if m and m.group("base"):
        return m.group("base").strip(), m.group("qual").strip()
    base, comma, qualifier = name.strip().rpartition(", ")
    if comma and base:
        return base.strip(), qualifier.strip()
    return name.strip(), None


def city_key_unresolved(name: str, country: str | None) -> str:
    """The key of a city the gazetteer could not place: stable for the same (name, country)."""
    return unresolved_key(country, fold(name))


# words that stay in lower case inside a place name: "San Giorgio di Piano", "Aix-en-Provence", "Frankfurt am Main"
_PARTICLES = {"di", "del", "della", "dei", "degli", "delle", "dello", "da", "dal", "dalla", "de", "des", "du",
              "en", "sur", "sous", "les", "le", "la", "lo", "y", "e", "et", "am", "an", "der", "bei", "im", "in",
              "ob", "upon", "on", "von", "van", "do", "dos", "das", "sul", "sulla", "al", "nel", "nell", "sull"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def proper_case(name: str) -> str:
    """A name written in lower case, in the case place names take: 'san giorgio di piano' -> 'San Giorgio di
    Piano', "l'aquila" -> "L'Aquila", 'aix-en-provence' -> 'Aix-en-Provence'. Names already in mixed case are
    returned as they are. Only for names the gazetteer cannot place: a placed name takes the gazetteer's."""
    if name != name.lower():
        return name

    def capital(match: re.Match) -> str:
        word, start = match.group(), match.start()
        if start > 0 and word in _PARTICLES and name[start - 1] in " -":
            return word
        return word[:1].upper() + word[1:]

    return _WORD.sub(capital, name)
