"""Find the known actors in a piece of text, by their names, aliases and roles.

Matching is on the spellings in ``actors.csv``: exact case (so "IS" is not
"is", "US" is not "us") except that an alias written in lower case also
matches capitalised at the start of a sentence. Where aliases overlap the
longest wins ("ISIS-K" over "ISIS"). Roles give a second, weaker way in:
"the FSB leader" finds the actor whose role names the "(FSB)".

Two more ways help in other languages and scripts. In a language whose names
take case endings, a spelling also matches with one ("Путина", "Ukrajine"),
and any capitalised word that spells a known one-word name in another script
or spelling is found by :func:`~.translit.same_name` ("Патрушев",
"Petrushev" for "Patrushev"). The parties list (``lexicons/parties.toml``)
adds the spellings of a party to the folder's actor that shares one with it,
and brings the parties the folder lacks as *pending* actors, proposed as new
actors only when a claim names them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..text import QUOTE_MAP
from .translit import latin, same_skeleton, skeleton

__all__ = ["ActorIndex", "Mention", "slug"]

_FOLD = str.maketrans(QUOTE_MAP)  # one character for one: offsets are kept
_GAP = r"[\s\u00a0]+"
#: Words after which a place name is a place, not a party to the story.
LOCATIVE = re.compile(r"(?:\b(?:in|near|outside|inside|into|towards?|across|at|around)"
                      r"(?:[\s\u00a0]+the)?[\s\u00a0]+)$", re.IGNORECASE)
#: Nouns after which a place name is an adjective ("the Moscow attack").
PLACE_NOUNS = re.compile(r"^(?:[’']s)?[\s\u00a0]+(?:terrorist[\s\u00a0]+)?(?:attacks?|massacre|concert|venue|court|"
                         r"metro|region|suburbs?|shooting|border|embassy|time|airport|hall)\b", re.IGNORECASE)


_ARABIC = re.compile(r"[\u0600-\u06ff]")
_UPPER = "".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper())
_CAPITALISED = re.compile(rf"(?<![\w-])[{re.escape(_UPPER)}][^\W\d_]{{3,}}(?![\w-])")


def slug(text: str) -> str:
    """``"Bórtnikov"`` -> ``"bortnikov"``: lower case ASCII letters, digits and ``_``."""
    ascii_ = unicodedata.normalize("NFKD", latin(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_")


@dataclass(frozen=True)
class Mention:
    """An actor found at ``text[start:end]`` (offsets of the text searched).

    ``how`` is ``alias``, ``role``, ``spelling`` (found by
    :func:`~.translit.same_name`) or ``demonym`` (the weakest, "Ukrainian"
    for Ukraine); ``place`` marks a place name used as a place.
    """

    start: int
    end: int
    actor_id: str
    printed: str
    how: str
    person: bool
    place: bool = False


def _either_case(pattern: str) -> str:
    """A word's pattern that also matches it with its capital in lower case ("Ministry", "ministry")."""
    first = pattern[:1]
    if first.isalpha() and first.isupper() and pattern[1:2].islower():
        return f"[{first}{first.lower()}]" + pattern[1:]
    return pattern


