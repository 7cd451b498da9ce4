"""What leaves the tool: CSV opens in a spreadsheet as data, never as formulas; JSON round-trips;
JSON-LD has schema.org's shapes and reads in a JSON-LD processor."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date, datetime
from urllib.parse import urlparse

import pandas as pd
import pytest

from dashboard import load
from dashboard.export import (
    BOM, CLAIM_COLUMNS, FIGURE_COLUMNS, claims_csv, claims_graph, claims_json, claims_jsonld, figures_csv,
    figures_json, neutralise,
)
from dashboard.query import claim_mask, prepare
from dashboard.state import FilterState
from dashboard.views.downloads import Downloads


@pytest.fixture(scope="module")
def p():
    return prepare(load())


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+2", "@SUM(A1)", "\t=1"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_a_cell_starting_with_a_carriage_return_is_neutralised_on_both_lines():
    assert neutralise("\r=1") == "'\r'=1"


@pytest.mark.parametrize("cell", ["Putin said", "“quoted”", "", 139, None])
def test_other_cells_are_left_alone(cell):
    assert neutralise(cell) == cell


def test_exported_claims_are_the_filtered_ones_with_iso_dates(p):
    rows = p.claims[claim_mask(p, actors=["putin"], stances=["accuses"])]
    records = list(csv.DictReader(io.StringIO(claims_csv(rows).removeprefix(BOM))))
    assert [r["claim_id"] for r in records] == list(rows.claim_id)
    assert list(records[0]) == list(CLAIM_COLUMNS.values())
    dated = [r for r in records if r["said_on"]]
    assert dated and all(len(r["said_on"]) == 10 and r["said_on"][4] == "-" for r in dated)
    assert all(r["claimant"] == "Vladimir Putin" for r in records)


def test_hostile_cells_are_neutralised_in_the_file(p):
    rows = p.claims.head(2).copy()
    rows["quote"] = ["=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]
    rows["actor"] = ["+Putin", "-Putin"]
    records = list(csv.DictReader(io.StringIO(claims_csv(rows).removeprefix(BOM))))
    assert [r["quote"][0] for r in records] == ["'", "'"]
    assert [r["claimant"] for r in records] == ["'+Putin", "'-Putin"]


def test_exported_figures_keep_numbers_as_numbers(p):
    records = list(csv.DictReader(io.StringIO(figures_csv(p.figures).removeprefix(BOM))))
    assert len(records) == len(p.figures)
    assert all(r["value"].isdigit() for r in records)
    assert {"as_printed", "as_of", "attributed_to", "quote"} <= set(records[0])
    assert pd.Series([r["as_printed"] for r in records]).str.contains("nearly 140").any()


# ---------------------------------------------------------------------------- JSON

def _loads(text: str):
    """json.loads that refuses NaN and Infinity (not JSON, though Python writes them)."""
    def refuse(name):
        raise ValueError(f"{name} in JSON")
    return json.loads(text, parse_constant=refuse)


def test_claims_json_round_trips_the_filtered_claims(p):
    rows = p.claims[claim_mask(p, actors=["zakharova", "peskov"])]
    records = _loads(claims_json(rows))
    assert [r["claim_id"] for r in records] == list(rows.claim_id)
    assert list(records[0]) == list(CLAIM_COLUMNS.values()) + ["actor_id", "target_id", "stance_id"]
    by_id = {r["claim_id"]: r for r in records}
    assert by_id["c001_14"] | {"quote": None} == by_id["c001_14"] | {
        "said_on": "2024-03-25", "said_on_precision": "week", "claimant": "Maria Zakharova",
        "target": "Islamic State", "target_id": "islamic_state", "stance": "Questions", "stance_id": "questions",
        "published": "2024-03-26", "via": None, "quote": None}
    assert by_id["c002_07"]["said_on"] is None and by_id["c002_07"]["said_on_precision"] is None
    assert by_id["c002_07"]["via"] == "Reuters"
    assert by_id["c004_08"]["target"] is None and by_id["c004_08"]["target_id"] is None
    assert all(r["quote"] == q for r, q in zip(records, rows.quote))


def test_json_is_utf8_text_without_escapes(p):
    text = claims_json(p.claims)
    assert "’" in text and "\\u2019" not in text
    text.encode("utf-8")


def test_figures_json_keeps_numbers_and_dates(p):
    records = _loads(figures_json(p.figures))
    assert len(records) == len(p.figures)
    assert list(records[0]) == list(FIGURE_COLUMNS.values()) + ["metric_id"]
    assert all(isinstance(r["value"], int) for r in records)
    assert all(r["as_of"] is None or date.fromisoformat(r["as_of"]) for r in records)
    assert {"deaths", "injured"} <= {r["metric_id"] for r in records}
    assert any(r["as_of"] for r in records) and any(r["attributed_to"] is None for r in records)


# ---------------------------------------------------------------------------- JSON-LD shapes
#
# The properties schema.org (https://schema.org, version 29) defines for each type this export
# writes, written down here because the tests cannot fetch the vocabulary. A property outside
# its type's list is a typo or an invention, and fails.

THING = {"additionalType", "alternateName", "description", "disambiguatingDescription", "identifier", "image",
         "mainEntityOfPage", "name", "potentialAction", "sameAs", "subjectOf", "url"}
CREATIVE_WORK = THING | {
    "about", "abstract", "accessMode", "accessModeSufficient", "accessibilityAPI", "accessibilityControl",
    "accessibilityFeature", "accessibilityHazard", "accessibilitySummary", "accountablePerson", "acquireLicensePage",
    "aggregateRating", "alternativeHeadline", "archivedAt", "assesses", "associatedMedia", "audience", "audio",
    "author", "award", "awards", "character", "citation", "comment", "commentCount", "conditionsOfAccess",
    "contentLocation", "contentRating", "contentReferenceTime", "contributor", "copyrightHolder", "copyrightNotice",
    "copyrightYear", "correction", "countryOfOrigin", "creativeWorkStatus", "creator", "creditText", "dateCreated",
    "dateModified", "datePublished", "discussionUrl", "editEIDR", "editor", "educationalAlignment",
    "educationalLevel", "educationalUse", "encoding", "encodingFormat", "encodings", "exampleOfWork", "expires",
    "fileFormat", "funder", "funding", "genre", "hasPart", "headline", "inLanguage", "interactionStatistic",
    "interactivityType", "interpretedAsClaim", "isAccessibleForFree", "isBasedOn", "isBasedOnUrl",
    "isFamilyFriendly", "isPartOf", "keywords", "learningResourceType", "license", "locationCreated", "mainEntity",
    "maintainer", "material", "materialExtent", "mentions", "offers", "pattern", "position", "producer", "provider",
    "publication", "publisher", "publisherImprint", "publishingPrinciples", "recordedAt", "releasedEvent", "review",
    "reviews", "schemaVersion", "sdDatePublished", "sdLicense", "sdPublisher", "size", "sourceOrganization",
    "spatial", "spatialCoverage", "sponsor", "teaches", "temporal", "temporalCoverage", "text", "thumbnailUrl",
    "timeRequired", "translationOfWork", "translator", "typicalAgeRange", "usageInfo", "version", "video",
    "workExample", "workTranslation"}
ARTICLE = CREATIVE_WORK | {"articleBody", "articleSection", "backstory", "pageEnd", "pageStart", "pagination",
                           "speakable", "wordCount"}
PROPERTIES = {
    "Claim": CREATIVE_WORK | {"appearance", "claimInterpreter", "firstAppearance"},
    "NewsArticle": ARTICLE | {"dateline", "printColumn", "printEdition", "printPage", "printSection"},
    "Person": THING | {
        "additionalName", "address", "affiliation", "alumniOf", "award", "awards", "birthDate", "birthPlace",
        "brand", "callSign", "children", "colleague", "colleagues", "contactPoint", "contactPoints", "deathDate",
        "deathPlace", "duns", "email", "familyName", "faxNumber", "follows", "funder", "funding", "gender",
        "givenName", "globalLocationNumber", "hasCredential", "hasOccupation", "hasOfferCatalog", "hasPOS",
        "height", "homeLocation", "honorificPrefix", "honorificSuffix", "interactionStatistic", "isicV4",
        "jobTitle", "knows", "knowsAbout", "knowsLanguage", "makesOffer", "memberOf", "naics", "nationality",
        "netWorth", "owns", "parent", "parents", "performerIn", "publishingPrinciples", "relatedTo", "seeks",
        "sibling", "siblings", "sponsor", "spouse", "taxID", "telephone", "vatID", "weight", "workLocation",
        "worksFor"},
    "Organization": THING | {
        "actionableFeedbackPolicy", "address", "aggregateRating", "alumni", "areaServed", "award", "awards", "brand",
        "contactPoint", "contactPoints", "correctionsPolicy", "department", "dissolutionDate", "diversityPolicy",
        "diversityStaffingReport", "duns", "email", "employee", "employees", "ethicsPolicy", "event", "events",
        "faxNumber", "founder", "founders", "foundingDate", "foundingLocation", "funder", "funding",
        "globalLocationNumber", "hasCredential", "hasMerchantReturnPolicy", "hasOfferCatalog", "hasPOS",
        "hasProductReturnPolicy", "interactionStatistic", "isicV4", "iso6523Code", "keywords", "knowsAbout",
        "knowsLanguage", "legalName", "leiCode", "location", "logo", "makesOffer", "member", "memberOf", "members",
        "naics", "nonprofitStatus", "numberOfEmployees", "ownershipFundingInfo", "owns", "parentOrganization",
        "publishingPrinciples", "review", "reviews", "seeks", "serviceArea", "slogan", "sponsor", "subOrganization",
        "taxID", "telephone", "unnamedSourcesPolicy", "vatID"},
    "DefinedTerm": THING | {"inDefinedTermSet", "termCode"},
    "PropertyValue": THING | {"maxValue", "measurementMethod", "measurementTechnique", "minValue", "propertyID",
                              "unitCode", "unitText", "value", "valueReference"},
}
#: Each type's parent in schema.org's hierarchy.
PARENT = {"Claim": "CreativeWork", "NewsArticle": "Article", "Article": "CreativeWork", "CreativeWork": "Thing",
          "Person": "Thing", "Organization": "Thing", "DefinedTerm": "Intangible", "PropertyValue": "StructuredValue",
          "StructuredValue": "Intangible", "Intangible": "Thing"}
#: schema.org's expected value types ("range") of the properties the export uses. A property
#: used but not listed here fails: the validator never passes what it cannot check.
RANGES = {
    "text": {"Text"}, "name": {"Text"}, "headline": {"Text"}, "description": {"Text"}, "alternateName": {"Text"},
    "creditText": {"Text"}, "termCode": {"Text"}, "propertyID": {"Text", "URL"},
    "value": {"Text", "Number", "Boolean", "StructuredValue"}, "identifier": {"Text", "URL", "PropertyValue"},
    "datePublished": {"Date", "DateTime"}, "dateCreated": {"Date", "DateTime"},
    "author": {"Person", "Organization"}, "publisher": {"Person", "Organization"}, "about": {"Thing"},
    "appearance": {"CreativeWork"}, "firstAppearance": {"CreativeWork"},
    "keywords": {"Text", "URL", "DefinedTerm"}, "url": {"URL"}, "sameAs": {"URL"},
}
#: What this export promises of each node (schema.org itself requires nothing).
REQUIRED = {"Claim": {"identifier", "text", "author", "appearance"}, "NewsArticle": {"identifier", "headline"},
            "Person": {"name"}, "Organization": {"name"}, "DefinedTerm": {"termCode", "name"},
            "PropertyValue": {"propertyID", "value"}}


def _is_a(kind: str, expected: str) -> bool:
    while kind is not None:
        if kind == expected:
            return True
        kind = PARENT.get(kind)
    return False


def _literal_ok(kind: str, value) -> bool:
    if kind == "Text":
        return isinstance(value, str) and value.strip() != ""
    if kind == "URL":
        parts = urlparse(value) if isinstance(value, str) else None
        return bool(parts and parts.scheme in ("http", "https") and parts.netloc)
    if kind == "Date":
        return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and _parses(
            date.fromisoformat, value)
    if kind == "DateTime":
        return isinstance(value, str) and "T" in value and _parses(datetime.fromisoformat, value)
    if kind == "Number":
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if kind == "Boolean":
        return isinstance(value, bool)
    return False


def _parses(parse, value) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def check_node(node, path: str = "$") -> list[str]:
    """Every way ``node`` departs from the shapes above, as ``path: problem``."""
    if not isinstance(node, dict):
        return [f"{path}: not a node"]
    kind = node.get("@type")
    if kind not in PROPERTIES:
        return [f"{path}: @type {kind!r} is not one of {sorted(PROPERTIES)}"]
    problems = [f"{path}: {kind} without {p}" for p in sorted(REQUIRED[kind] - set(node))]
    for prop, value in node.items():
        where = f"{path}.{prop}"
        if prop.startswith("@"):
            if prop != "@type":
                problems.append(f"{where}: unexpected keyword")
            continue
        if prop not in PROPERTIES[kind]:
            problems.append(f"{where}: {kind} has no property {prop!r} in schema.org")
            continue
        if prop not in RANGES:
            problems.append(f"{where}: the range of {prop!r} is not written down in this test")
            continue
        values = value if isinstance(value, list) else [value]
        if not values:
            problems.append(f"{where}: empty list")
        for i, item in enumerate(values):
            at = f"{where}[{i}]" if isinstance(value, list) else where
            if isinstance(item, dict):
                if not any(_is_a(item.get("@type"), r) for r in RANGES[prop]):
                    problems.append(f"{at}: a {item.get('@type')!r} node, expected {sorted(RANGES[prop])}")
                else:
                    problems += check_node(item, at)
            elif not any(_literal_ok(r, item) for r in RANGES[prop]):
                problems.append(f"{at}: {item!r} is not {' or '.join(sorted(RANGES[prop]))}")
    return problems


def check_document(doc) -> list[str]:
    """Problems of a whole export: the schema.org context and a @graph of Claims."""
    if not isinstance(doc, dict) or set(doc) != {"@context", "@graph"}:
        return ["$: expected exactly @context and @graph"]
    problems = [] if doc["@context"] == "https://schema.org" else ["$.@context: not https://schema.org"]
    for i, node in enumerate(doc["@graph"]):
        if not isinstance(node, dict) or node.get("@type") != "Claim":
            problems.append(f"$.@graph[{i}]: not a Claim")
        problems += check_node(node, f"$.@graph[{i}]")
    return problems


@pytest.mark.parametrize("break_it, expected", [
    (lambda c: c.update(speaker="x"), "Claim has no property 'speaker'"),
    (lambda c: c.update(datePublished="25 March 2024"), "is not Date or DateTime"),
    (lambda c: c.update(datePublished="2024-02-30"), "is not Date or DateTime"),
    (lambda c: c["author"].update({"@type": "Politician"}), "a 'Politician' node, expected"),
    (lambda c: c["keywords"].update({"@type": "Stance"}), "a 'Stance' node, expected"),
    (lambda c: c.update({"@type": "ClaimReview"}), "@type 'ClaimReview' is not one of"),
    (lambda c: c.update(appearance={"@type": "Person", "name": "x"}), "a 'Person' node, expected ['CreativeWork']"),
    (lambda c: c["appearance"].update(publisher="National Herald"), "is not Organization or Person"),
    (lambda c: c["appearance"].update(url="www.example.org/a"), "is not URL"),
    (lambda c: c.pop("text"), "Claim without text"),
    (lambda c: c["author"].update(name=""), "is not Text"),
    (lambda c: c["author"].update(jobTitle="Spokesman"), "range of 'jobTitle' is not written down"),
    (lambda c: c.update({"@id": "x"}), "unexpected keyword"),
])
def test_the_shape_validator_finds_each_kind_of_mistake(p, break_it, expected):
    doc = claims_graph(p.claims[p.claims.claim_id == "c002_07"], p)
    assert check_document(doc) == []
    break_it(doc["@graph"][0])
    assert any(expected in problem for problem in check_document(doc)), check_document(doc)


# ---------------------------------------------------------------------------- JSON-LD content

def _claims_by_id(doc) -> dict[str, dict]:
    out = {}
    for node in doc["@graph"]:
        ids = {i["propertyID"]: i["value"] for i in node["identifier"]}
        out[ids["claim_id"]] = node | {"statement_id": ids["statement_id"]}
    return out


def test_jsonld_of_every_claim_has_the_schema_org_shapes(p):
    doc = _loads(claims_jsonld(p.claims, p))
    assert check_document(doc) == []
    assert doc == claims_graph(p.claims, p)  # round-trips through the text


def test_jsonld_has_one_claim_per_filtered_report(p):
    rows = p.claims[claim_mask(p, actors=["peskov", "zakharova"])]
    doc = _loads(claims_jsonld(rows, p))
    assert check_document(doc) == []
    claims = _claims_by_id(doc)
    assert list(claims) == list(rows.claim_id)
    assert [c["text"] for c in claims.values()] == list(rows.quote)
    # Reports of one statement keep their own wording and article, and share its name and id.
    kp = [c for c in claims.values() if c["statement_id"] == "zakharova_kp_article"]
    assert len(kp) == 6 and len({c["name"] for c in kp}) == 1 and "Komsomolskaya Pravda" in kp[0]["name"]
    assert {c["appearance"]["identifier"] for c in kp} == {"001_fb2ae5532553813c", "002_a20e6aaf006fd26b"}


def test_jsonld_peskov_claim_author_article_and_date(p):
    c = _claims_by_id(claims_graph(p.claims, p))["c000_13"]
    assert c["author"] == {"@type": "Person", "name": "Dmitry Peskov", "description": "Kremlin spokesman",
                           "alternateName": ["Peskov", "Peksov"]}
    assert c["about"]["@type"] == "Organization" and c["about"]["name"] == "United States"
    assert c["datePublished"] == "2024-04-03" and "dateCreated" not in c
    assert c["keywords"] == {"@type": "DefinedTerm", "termCode": "dismisses", "name": "Dismisses",
                             "description": p.dataset.stances.set_index("stance").description["dismisses"]}
    assert c["appearance"] == {"@type": "NewsArticle", "identifier": "000_4ffe883592a53a13",
                               "headline": "Russia Insists Ukraine, Not ISIS, Responsible for Moscow Massacre",
                               "datePublished": "2024-04-03"}  # the article names no outlet: no publisher
    assert c["text"].startswith("This is not our area of expertise")


def test_jsonld_zakharova_dates_by_precision_and_publisher(p):
    claims = _claims_by_id(claims_graph(p.claims, p))
    week = claims["c001_14"]
    assert week["datePublished"] == "2024-03-25" and "week starting 2024-03-25" in week["description"]
    undated = claims["c002_07"]  # the article does not say when: no date rather than the article's
    assert "datePublished" not in undated and "does not say when" in undated["description"]
    assert undated["appearance"]["publisher"] == {"@type": "Organization", "name": "National Herald"}
    assert undated["appearance"]["datePublished"] == "2024-03-25"
    assert "via Reuters" in undated["description"]
    month = claims["c003_13"]
    assert month["datePublished"] == "2024-03-01" and "month starting 2024-03-01" in month["description"]


def test_jsonld_authors_by_kind_and_claims_without_a_target(p):
    claims = _claims_by_id(claims_graph(p.claims, p))
    kinds = dict(zip(p.dataset.actors.name, p.dataset.actors.kind))
    for c in claims.values():
        assert c["author"]["@type"] == ("Person" if kinds[c["author"]["name"]] == "person" else "Organization")
    assert any(c["author"]["@type"] == "Organization" for c in claims.values())
    assert "about" not in claims["c004_08"]  # Peskov declines to comment on no one in particular


# The entries of schema.org's JSON-LD context (https://schema.org/docs/jsonldcontext.jsonld) for
# the terms this export uses: the vocabulary, and dates typed as schema:Date.
SCHEMA_ORG_CONTEXT = {"@context": {
    "@vocab": "http://schema.org/", "schema": "http://schema.org/",
    "datePublished": {"@id": "schema:datePublished", "@type": "Date"},
    "dateCreated": {"@id": "schema:dateCreated", "@type": "Date"},
    "url": {"@id": "schema:url", "@type": "@id"},
    "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
}}


def test_a_json_ld_processor_reads_the_claims_offline(p):
    jsonld = pytest.importorskip("pyld.jsonld")
    asked = []

    def loader(url, options=None):
        asked.append(url)
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}

    rows = p.claims[claim_mask(p, actors=["zakharova"])]
    quads = jsonld.to_rdf(_loads(claims_jsonld(rows, p)), {"documentLoader": loader, "format": "application/n-quads"})
    triples = [line.split(" ", 2) for line in quads.splitlines()]
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    assert asked and all(t[1] == rdf_type or t[1].startswith("<http://schema.org/") for t in triples)
    claims = [t[0] for t in triples if t[1] == rdf_type and t[2] == "<http://schema.org/Claim> ."]
    assert len(claims) == len(rows)
    dates = [t[2] for t in triples if t[1] == "<http://schema.org/datePublished>"]
    assert '"2024-03-25"^^<http://schema.org/Date> .' in dates
    texts = [t[2] for t in triples if t[1] == "<http://schema.org/text>"]
    assert len(texts) == len(rows) and any("American political engineers" in t for t in texts)


def test_the_sidebar_downloads_give_what_the_filters_select(p):
    state = FilterState(p)
    state.apply_query("actor=zakharova&outlet=002_a20e6aaf006fd26b")
    buttons = Downloads(state=state).buttons
    assert {b.filename for b in buttons.values()} >= {"claims.csv", "figures.csv", "claims.json", "figures.json",
                                                       "claims.jsonld"}
    files = {label: b.make() for label, b in buttons.items() if not label.startswith("Snapshot")}
    from dashboard.query import claim_order

    assert sorted(state.filtered_claims().claim_id) == ["c002_06", "c002_07", "c002_11"]
    ids = list(p.claims.claim_id.iloc[claim_order(p, "date", state.mask())])  # as the table lists them
    assert sorted(ids) == ["c002_06", "c002_07", "c002_11"]
    assert [r["claim_id"] for r in csv.DictReader(io.StringIO(files["Claims (CSV)"].removeprefix(BOM)))] == ids
    assert [r["claim_id"] for r in _loads(files["Claims (JSON)"])] == ids
    assert list(_claims_by_id(_loads(files["Claims (JSON-LD, schema.org)"]))) == ids
    figures = _loads(files["Figures (JSON)"])
    assert figures and {f["source_id"] for f in figures} == {"002_a20e6aaf006fd26b"}
    assert len(list(csv.DictReader(io.StringIO(files["Figures (CSV)"].removeprefix(BOM))))) == len(figures)


def test_the_downloaded_csv_is_in_the_tables_order_with_real_outlet_names_and_a_bom():
    """What a reader opens in a spreadsheet: a UTF-8 byte-order mark, the rows as the table shows
    them, the outlet's own name (empty where the article does not give it, never a headline) and the
    headline beside it."""
    from dashboard import Dashboard
    from dashboard.query import claim_order

    app = Dashboard()
    app.table.order = "claimant"
    text = app.downloads.buttons["Claims (CSV)"].make()
    assert text.startswith(BOM)
    records = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    order = claim_order(app.prepared, "claimant", app.state.mask())
    assert [r["claim_id"] for r in records] == list(app.prepared.claims.claim_id.iloc[order])
    sources = app.prepared.dataset.sources.set_index("source_id")
    for r in records:
        outlet = sources.outlet.get(r["source_id"])
        assert r["outlet"] == ("" if pd.isna(outlet) else outlet)
        assert r["article"] == sources.headline[r["source_id"]]
    assert {r["outlet"] for r in records} >= {"Breitbart", "National Herald", ""}
    figures = list(csv.DictReader(io.StringIO(app.downloads.buttons["Figures (CSV)"].make().removeprefix(BOM))))
    assert figures and all(r["outlet"] in ("", "Breitbart", "National Herald") for r in figures)
