"""Words, names and the US holiday calendar of the seventh data set (``gen_seventh.py``).

A party is typed three ways: its legal name, the name the bookkeeper typed into the vendor/customer master (fixed per
party, as a master record is), and what the bank shows (the ACH originator's 16-character company name, a wire's
35-character ordering party, a Zelle sender, or nothing). The bank side is upper case and abbreviated the way NACHA
files and core banking systems do it; the master is mixed case with the bookkeeper's own habits.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .generator import Calendar

STEMS = (
    "Acme",
    "Summit",
    "Pinnacle",
    "Blue Ridge",
    "Harbor",
    "Evergreen",
    "Northwind",
    "Redwood",
    "Keystone",
    "Liberty",
    "Granite",
    "Cascade",
    "Meridian",
    "Atlas",
    "Beacon",
    "Crescent",
    "Falcon",
    "Horizon",
    "Ironwood",
    "Juniper",
    "Lakeshore",
    "Maple Leaf",
    "Oakridge",
    "Pioneer",
    "Quantum",
    "Riverside",
    "Silverline",
    "Trident",
    "Vanguard",
    "Westfield",
    "Zenith",
    "Apex",
    "Brightstar",
    "Coastal",
    "Delta",
    "Eagle",
    "Frontier",
    "Golden Gate",
    "Heritage",
    "Insight",
    "Jetstream",
    "Kingsway",
    "Landmark",
    "Magnolia",
    "Nova",
    "Orion",
    "Patriot",
    "Sterling",
    "Titan",
    "Willow Creek",
    "Bayview",
    "Cornerstone",
    "Copperfield",
    "Hudson",
    "Lone Star",
    "Mountain View",
    "Pacific",
    "Prairie",
    "Red Rock",
    "Sunbelt",
    "Tri-State",
    "Great Lakes",
    "Bluewater",
    "Clearwater",
    "Highland",
    "Ridgeway",
    "Stonebridge",
    "Fairway",
    "Gateway",
    "Harvest",
    "Lighthouse",
    "Midwest",
    "Northstar",
    "Old Town",
    "Parkside",
)
PEOPLE = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Miller",
    "Davis",
    "Garcia",
    "Rodriguez",
    "Wilson",
    "Martinez",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Murphy",
    "Patel",
    "Nguyen",
    "Kim",
    "Chen",
    "O'Brien",
    "McDonald",
    "Sullivan",
    "Bennett",
    "Hughes",
    "Price",
    "Foster",
)
GIVEN = (
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Christopher",
    "Karen",
    "Daniel",
    "Lisa",
    "Matthew",
    "Nancy",
    "Anthony",
    "Sandra",
    "Mark",
    "Ashley",
    "Steven",
    "Emily",
    "Andrew",
    "Michelle",
    "Joshua",
    "Amanda",
    "Kevin",
    "Melissa",
    "Brian",
    "Stephanie",
    "Priya",
    "Wei",
    "Carlos",
    "Maria",
    "Ahmed",
    "Olivia",
)
TRADES = (
    "Logistics",
    "Supply",
    "Manufacturing",
    "Consulting",
    "Dental Group",
    "Medical Center",
    "Foods",
    "Builders",
    "Electric",
    "Plumbing",
    "Software",
    "Systems",
    "Solutions",
    "Partners",
    "Holdings",
    "Industries",
    "Technologies",
    "Distribution",
    "Marketing",
    "Design",
    "Engineering",
    "Construction",
    "Hospitality",
    "Properties",
    "Packaging",
    "Freight",
    "Analytics",
    "Labs",
    "Health",
    "Auto Parts",
    "Office Supply",
    "Printing",
    "Staffing",
    "Janitorial",
)
SUFFIXES = ("Inc", "Inc.", "LLC", "Corp", "Corporation", "Co", "Company", "Ltd", "PLC", "LP", "Group", "")
SAAS = (
    # bank narrative stem, master name, monthly amount
    ("ADOBE *CREATIVE CLD", "Adobe Inc.", "54.99"),
    ("GOOGLE *GSUITE", "Google LLC", "144.00"),
    ("MSFT * E0300", "Microsoft Corporation", "49.00"),
    ("SLACK T0123", "Slack Technologies", "87.50"),
    ("ZOOM.US 888-799-9666", "Zoom Video Communications", "49.00"),
    ("DROPBOX*BUSINESS", "Dropbox, Inc.", "49.00"),
    ("INTUIT *QBOOKS ONLINE", "Intuit Inc", "90.00"),
    ("ATLASSIAN", "Atlassian Pty Ltd", "49.00"),
    ("HUBSPOT INC", "HubSpot", "800.00"),
    ("DOCUSIGN INC", "DocuSign", "45.00"),
    ("AMAZON WEB SERVICES", "Amazon Web Services", "0"),  # metered: amount varies monthly
    ("COMCAST BUSINESS", "Comcast Business", "249.90"),
    ("VERIZON WIRELESS", "Verizon", "0"),
)
RECURRING = (
    # bank narrative stem, master name, amount, day of month
    ("WESTFIELD PROPERTY MGMT RENT", "Westfield Property Management LLC", "12500.00", 1),
    ("HARBOR VIEW REALTY LEASE", "Harbor View Realty", "4250.00", 1),
    ("STATE FARM INSURANCE", "State Farm", "1875.00", 15),
    ("BLUE CROSS BLUE SHIELD", "BCBS of Illinois", "9640.00", 5),
    ("ENTERPRISE FM TRUST", "Enterprise Fleet Management", "2315.62", 10),
    ("SBA LOAN PAYMENT", "SBA EIDL Loan", "2500.00", 20),
)
ROUND = ("250.00", "500.00", "750.00", "1000.00", "1200.00", "1500.00", "2000.00", "2500.00", "3000.00", "5000.00",
         "7500.00", "10000.00", "15000.00", "25000.00")  # fmt: skip
PROCESSORS = ("STRIPE", "SQUARE", "PAYPAL", "SHOPIFY")
INTERMEDIARIES = ("BILL.COM", "AVIDXCHANGE INC", "PAYMODE-X", "MELIO PAYMENTS", "PAYABLES AUTOMATION")
ABBREV = (
    ("International", "Intl"), ("Corporation", "Corp"), ("Company", "Co"), ("Technologies", "Tech"),
    ("Manufacturing", "Mfg"), ("Distribution", "Dist"), ("Engineering", "Eng"), ("Construction", "Constr"),
    ("Associates", "Assoc"), ("Services", "Svcs"), ("Medical Center", "Med Ctr"), ("Brothers", "Bros"),
    ("Management", "Mgmt"), ("Mountain", "Mtn"), ("Incorporated", "Inc"),
)  # fmt: skip


@dataclass(frozen=True)
class Party:
    legal: str  # as on its letterhead
    master: str  # as typed in the vendor / customer master of the ERP
    bank: str  # as the bank shows it ('' when the bank gives no name)
    ach: str  # the 16-character ACH company name (originator) when it pays or is paid by ACH
    person: bool = False


def _abbreviate(name: str, r: random.Random, p: float) -> str:
    for long, short in ABBREV:
        if long in name and r.random() < p:
            name = name.replace(long, short)
    return name


def legal_name(r: random.Random) -> tuple[str, bool]:
    """A company (or, now and then, a person: Zelle senders, sole traders)."""
    x = r.random()
    if x < 0.08:
        return f"{r.choice(GIVEN)} {r.choice(PEOPLE)}", True
    if x < 0.22:
        a, b = r.sample(PEOPLE, 2)
        mid = r.choice((" & ", " and ", " & ", " "))
        tail = r.choice(("Associates", "Brothers", "Sons", "Partners", "Company"))
        return f"{a}{mid}{b if r.random() < 0.5 else tail} {r.choice(SUFFIXES)}".strip(), False
    stem = r.choice(STEMS)
    trade = r.choice(TRADES)
    if r.random() < 0.15:
        trade += " International"
    return f"{stem} {trade} {r.choice(SUFFIXES)}".strip(), False


def _strip_suffix(name: str) -> str:
    for suf in sorted((s for s in SUFFIXES if s), key=len, reverse=True):
        if name.endswith(" " + suf):
            return name[: -len(suf) - 1].rstrip(",")
    return name


def _bankify(name: str, r: random.Random) -> str:
    out = _abbreviate(name, r, 0.7).upper()
    out = out.replace(",", "").replace(".", "").replace("'", "")
    if "&" in out and r.random() < 0.5:
        out = out.replace(" & ", " AND " if r.random() < 0.5 else " ")
    return " ".join(out.split())


def make_party(r: random.Random, dba: float = 0.05) -> Party:
    legal, person = legal_name(r)
    # the bookkeeper's master record: mostly the legal name, sometimes abbreviated, case-changed, suffix dropped
    x = r.random()
    if x < 0.45:
        master = legal
    elif x < 0.62:
        master = _strip_suffix(legal)
    elif x < 0.75:
        master = _abbreviate(legal, r, 0.9).replace("Inc", "Inc.").replace("Inc..", "Inc.").replace("Corp", "Corp.")
        master = master.replace("Corp..", "Corp.")
    elif x < 0.85:
        master = legal.upper()
    elif x < 0.93:
        master = legal.replace(" & ", " and ") if "&" in legal else legal.replace(" and ", " & ")
    else:
        master = legal.replace(" Inc", ", Inc").replace(" LLC", ", LLC")
    if person and r.random() < 0.5:
        given, family = legal.split(" ", 1)
        master = f"{family}, {given}"
    shown = legal
    if not person and r.random() < dba:  # trades under another name: the bank shows the DBA
        shown = f"{r.choice(STEMS)} {r.choice(TRADES)}"
        master = master if r.random() < 0.6 else f"{master} DBA {shown}"
    bank = _bankify(shown, r)
    ach = bank[:16].rstrip()
    return Party(legal, master, bank, ach, person)


def truncate(name: str, r: random.Random) -> str:
    """Core systems cut names at their field width: 22 (some CSVs), 32 or 35 (wires)."""
    return name[: r.choice((22, 22, 32, 35))].rstrip()


def amount(r: random.Random, median: float, round_share: float = 0.3) -> str:
    if r.random() < round_share:
        return r.choice(ROUND)
    return f"{max(5.0, r.lognormvariate(0, 1.0) * median):.2f}"


def invoice_no(prefix: str, k: int, style: str) -> str:
    """How the ERP spells a document number: QuickBooks 1043, Xero INV-1043, NetSuite INV10043."""
    if style == "netsuite":
        return f"{prefix}{10000 + k}"
    if style == "xero":
        return f"{prefix}-{k:04d}"
    return f"{k}"


# -- the US federal holiday calendar ---------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=n - 1)


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _observed(day: dt.date) -> dt.date:
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def federal_holidays(year: int) -> frozenset[dt.date]:
    fixed = [dt.date(year, m, d) for m, d in ((1, 1), (6, 19), (7, 4), (11, 11), (12, 25))]
    moving = [
        _nth_weekday(year, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _last_weekday(year, 5, 0),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 10, 0, 2),  # Columbus Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving
    ]
    return frozenset([_observed(d) for d in fixed] + moving)


_HOLIDAYS: dict[int, frozenset[dt.date]] = {}


class USCalendar(Calendar):
    """Weekends and US federal holidays (observed): the days a US bank posts nothing."""

    @staticmethod
    def is_workday(day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        if day.year not in _HOLIDAYS:
            _HOLIDAYS[day.year] = federal_holidays(day.year)
        return day not in _HOLIDAYS[day.year]
