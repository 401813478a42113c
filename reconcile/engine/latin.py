"""Company names in Latin script (SEPA statements, foreign suppliers): cores and similarity.

What banks do to a name between the payer's master data and the statement: upper-case it, transliterate it to the
SEPA character set (MÜLLER -> MUELLER or MULLER, ß -> SS), cut it at 35, 27 or 18 characters, drop the legal form
(GmbH, Ltd, LLC, Inc, SA, BV, AB, Oy, SRL, Co ...), and people add one-letter typos and swap words. A *core* undoes
what can be undone: accents and umlaut spellings folded, punctuation and legal forms removed, upper-case words in
their original order (kept so that a truncated name is still a prefix of the full one). ``latin_similarity``
compares two cores on the scale of ``names.core_similarity``: 1.0 same words, 0.95 same words in another order,
0.9 one cut short of the other or one letter apart, otherwise rapidfuzz's token-sort ratio scaled below the
"same company" line unless it is very close.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import token_sort_ratio

# Legal forms as words after punctuation is removed ("S.A." -> "S A" -> both letters dropped together).
LEGAL_FORMS = frozenset(
    {
        "GMBH",
        "MBH",
        "AG",
        "KG",
        "KGAA",
        "OHG",
        "GBR",
        "UG",
        "EV",
        "SE",
        "LTD",
        "LIMITED",
        "LLC",
        "LLP",
        "LP",
        "INC",
        "INCORPORATED",
        "CORP",
        "CORPORATION",
        "CO",
        "COMPANY",
        "PLC",
        "SA",
        "SAS",
        "SARL",
        "SASU",
        "EURL",
        "SNC",
        "BV",
        "NV",
        "VOF",
        "CV",
        "AB",
        "HB",
        "KB",
        "OY",
        "OYJ",
        "AS",
        "ASA",
        "APS",
        "SRL",
        "SPA",
        "SRO",
        "SP",
        "ZOO",
        "SPZOO",
        "KFT",
        "ZRT",
        "DOO",
        "AD",
        "OOD",
        "EOOD",
        "SL",
        "SLU",
        "LDA",
        "BVBA",
        "SPRL",
        "PTY",
        "PTE",
        "BHD",
    }
)
# Spaced-out legal forms that only mean something together ("S A", "B V", "S P A", "SP Z O O"); longest first.
_SPACED = re.compile(r"(?:^| )(?:S P A|S R L|S A S|S A R L|SP Z O O|S A|B V|N V|S L|S R O|A S|O Y)(?= |$)")
_FOLD = str.maketrans({"ß": "SS", "Æ": "AE", "Ø": "O", "Œ": "OE", "Ł": "L", "Đ": "D", "Þ": "TH", "&": " ", "+": " "})
_NON_WORD = re.compile(r"[^0-9A-Z]+")
_DIGRAPHS = re.compile(r"(?<=[A-Z])(AE|OE|UE)")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")

# Abbreviations banks and ERPs write for a word of a company name, written out on both sides ("HARBOUR INTL ENG
# SVCS" and "Harbour International Engineering Services"; INDUSTRIAL and INDUSTRIES, both "IND" at banks, are one); "AND" between words is the "&" that
# other systems write (dropped, as "&" is).
ABBREVIATIONS = {
    "INTL": "INTERNATIONAL",
    "INTERNATL": "INTERNATIONAL",
    "SVCS": "SERVICES",
    "SVC": "SERVICES",
    "SERVS": "SERVICES",
    "SERVICE": "SERVICES",
    "IND": "INDUSTRIES",
    "INDS": "INDUSTRIES",
    "INDUSTRIAL": "INDUSTRIES",
    "INDUSTRY": "INDUSTRIES",
    "ENG": "ENGINEERING",
    "ENGG": "ENGINEERING",
    "ENGR": "ENGINEERING",
    "TRDG": "TRADING",
    "LOG": "LOGISTICS",
    "LOGS": "LOGISTICS",
    "BROS": "BROTHERS",
    "HLDGS": "HOLDINGS",
    "HLDG": "HOLDINGS",
    "HOLDING": "HOLDINGS",
    "MFG": "MANUFACTURING",
    "MGMT": "MANAGEMENT",
    "TECH": "TECHNOLOGY",
    "TECHNOLOGIES": "TECHNOLOGY",
    "ASSOC": "ASSOCIATES",
    "DEPT": "DEPARTMENT",
    # American bank fields cut names to 16-22 characters and payers abbreviate to fit: APEX MED CTR LLC is the books'
    # Apex Medical Center LLC. Not DIST (district or distribution) nor ELEC (electric, electrical or electronics).
    "MED": "MEDICAL",
    "CTR": "CENTER",
    "CNTR": "CENTER",
    "CENTRE": "CENTER",
    "DISTRIB": "DISTRIBUTION",
    "SYS": "SYSTEMS",
    "SYSTEM": "SYSTEMS",
    "SOLN": "SOLUTIONS",
    "SOLNS": "SOLUTIONS",
    "SOLUTION": "SOLUTIONS",
    "CONSTR": "CONSTRUCTION",
    "MKTG": "MARKETING",
    "PROPS": "PROPERTIES",
    "PROPERTY": "PROPERTIES",
    "GRP": "GROUP",
    "NATL": "NATIONAL",
    "LABORATORIES": "LABS",
    "LAB": "LABS",
    "ENTERPRISE": "ENTERPRISES",
    "ENTPR": "ENTERPRISES",
    "EQUIP": "EQUIPMENT",
    "PKG": "PACKAGING",
    "PLBG": "PLUMBING",
    "MGT": "MANAGEMENT",
    "AND": "",
}

TRUNCATION_MIN = 6  # a cut-short name must keep at least this many characters to count


def is_latin(name: str) -> bool:
    """A name written in Latin letters (no CJK ideographs, at least one ASCII letter after folding)."""
    return _CJK.search(name) is None and _LETTER.search(name) is not None


@lru_cache(maxsize=400_000)
def latin_core(name: str) -> str:
    """Upper-case words of ``name`` without accents, punctuation or legal forms, in their order ("" if nothing is
    left but a legal form, in which case the caller keeps the folded name); common abbreviations folded to one form
    (``ABBREVIATIONS``)."""
    upper = name.upper()
    if upper.isascii():  # most names: of ``_FOLD`` only "&" and "+" can occur, and replacing them is cheaper
        ascii_only = upper.replace("&", " ").replace("+", " ") if "&" in upper or "+" in upper else upper
    else:
        upper = upper.translate(_FOLD)
        # Accents come off as combining marks after NFKD; dropping what is not ASCII then removes them (in C).
        ascii_only = (
            upper if upper.isascii() else unicodedata.normalize("NFKD", upper).encode("ascii", "ignore").decode()
        )
    # MUELLER and MÜLLER (-> MULLER) must meet: German umlaut spellings folded to the bare vowel on both sides.
    words = _NON_WORD.sub(" ", _DIGRAPHS.sub(lambda m: m.group(1)[0], ascii_only)).strip()
    words = _SPACED.sub(" ", f" {words} ").strip()
    kept = [ABBREVIATIONS.get(w, w) for w in words.split() if w not in LEGAL_FORMS]
    kept = [w for w in kept if w]
    # A trailing one- or two-letter fragment is usually a legal form cut off by the bank's field width ("... G").
    while len(kept) > 1 and len(kept[-1]) <= 2 and not kept[-1].isdigit():
        kept.pop()
    return " ".join(kept) or words


# "doing business as" and its kin between two names of one legal person: the books keep the registered name with the
# trade name after DBA ("Lakeshore Logistics Ltd DBA Sunbelt Software"), the payer's bank sends only the trade name.
_ALIAS_MARK = re.compile(r" (?:DBA|D B A|AKA|A K A|FKA|F K A) ")


@lru_cache(maxsize=500_000)
def latin_similarity(a: str, b: str) -> float:
    """0..1 similarity of two Latin cores (see the module docstring); a core that names one party twice (``X DBA Y``)
    is as similar as the closer of its names."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _ALIAS_MARK.search(a) or _ALIAS_MARK.search(b):
        return max(_plain_similarity(x, y) for x in _ALIAS_MARK.split(a) for y in _ALIAS_MARK.split(b) if x and y)
    return _plain_similarity(a, b)


def _plain_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if sorted(a.split()) == sorted(b.split()):
        return 0.95
    if len(short) >= TRUNCATION_MIN:
        head = long_[: len(short)]
        if head == short:
            return 0.9  # cut short by the bank's field width (or the legal form's remains)
        # Cut short and mistyped, or mistyped: one edit apart on the common length, or on the whole.
        if Levenshtein.distance(short, head, score_cutoff=1) <= 1 or (
            len(long_) - len(short) <= 1 and Levenshtein.distance(short, long_, score_cutoff=1) <= 1
        ):
            return 0.9
    ratio = token_sort_ratio(a, b) / 100.0
    return round(ratio if ratio >= 0.9 else ratio * 0.85, 2)


def latin_grams(core: str) -> frozenset[str]:
    """Blocking keys of a Latin core: the first three letters of each word of three or more letters (two cores
    sharing none cannot reach a strong similarity), or the whole core when it has no such word."""
    grams = frozenset(w[:3] for w in core.split() if len(w) >= 3)
    return grams or frozenset((core,))