@dataclass
class ActorIndex:
    """The actors of a data folder, ready to be found in text."""

    actors: dict[str, dict] = field(default_factory=dict)
    inflected: bool = False  # names take case endings in the text's language
    pending: set[str] = field(default_factory=set)  # parties not in the folder: proposed when used
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # actor -> spellings from the parties
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # actor -> demonyms from the parties

    def __post_init__(self):
        self._patterns: list[tuple[re.Pattern, str, str]] = []
        self._compile()

    @classmethod
    def from_frame(cls, frame, parties=(), inflected: bool = False) -> "ActorIndex":
        """From the ``actors`` table of a :class:`~dashboard.dataset.Dataset`, and the parties list."""
        actors = {}
        for row in frame.to_dict("records"):
            clean = {k: ("" if v is None or v != v else v) for k, v in row.items()}  # NA -> ""
            clean["aliases"] = tuple(clean.get("aliases") or ())
            actors[clean["actor_id"]] = clean
        known = {}
        for actor_id, a in actors.items():
            for spelling in (*a["aliases"], a.get("name") or ""):
                if spelling:
                    known.setdefault(spelling.casefold(), set()).add(actor_id)
        spellings, demonyms, pending = {}, {}, set()
        for p in parties:
            owners = set().union(*(known.get(s.casefold(), set()) for s in p["aliases"]))
            owner = None
            if len(owners) > 1 and p["id"] in owners:
                # the party's spellings name several actors ("IDF" is the folder's idf, "Israel" its israel):
                # the actor of the party's id takes the spellings no other actor has, and the demonyms
                owner = p["id"]
                own = tuple(a for a in p["aliases"] if known.get(a.casefold(), {owner}) == {owner})
                spellings[owner] = tuple(dict.fromkeys(spellings.get(owner, ()) + own))
            elif len(owners) == 1:
                owner = owners.pop()
                spellings[owner] = tuple(dict.fromkeys(spellings.get(owner, ()) + tuple(p["aliases"])))
            elif not owners and p["id"] not in actors:
                owner = p["id"]
                actors[owner] = {"actor_id": owner, "name": p["name"], "role": "", "affiliation": "",
                                 "kind": p["kind"], "aliases": tuple(p["aliases"])}
                pending.add(owner)
            if owner is not None and p.get("demonyms"):
                demonyms[owner] = tuple(dict.fromkeys(demonyms.get(owner, ()) + tuple(p["demonyms"])))
        return cls(actors, inflected, pending, spellings, demonyms)

    def add(self, actor: dict) -> None:
        """Add an actor (e.g. one proposed for a new article) and recompile."""
        self.actors[actor["actor_id"]] = {**actor, "aliases": tuple(actor.get("aliases") or ())}
        self._compile()

    def is_pending(self, actor_id: str) -> bool:
        return actor_id in self.pending

    def is_person(self, actor_id: str) -> bool:
        return self.actors.get(actor_id, {}).get("kind") == "person"

    def name(self, actor_id: str) -> str:
        return self.actors.get(actor_id, {}).get("name") or actor_id

    def affiliation(self, actor_id: str) -> str:
        return self.actors.get(actor_id, {}).get("affiliation") or ""

    # -- compiling ------------------------------------------------------------

    def _pattern(self, spelling: str, exact: bool) -> str:
        spelling = spelling.translate(_FOLD).strip()
        words = [self._word(w) for w in spelling.split()]
        if len(words) >= 2:  # "Gaza health ministry" for "Gaza Health Ministry": later words in either case
            words = words[:1] + [_either_case(w) for w in words[1:]]
        body = _GAP.join(words)
        if not exact and spelling[:1].isalpha() and spelling[:1].islower():
            body = f"[{spelling[0]}{spelling[0].upper()}]" + body[len(re.escape(spelling[0])):]
        if _ARABIC.match(spelling):  # attached prefixes: و "and", ب "by", ل "to", ال "the"
            return rf"(?<![\w-])(?:[وفبلك]{{1,2}})?{body}(?![\w-])"
        return rf"(?<![\w-]){body}(?![\w-])"

    def _word(self, word: str) -> str:
        """One word of a spelling; with case endings in an inflecting language ("Путин" -> "Путина")."""
        if not self.inflected or len(word) < 4 or word.isupper() or not word.isalpha() or _ARABIC.match(word):
            return re.escape(word)
        stem = word.rstrip("аяоеёыийьуюєїіaeoiyu") if len(word.rstrip("аяоеёыийьуюєїіaeoiyu")) >= 3 else word
        return re.escape(stem) + r"\w{0,4}"

    def _compile(self) -> None:
        entries: dict[str, tuple[str, str]] = {}  # spelling -> (actor_id, how); ambiguous ones dropped
        clash: set[str] = set()

        def put(spelling: str, actor_id: str, how: str) -> None:
            spelling = spelling.strip()
            if len(spelling) < 2:
                return
            if spelling in entries and entries[spelling][0] != actor_id:
                clash.add(spelling)
            entries.setdefault(spelling, (actor_id, how))

        for actor_id, a in self.actors.items():
            spellings = list(a["aliases"]) + list(self.spellings.get(actor_id, ()))
            if a.get("name") and not re.search(r"[()\u201c\u201d\"]", a["name"]):
                spellings.append(a["name"])
            for s in spellings:
                put(s, actor_id, "alias")
        roles: dict[str, str] = {}
        for actor_id, a in self.actors.items():
            if a.get("kind") != "person":
                continue  # an office singles out a person; a group is found by its names
            for key in self._role_keys(a.get("role") or ""):
                if key in entries:
                    continue  # another actor's name ("Ukraine" of "... Service of Ukraine (SBU)") is never an office
                if key in roles and roles[key] != actor_id:
                    clash.add(key)
                roles.setdefault(key, actor_id)
        patterns = []
        for spelling, (actor_id, how) in entries.items():
            if spelling not in clash:
                patterns.append((len(spelling), self._pattern(spelling, False), actor_id, how))
        for key, actor_id in roles.items():
            if key not in clash:
                patterns.append((len(key), self._pattern(key, True), actor_id, "role"))
        patterns.sort(key=lambda p: -p[0])
        self._patterns = [(re.compile(p), actor_id, how) for _, p, actor_id, how in patterns]
        one_word: dict[str, set[str]] = {}  # for same_name: one-word names and surnames
        for spelling, (actor_id, _) in entries.items():
            words = spelling.split()
            if spelling in clash or _ARABIC.match(spelling) or not words[-1][:1].isupper() or words[-1].isupper():
                continue
            person = self.actors[actor_id].get("kind") == "person"
            if person or (len(words) == 1 and self.inflected):  # "Russian" is no spelling of "Russia"
                one_word.setdefault(words[-1], set()).add(actor_id)
        self._names: dict[str, list[tuple[str, str, str]]] = {}  # first letter -> (skeleton, name, actor)
        for w, ids in one_word.items():
            key = skeleton(w)
            if len(ids) == 1 and len(w) >= 4 and key:
                self._names.setdefault(key[0], []).append((key, w, next(iter(ids))))
        demonyms = {}
        for actor_id, a in self.actors.items():
            if a.get("kind") == "person":
                continue
            for s in a["aliases"]:
                if re.fullmatch(r"[A-Z][a-z]{3,}", s):
                    for d in {s + "n", s + "ian", s[:-1] + "ian", s[:-1] + "n"}:
                        demonyms.setdefault(d, set()).add(actor_id)
        adjectives = set()
        for actor_id, words in self.demonyms.items():
            for d in words:
                demonyms.setdefault(d, set()).add(actor_id)
                adjectives.add(d)
        self._demonyms = []
        for d, ids in demonyms.items():
            if len(ids) != 1 or d in entries:
                continue
            pattern = self._pattern(d, d[:1].isupper())
            if d in adjectives and not _ARABIC.match(d) and " " not in d and len(d) >= 5:
                stem = d.rstrip("aeiouyаяоеёыийьуюєїі")  # adjectives inflect: "ukrainische", "украинской"
                first = f"[{stem[0].lower()}{stem[0].upper()}]"
                pattern = rf"(?<![\w-]){first}{re.escape(stem[1:])}\w{{0,4}}(?![\w-])"
            self._demonyms.append((re.compile(pattern), ids.pop()))

    @staticmethod
    def _role_keys(role: str) -> list[str]:
        """Spellings that single out an actor by office: short roles whole, "(FSB)" and what it abbreviates."""
        keys = []
        if role and len(role.split()) <= 6 and "," not in role:
            keys.append(role)
        for m in re.finditer(r"((?:[A-Z][\w’'-]*[\s\u00a0]+)+)\(([A-Z][A-Z0-9-]+)\)", role):
            keys += [m.group(2), m.group(1).strip()]
        return keys

    # -- finding --------------------------------------------------------------

    def mentions(self, text: str, offset: int = 0, weak: bool = False) -> list[Mention]:
        """Actors named in ``text``, left to right, without overlaps.

        Offsets are shifted by ``offset``. With ``weak``, demonyms are
        included where nothing stronger was found.
        """
        folded = text.translate(_FOLD)
        taken: list[tuple[int, int]] = []
        found: list[Mention] = []

        def free(a, b):
            return not any(a < tb and ta < b for ta, tb in taken)

        for pattern, actor_id, how in self._patterns:
            for m in pattern.finditer(folded):
                a, b = m.span()
                if not free(a, b):
                    continue
                taken.append((a, b))
                place = bool(LOCATIVE.search(folded[:a]) or PLACE_NOUNS.match(folded[b:]))
                found.append(Mention(offset + a, offset + b, actor_id, text[a:b], how,
                                     self.is_person(actor_id), place))
        for m in _CAPITALISED.finditer(folded):
            a, b = m.span()
            if not free(a, b) or (a and folded[a - 1] in "-@#/"):
                continue
            word = m.group()
            key = skeleton(word)
            hit = next((actor_id for k, name, actor_id in self._names.get(key[:1], ())
                        if name != word and same_skeleton(key, k, self.inflected)), None)
            if hit is not None:
                taken.append((a, b))
                place = bool(LOCATIVE.search(folded[:a]) or PLACE_NOUNS.match(folded[b:]))
                found.append(Mention(offset + a, offset + b, hit, text[a:b], "spelling", self.is_person(hit), place))
        if weak:
            for pattern, actor_id in self._demonyms:
                for m in pattern.finditer(folded):
                    a, b = m.span()
                    if free(a, b):
                        taken.append((a, b))
                        found.append(Mention(offset + a, offset + b, actor_id, text[a:b], "demonym",
                                             False, False))
        return sorted(found, key=lambda m: m.start)
