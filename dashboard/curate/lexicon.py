"""The words an article is read with, per language: data files a curator can extend.

Each language has a file ``lexicons/<code>.toml`` beside this module (``en``,
``ru``, ``uk``, ``fr``...) with its speech verbs, stance cues, number words,
qualifiers, figure cues, month and weekday names; ``common.toml`` maps figure
families to metric ids. :func:`load_lexicons` reads them, and the files of the
same names in any extra folder given (``add-article --lexicons DIR``), which
extend them: lists are added to, tables updated, a ``[[stance]]`` of an id
already there gets the extra patterns. Everything is checked on loading, and
a mistake is a :class:`LexiconError` naming the file and the key.

In the files, word lists hold words, where a trailing ``*`` stands for any
ending; entries named ``pattern``/``patterns`` are regular expressions,
matched ignoring case, where a space stands for any run of spaces.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BUNDLED", "Common", "Lexicon", "LexiconError", "Lexicons", "WordSet", "load_lexicons"]

BUNDLED = Path(__file__).with_name("lexicons")
_W = r"[\s\u00a0]+"


class LexiconError(ValueError):
    """A lexicon file is wrong; the message names the file and the key."""


def rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """A lexicon pattern: spaces match any run of spaces (also non-breaking ones)."""
    return re.compile(pattern.replace(" ", _W), flags)


def _word_rx(word: str) -> str:
    body = re.escape(word.strip("*")).replace(r"\ ", _W).replace(r"\*", r"\w*")  # "населен* пункт*"
    return (r"\w*" if word.startswith("*") else "") + body + (r"\w*" if word.endswith("*") else "")


class WordSet:
    """A word list: exact words (ignoring case), stems written ``stem*`` and endings ``*ending``."""

    def __init__(self, words=()):
        self.words = tuple(dict.fromkeys(words))
        exact = {w.casefold() for w in self.words if "*" not in w}
        stems = [w for w in self.words if "*" in w]
        self._exact = exact
        self._stems = re.compile("(?:" + "|".join(_word_rx(s) for s in stems) + r")\Z", re.I) if stems else None

    def __contains__(self, word: str) -> bool:
        w = word.casefold()
        return w in self._exact or bool(self._stems and self._stems.match(w))

    def __bool__(self) -> bool:
        return bool(self.words)

    def pattern(self) -> str:
        """An alternation matching any of the words (longest first), without word boundaries."""
        return "|".join(_word_rx(w) for w in sorted(self.words, key=len, reverse=True))


# -- the shape of a lexicon file ------------------------------------------------

_WORDS, _PATTERN, _PATTERNS, _STR, _BOOL, _INTS, _STRS, _PAIRS = (
    "a list of words", "a regular expression", "a list of regular expressions", "a string", "true or false",
    "a table of words to whole numbers", "a table of words to strings", "a table of words to [number, qualifier]")
#: section -> key -> kind; "" is the top level.
SHAPE: dict[str, dict[str, str]] = {
    "": {"language": _STR, "name": _STR, "script": _STR, "inflected": _BOOL, "stopwords": _WORDS,
         "letters": _STR, "abbreviations": _WORDS},
    "names": {"not_names": _WORDS, "leading": _WORDS, "particles": _PATTERN, "clitics": _WORDS},
    "attribution": {
        "speech_verbs": _WORDS, "core_verbs": _WORDS, "reporting_verbs": _WORDS, "noun_forms": _WORDS,
        "noun_before": _PATTERN, "after_quote_only": _WORDS, "determiners": _WORDS, "description_verbs": _WORDS,
        "description_after": _PATTERN, "pronouns": _WORDS, "group_anaphors": _WORDS, "titles": _WORDS, "spokesperson_titles": _WORDS, "party_cues": _WORDS, "party_acts": _WORDS, "document_anaphors": _WORDS, "clause_conjunctions": _WORDS, "place_prepositions": _WORDS, "subjectless_verbs": _WORDS, "appositive_openers": _WORDS, "org_words": _WORDS, "ministry_words": _WORDS,
        "speaker_nouns": _WORDS, "reflexive": _WORDS, "trailing": _WORDS, "speaker_after_verb": _STR, "outlets": _WORDS,
        "outlet_words": _WORDS, "clause_breaks": _WORDS, "verb_prefixes": _WORDS, "reciprocal": _PATTERNS,
        "previous": _PATTERNS, "refers_back": _PATTERNS, "same_stance": _PATTERNS, "own_denials": _PATTERNS, "phrase": "phrases", "via": "via"},
    "figures": {
        "number_words": _INTS, "multipliers": _INTS, "joiners": _WORDS, "vague": _PAIRS, "ordinals": _INTS,
        "thousands_separators": _WORDS, "person_nouns": _WORDS, "attacker_nouns": _WORDS, "child_nouns": _WORDS,
        "other_nouns": _WORDS, "more": _WORDS, "ordinal_nouns": _WORDS, "units": _WORDS, "stop_words": _WORDS,
        "partitive": _WORDS, "partitive_determiners": _WORDS, "indefinite_articles": _WORDS, "singular_child_nouns": _WORDS, "object_markers": _WORDS, "qualifiers": "qualifiers", "qualifiers_after": "qualifiers", "among": _PATTERN,
        "attack_cues": _PATTERNS, "passive": _PATTERN, "as_of": _PATTERN, "earlier": _PATTERN, "history": _PATTERNS, "cue": "cues",
        "nouns": "noun classes", "reach": "int", "approximate": _PAIRS, "ranges": _PATTERNS,
        "indirect_question": _PATTERNS, "asides": _PATTERNS, "complementizers": _WORDS, "toll_reports": _PATTERNS,
        "negations": _PATTERNS, "scope_nationwide": _PATTERNS, "scope_sites": _WORDS, "scope_capital": _WORDS},
    "dates": {
        "months": _INTS, "weekdays": _INTS, "capitalised": _BOOL, "day_suffix": _PATTERN, "month_day": _BOOL,
        "year_prefix": _PATTERN, "year_suffix": _PATTERN, "month_words": _WORDS, "weekday_before": _STRS,
        "weekday_after": _STRS, "relative_days": _INTS, "relative_periods": "periods", "day_month_prefix": _PATTERN,
        "up_to_now": _PATTERNS, "from_previous": _INTS, "so_far": _WORDS, "back_then": _PATTERNS},
    "stance": "stances",
    "event": "events",
}
# Speaker cues: participles that share the main clause's subject ("..., accusant Israël").
# Nouns for one person ("powiedział Ukrainiec"): the person last named speaks.
# Verbs of citing ("цитирует РИА Новости X"): the one cited after the verb speaks, not the outlet.
# Relative pronouns ("la entidad rusa, que culpa a Ucrania"): the noun before the pronoun speaks.
SHAPE["attribution"].update({"participles": _WORDS, "person_words": _WORDS, "citing_verbs": _WORDS,
                             "relative_pronouns": _WORDS, "group_nouns": _WORDS, "speaker_prepositions": _WORDS,
                             "group_heads": _WORDS, "negations": _WORDS, "body_kinds": _WORDS,
                             "concessive_openers": _WORDS, "agent_prepositions": _WORDS,
                             "pair_anaphors": _WORDS, "investigation_words": _WORDS})
# Words for two speakers named before ("كلاهما", "both of them"): the two speakers last heard.
# Prepositions of the agent of an act ("used by the Russian military"): the doer named after them is blamed.
# Conjunctions that open a sentence with a subordinate clause ("Si bien ..., X rechazó"): the main clause after
# its comma has a subject of its own.
# Nouns for the kind of a body, put before its name ("la ONG Human Rights Watch"): no part of the name.
WEEKDAY_READINGS = ("on", "this", "last", "next", "until")
SCRIPTS = ("latin", "cyrillic", "arabic", "greek", "hebrew")


class _Checker:
    """Type checks of one file's values, raising :class:`LexiconError` with file and key."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, key: str, message: str):
        raise LexiconError(f"{self.name}: {key}: {message}")

    def words(self, key, value):
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, f"must be {_WORDS} (non-empty strings in [ ])")
        return value

    def pattern(self, key, value):
        if not isinstance(value, str):
            self.fail(key, f"must be {_PATTERN} (a string)")
        try:
            rx(value)
        except re.error as e:
            self.fail(key, f"not a valid regular expression ({e}): {value!r}")
        return value

    def patterns(self, key, value):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(key, f"must be {_PATTERNS}")
        for i, p in enumerate(value):
            self.pattern(f"{key}[{i}]", p)
        return value

    def table(self, key, value, check):
        if not isinstance(value, dict):
            self.fail(key, "must be a table ([section] or { })")
        for k, v in value.items():
            check(f"{key}.{k}", v)
        return value

    def check(self, section: str, key: str, kind: str, value):
        where = f"[{section}] {key}" if section else key
        if kind == _WORDS:
            return self.words(where, value)
        if kind == _PATTERN:
            return self.pattern(where, value)
        if kind == _PATTERNS:
            return self.patterns(where, value)
        if kind == _STR:
            if not isinstance(value, str):
                self.fail(where, "must be a string")
            return value
        if kind == _BOOL:
            if not isinstance(value, bool):
                self.fail(where, "must be true or false")
            return value
        if kind == _INTS:
            return self.table(where, value, lambda k, v: isinstance(v, int) and not isinstance(v, bool)
                              or self.fail(k, "must be a whole number"))
        if kind == _STRS:
            return self.table(where, value, lambda k, v: isinstance(v, str) or self.fail(k, "must be a string"))
        if kind == _PAIRS:
            return self.table(where, value, lambda k, v: (
                isinstance(v, list) and len(v) == 2 and isinstance(v[0], int) and isinstance(v[1], str))
                or self.fail(k, "must be [number, qualifier], as [24, \"at_least\"]"))
        if kind == "periods":
            return self.table(where, value, lambda k, v: (
                isinstance(v, list) and len(v) == 2 and v[0] in ("week", "month") and isinstance(v[1], int))
                or self.fail(k, "must be [\"week\" or \"month\", offset], as [\"week\", -1]"))
        if kind == "qualifiers":
            if not isinstance(value, list) or not all(
                    isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in value):
                self.fail(where, "must be a list of [phrase, qualifier] pairs, as [\"at least\", \"at_least\"]")
            return value
        if kind == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                self.fail(where, "must be a whole number above 0")
            return value
        if kind == "noun classes":
            return self.table(where, value, lambda k, v: self.words(k, v))
        if kind == "via":
            if not isinstance(value, dict) or set(value) - {"patterns"}:
                self.fail(where, "must be a table with one key, patterns")
            self.patterns(f"{where}.patterns", value.get("patterns", []))
            for p in value.get("patterns", []):
                if "(?P<via>" not in p:
                    self.fail(f"{where}.patterns", f"{p!r} has no group (?P<via>...)")
            return value
        return self.entries(where, kind, value)

    def entries(self, where, kind, value):
        keys = {"phrases": ({"kind", "pattern"}, {"new_actors", "own_clause"}), "cues": ({"family", "where", "patterns"}, {"counts"}),
                "stances": ({"id", "patterns"}, set()), "events": ({"category", "patterns"}, set())}[kind]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(where, f"must be a list of tables ([[{where.strip('[] ').replace('] ', '.')}]])")
        for i, entry in enumerate(value):
            here = f"{where}[{i}]"
            missing = keys[0] - set(entry)
            if missing:
                self.fail(here, f"missing {', '.join(sorted(missing))}")
            extra = set(entry) - keys[0] - keys[1]
            if extra:
                self.fail(here, f"unknown key {sorted(extra)[0]!r}")
            if "patterns" in entry:
                self.patterns(f"{here}.patterns", entry["patterns"])
            if "pattern" in entry:
                self.pattern(f"{here}.pattern", entry["pattern"])
                if "(?P<who>" not in entry["pattern"]:
                    self.fail(f"{here}.pattern", "has no group (?P<who>...) for the speaker")
            if kind == "cues" and entry["where"] not in ("before", "after", "either"):
                self.fail(f"{here}.where", f"{entry['where']!r}: use before, after or either")
        return value


def _unknown(checker: _Checker, where: str, key: str, known) -> None:
    near = difflib.get_close_matches(key, list(known), n=1)
    checker.fail(where + key, f"unknown key{'; did you mean ' + repr(near[0]) + '?' if near else ''}")


def _read(path: Path) -> dict:
    """A lexicon file, checked against :data:`SHAPE`."""
    checker = _Checker(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as e:
        raise LexiconError(f"{path}: cannot be read: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise LexiconError(f"{path}: not valid TOML: {e}") from None
    for key, value in data.items():
        if key in SHAPE and isinstance(SHAPE[key], dict) and key:
            if not isinstance(value, dict):
                checker.fail(key, "must be a section [" + key + "]")
            for k, v in value.items():
                if k not in SHAPE[key]:
                    _unknown(checker, f"[{key}] ", k, SHAPE[key])
                checker.check(key, k, SHAPE[key][k], v)
        elif key in SHAPE and isinstance(SHAPE[key], str):
            checker.entries(f"[[{key}]]", SHAPE[key], value)
        elif key in SHAPE[""]:
            checker.check("", key, SHAPE[""][key], value)
        else:
            _unknown(checker, "", key, [*SHAPE[""], *(k for k in SHAPE if k)])
    if "script" in data and data["script"] not in SCRIPTS:
        checker.fail("script", f"{data['script']!r}: use one of {', '.join(SCRIPTS)}")
    for k, v in data.get("dates", {}).get("weekday_before", {}).items() | data.get("dates", {}).get(
            "weekday_after", {}).items():
        if v not in WEEKDAY_READINGS:
            checker.fail(f"[dates] weekday_*.{k}", f"{v!r}: use one of {', '.join(WEEKDAY_READINGS)}")
    return data


def _extend(base: dict, extra: dict) -> dict:
    """``base`` extended by ``extra``: lists added to, tables merged, stances of one id joined."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if key == "stance" and isinstance(old, list):
            merged = [dict(e, patterns=list(e["patterns"]) if isinstance(e["patterns"], list) else [e["patterns"]])
                      for e in old]
            for entry in value:
                same = [e for e in merged if e["id"] == entry["id"]]
                pats = entry["patterns"] if isinstance(entry["patterns"], list) else [entry["patterns"]]
                if same:
                    same[0]["patterns"] += pats
                else:
                    merged.append(dict(entry, patterns=pats))
            out[key] = merged
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = _extend(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + value
        else:
            out[key] = value
    return out


def _alternation(patterns) -> re.Pattern | None:
    patterns = [patterns] if isinstance(patterns, str) else list(patterns)
    return rx("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@dataclass
class Lexicon:
    """The words of one language, ready to use (see the module docstring for the file format)."""

    language: str
    name: str
    script: str = "latin"
    inflected: bool = False
    stopwords: WordSet = field(default_factory=WordSet)
    letters: str = ""
    data: dict = field(default_factory=dict, repr=False)
    files: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict, files: tuple[str, ...]) -> "Lexicon":
        lex = cls(data.get("language", ""), data.get("name", data.get("language", "")),
                  data.get("script", "latin"), data.get("inflected", False), WordSet(data.get("stopwords", [])),
                  data.get("letters", ""), data, files)
        lex._compile()
        return lex

    def get(self, section: str, key: str, default=None):
        return self.data.get(section, {}).get(key, default)

    def words(self, section: str, key: str) -> WordSet:
        return WordSet(self.get(section, key, []))

    def _compile(self) -> None:
        g = self.get
        # words that end with a full stop and no sentence ("ds.", "płk")
        self.abbreviations = WordSet(self.data.get("abbreviations", []))
        # attribution
        self.speech_verbs = self.words("attribution", "speech_verbs")
        self.verb_prefixes = self.words("attribution", "verb_prefixes")
        self.core_verbs = self.words("attribution", "core_verbs")
        self.reporting_verbs = self.words("attribution", "reporting_verbs")
        self.noun_forms = self.words("attribution", "noun_forms")
        self.noun_before = rx(g("attribution", "noun_before")) if g("attribution", "noun_before") else None
        self.after_quote_only = self.words("attribution", "after_quote_only")
        self.determiners = self.words("attribution", "determiners")
        self.description_verbs = self.words("attribution", "description_verbs")
        after = g("attribution", "description_after")
        self.description_after = rx(after) if after else None
        self.pronouns = self.words("attribution", "pronouns")
        self.group_anaphors = self.words("attribution", "group_anaphors")
        self.titles = self.words("attribution", "titles")
        self.spokesperson_titles = self.words("attribution", "spokesperson_titles")
        self.party_cues = self.words("attribution", "party_cues")
        self.party_acts = self.words("attribution", "party_acts")
        self.document_anaphors = self.words("attribution", "document_anaphors")
        self.clause_conjunctions = self.words("attribution", "clause_conjunctions")
        self.place_prepositions = self.words("attribution", "place_prepositions")
        self.subjectless_verbs = self.words("attribution", "subjectless_verbs")
        self.appositive_openers = self.words("attribution", "appositive_openers")
        self.org_words = self.words("attribution", "org_words")
        self.ministry_words = self.words("attribution", "ministry_words")
        self.speaker_nouns = self.words("attribution", "speaker_nouns")
        self.trailing = self.words("attribution", "trailing")
        self.reflexive = self.words("attribution", "reflexive")
        self.speaker_after_verb = g("attribution", "speaker_after_verb", "after_quote")
        self.outlets = self.words("attribution", "outlets")
        self.outlet_words = self.words("attribution", "outlet_words")
        self.investigation_words = self.words("attribution", "investigation_words")  # an outlet's own finding
        self.clause_breaks = self.words("attribution", "clause_breaks")
        self.reciprocal = _alternation(g("attribution", "reciprocal", []))
        self.previous = _alternation(g("attribution", "previous", []))
        self.refers_back = _alternation(g("attribution", "refers_back", []))
        self.toll_reports = _alternation(g("figures", "toll_reports", []))
        self.same_stance = _alternation(g("attribution", "same_stance", []))
        self.participles = self.words("attribution", "participles")
        self.person_words = self.words("attribution", "person_words")
        self.citing_verbs = self.words("attribution", "citing_verbs")
        self.relative_pronouns = self.words("attribution", "relative_pronouns")
        self.group_nouns = self.words("attribution", "group_nouns")
        self.group_heads = self.words("attribution", "group_heads")
        self.body_kinds = self.words("attribution", "body_kinds")
        self.concessive_openers = self.words("attribution", "concessive_openers")
        self.agent_prepositions = self.words("attribution", "agent_prepositions")
        self.pair_anaphors = self.words("attribution", "pair_anaphors")
        negations = self.words("attribution", "negations")
        self.negation = (re.compile(rf"(?<![\w])(?:{negations.pattern()})[\s\u00a0]+(?:the[\s\u00a0]+)?[\"«“„]?$",
                                    re.IGNORECASE) if negations else None)
        self.speaker_prepositions = self.words("attribution", "speaker_prepositions")
        self.phrases = [(rx(p["pattern"]), p["kind"], p.get("new_actors", True))
                        for p in g("attribution", "phrase", [])]
        # phrases that open a clause of their own ("..., ce que Kiev réfute"): the clause before is another's
        self.own_clause_phrases = {p["kind"] for p in g("attribution", "phrase", []) if p.get("own_clause")}
        self.via = [rx(p, 0) for p in (g("attribution", "via") or {}).get("patterns", [])]
        self.not_names = set(g("names", "not_names", []))
        self.leading = tuple(g("names", "leading", []))
        self.particles = g("names", "particles", "")
        # words written joined before a name (Arabic و "and", ب "in", ال "the"): "وكييف" names Kyiv
        self.clitics = tuple(sorted(g("names", "clitics", []), key=len, reverse=True))
        # stances, strongest first
        # denials told in the first person ("we do not attack civilian targets"): cues of "denies" whose party is
        # the speaker's own side
        own = list(g("attribution", "own_denials", []))
        self.own_denial = _alternation(own)
        self.stances = [(s["id"], _alternation(own + list(s["patterns"]) if s["id"] == "denies" else s["patterns"]))
                        for s in self.data.get("stance", [])]
        # figures
        f = lambda k, d=None: g("figures", k, d)  # noqa: E731
        self.number_words = {k.casefold(): v for k, v in f("number_words", {}).items()}
        self.multipliers = {k.casefold(): v for k, v in f("multipliers", {}).items()}
        self.joiners = self.words("figures", "joiners")
        self.joiners_pattern = self.joiners.pattern() or "(?!x)x"
        self.vague = {k.casefold(): tuple(v) for k, v in f("vague", {}).items()}
        self.approximate = {k.casefold(): tuple(v) for k, v in f("approximate", {}).items()}
        self.reach = f("reach", 6)
        self.ranges = _alternation(f("ranges", []))
        self.indirect_question = _alternation(f("indirect_question", []))
        self.asides = _alternation(f("asides", []))
        self.complementizers = self.words("figures", "complementizers")
        self.negations = _alternation(f("negations", []))
        # the scope of a toll where a folder splits tolls by scope (:mod:`.scope`)
        self.scope_nationwide = _alternation(f("scope_nationwide", []))
        self.scope_sites = self.words("figures", "scope_sites")
        self.scope_capital = self.words("figures", "scope_capital")
        self.ordinals = {k.casefold(): v for k, v in f("ordinals", {}).items()}
        self.thousands_separators = tuple(f("thousands_separators", []))
        for key in ("person_nouns", "attacker_nouns", "child_nouns", "other_nouns", "more", "ordinal_nouns", "units",
                    "stop_words", "partitive_determiners", "indefinite_articles", "singular_child_nouns", "object_markers"):
            setattr(self, key, self.words("figures", key))
        self.partitive = tuple(f("partitive", []))
        self.qualifiers = sorted(((p, v) for p, v in f("qualifiers", [])), key=lambda pv: -len(pv[0]))
        self.qualifiers_after = sorted(((p, v) for p, v in f("qualifiers_after", [])), key=lambda pv: -len(pv[0]))
        self.among = rx(f("among")) if f("among") else None
        self.attack_cues = _alternation(f("attack_cues", []))
        self.passive = rx(f("passive")) if f("passive") else None
        self.as_of = rx(f("as_of")) if f("as_of") else None
        self.earlier = rx(f("earlier")) if f("earlier") else None
        self.history = _alternation(f("history", []))
        self.figure_cues = [(c["family"], _alternation(c["patterns"]), c["where"]) for c in f("cue", [])]
        self.cue_counts = [c.get("counts", "people") for c in f("cue", [])]
        self.noun_classes = {k: WordSet(v) for k, v in f("nouns", {}).items()}
        # "at that time": a sentence told at the time of the sentence before ("Zginęło wówczas sześć osób")
        self.back_then = _alternation(g("dates", "back_then", []))
        # events
        self.event_cues = [(e["category"], _alternation(e["patterns"])) for e in self.data.get("event", [])]

    def number_pattern(self) -> str:
        """Number words (longest first), for a tokenizer."""
        return WordSet([*self.number_words, *self.multipliers]).pattern()


@dataclass
class Common:
    """What every language shares: figure families to metric ids, and a few roles of ids."""

    metrics: dict[str, str | list[str]]  # family -> metric id, or the spellings of one id
    fallback: dict[str, str]
    procedural: set[str]
    self_targeted: set[str]
    default_event_category: str
    propose_vague: bool = False
    subsumes: dict[str, list[str]] = field(default_factory=dict)  # family -> families a count of it is not also
    presence: set[str] = field(default_factory=set)  # families counting who was at the place: no toll
    places: dict[str, dict] = field(default_factory=dict)  # gazetteer: key -> {names, kind, capital} (:mod:`.scope`)
    nationwide_label: re.Pattern | None = None  # a scoped metric's label words for the whole attack (:mod:`.scope`)

    def metric_ids(self, family: str) -> list[str]:
        """The metric ids a figure family may be spelled as in a folder (the family itself when unmapped)."""
        ids = self.metrics.get(family, family)
        return [ids] if isinstance(ids, str) else list(ids)


@dataclass
class Lexicons:
    """Every language's lexicon, and the common settings."""

    by_language: dict[str, Lexicon]
    common: Common

    def __getitem__(self, language: str) -> "Lexicon":
        return self.get(language)

    def get(self, language: str) -> Lexicon:
        """The lexicon of ``language`` (its primary subtag: ``sr-Latn`` is read as ``sr``); an empty one if none."""
        code = (language or "").split("-")[0].lower()
        if code in self.by_language:
            return self.by_language[code]
        return Lexicon.from_data({"language": code, "name": code}, ())

    def __contains__(self, language: str) -> bool:
        return (language or "").split("-")[0].lower() in self.by_language


def _common(path: Path, extra: list[Path]) -> Common:
    checker = _Checker(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        for p in extra:
            data = _extend(data, tomllib.loads(p.read_text(encoding="utf-8-sig")))
    except tomllib.TOMLDecodeError as e:
        raise LexiconError(f"{path}: not valid TOML: {e}") from None
    metrics = data.get("metrics", {})
    spelled = lambda v: isinstance(v, str) or (  # noqa: E731  an id, or its spellings ("hospitalised", "hospitalized")
        isinstance(v, list) and v and all(isinstance(x, str) for x in v))
    if not isinstance(metrics, dict) or not all(spelled(v) for v in metrics.values()):
        checker.fail("[metrics]", "must be a table of figure families to metric ids (or lists of an id's spellings)")
    for key in ("procedural", "self_targeted"):
        checker.words(key, data.get(key, []))
    nationwide = checker.patterns("nationwide_label", data.get("nationwide_label", []))
    return Common(dict(metrics), dict(data.get("fallback", {})), set(data.get("procedural", [])),
                  set(data.get("self_targeted", [])), str(data.get("default_event_category", "")),
                  bool(data.get("propose_vague", False)), {k: list(v) for k, v in data.get("subsumes", {}).items()},
                  set(data.get("presence", [])), _places(checker, data.get("places", {})),
                  _alternation([rf"\b(?:{p})\b" for p in nationwide]))


def _places(checker: "_Checker", places) -> dict[str, dict]:
    if not isinstance(places, dict):
        checker.fail("[places]", "must be a table of places")
    for key, entry in places.items():
        if not isinstance(entry, dict):
            checker.fail(f"[places.{key}]", "must be a table with names, kind and capital")
        checker.words(f"places.{key}.names", entry.get("names", []))
        if entry.get("kind", "city") not in ("city", "country"):
            checker.fail(f"places.{key}.kind", 'must be "city" or "country"')
    return dict(places)


def load_lexicons(extra_dirs=()) -> Lexicons:
    """The bundled lexicons, extended by the files of the same names in ``extra_dirs``.

    A file in an extra folder whose language is not bundled adds that language.
    """
    dirs = [Path(d) for d in extra_dirs]
    for d in dirs:
        if not d.is_dir():
            raise LexiconError(f"{d}: no such folder of lexicons")
    names = sorted({p.stem for d in [BUNDLED, *dirs] for p in d.glob("*.toml")} - {"common", "parties"})
    out = {}
    for code in names:
        files = [d / f"{code}.toml" for d in [BUNDLED, *dirs] if (d / f"{code}.toml").is_file()]
        data: dict = {}
        for path in files:
            part = _read(path)
            if part.get("language", code) != code:
                raise LexiconError(f"{path}: language: {part['language']!r} in a file named {code}.toml")
            data = _extend(data, part)
        data.setdefault("language", code)
        out[code] = Lexicon.from_data(data, tuple(map(str, files)))
    common = _common(BUNDLED / "common.toml", [d / "common.toml" for d in dirs if (d / "common.toml").is_file()])
    return Lexicons(out, common)


KINDS = ("person", "government", "organisation", "group")


def load_parties(extra_dirs=()) -> list[dict]:
    """The parties of ``parties.toml`` (bundled, then extra folders): dicts of id, name, kind, aliases."""
    parties: dict[str, dict] = {}
    for d in [BUNDLED, *map(Path, extra_dirs)]:
        path = d / "parties.toml"
        if not path.is_file():
            continue
        checker = _Checker(str(path))
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as e:
            raise LexiconError(f"{path}: not valid TOML: {e}") from None
        if set(data) - {"party"}:
            _unknown(checker, "", sorted(set(data) - {"party"})[0], ["party"])
        for i, p in enumerate(data.get("party", [])):
            here = f"[[party]][{i}]"
            if not isinstance(p, dict) or "id" not in p:
                checker.fail(here, "needs an id")
            extra = set(p) - {"id", "name", "kind", "aliases", "demonyms"}
            if extra:
                checker.fail(here, f"unknown key {sorted(extra)[0]!r}")
            if not re.fullmatch(r"[a-z0-9_]+", str(p["id"])):
                checker.fail(f"{here}.id", f"{p['id']!r}: use lower-case letters, digits and _")
            checker.words(f"{here}.aliases", p.get("aliases", []))
            checker.words(f"{here}.demonyms", p.get("demonyms", []))
            old = parties.get(p["id"])
            if old is None:
                if p.get("kind") not in KINDS:
                    checker.fail(f"{here}.kind", f"{p.get('kind')!r}: use one of {', '.join(KINDS)}")
                if not isinstance(p.get("name"), str) or not p["name"].strip():
                    checker.fail(f"{here}.name", "a new party needs a name")
                parties[p["id"]] = {"id": p["id"], "name": p["name"], "kind": p["kind"],
                                    "aliases": list(dict.fromkeys([p["name"], *p.get("aliases", [])])),
                                    "demonyms": list(p.get("demonyms", []))}
            else:
                old["aliases"] = list(dict.fromkeys(old["aliases"] + p.get("aliases", [])))
                old["demonyms"] = list(dict.fromkeys(old["demonyms"] + p.get("demonyms", [])))
    return list(parties.values())
