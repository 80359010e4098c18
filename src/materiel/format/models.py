"""The data format as pydantic models (extra fields forbidden) and its value types."""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictStr,
    WithJsonSchema,
)

from .quantities import Quantity, parse_quantity, yaml_number
from .vocabulary import (  # noqa: F401 - part of the models' interface
    CREDIBILITY_MEANING,
    RELIABILITY_MEANING,
    EvidenceKind,
    Reliability,
    SourceKind,
    Status,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
_SLUG = re.compile(SLUG_PATTERN)

# ISO 3166-1 alpha-2, officially assigned codes.
_ISO_CODES = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
ISO_COUNTRIES = frozenset(_ISO_CODES.split())


# The JSON Schema of the value types (schema.py). It describes the values as an editor reading
# YAML 1.2 sees them: a plain `1984` is a number there while materiel reads a text field as
# written, so text fields also take numbers and booleans, number fields also take the text of a
# number, and so on. Every pattern carries a plain sentence for yaml-language-server
# (`patternErrorMessage`); tests/test_schema_parity.py holds the schema to what materiel reads.
def _ci(word: str) -> str:
    """A word in any case, as a pattern (ECMA-262 patterns have no case-insensitive flag)."""
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in word)


_UP_TO_MAX = "(?:[1-9][0-9]{0,6}|10000000|0)"  # 0 to 10,000,000 (quantities.MAX_QUANTITY)
_YEAR = "[1-9][0-9]{3}"
_MONTH_DAY = ("(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
              "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              "|02-(?:0[1-9]|1[0-9]|2[0-8]))")
_LEAP_DAY = "(?:[1-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[13579][26])00)-02-29"
DAY_PATTERN = rf"^\s*(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})\s*$"
DATE_PATTERN = rf"^\s*(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_DAY})\s*$"
TIMESTAMP_PATTERN = r"^\s*(?:[0-9]{1,2}:(?:0?[0-5])?[0-9]|[0-9]{1,3}):[0-5][0-9]\s*$"
QUANTITY_SCHEMA_PATTERN = (
    rf"^\s*(?:\+?0*{_UP_TO_MAX}|{_ci('about')}\s+{_UP_TO_MAX}|{_ci('at')}\s+{_ci('least')}\s+"
    rf"{_UP_TO_MAX}|{_UP_TO_MAX}\s*-\s*{_UP_TO_MAX}|{_ci('unspecified')})\s*$")
COUNT_CELL_PATTERN = rf"^\s*\+?0*{_UP_TO_MAX}\s*$"
CREDIBILITY_PATTERN = r"^\s*\+?0*[1-6]\s*$"
FLAG_PATTERN = ("^(?:" + "|".join(_ci(w) for w in ("true", "false", "yes", "no", "on", "off"))
                + "|[YyNnTtFf])$")
NUMBER_PATTERN = (r"^\s*(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                  r"|0x[0-9a-fA-F]+|0o[0-7]+)\s*$")
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
SHA256_PATTERN = "^[0-9a-fA-F]{64}$"

TEXT_SCHEMA = {"type": ["string", "number", "boolean"], "minLength": 1}
_SLUG_MESSAGE = ("use lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit "
                 "(e.g. `bmp-1`, `amaq-2016-12-11`)")


def _slug_schema(description: str, max_length: int | None = 80) -> dict:
    # A plain `1984` or `1.5` is a number to an editor and a slug as materiel reads it.
    schema = {"type": ["string", "number"], "pattern": SLUG_PATTERN, "minimum": 0,
              "patternErrorMessage": f"Not a slug: {_SLUG_MESSAGE}.", "description": description}
    if max_length:
        schema["maxLength"] = max_length
    return schema


def _number_schema(description: str, **bounds) -> WithJsonSchema:
    return WithJsonSchema({
        "type": ["number", "string"], **bounds, "pattern": NUMBER_PATTERN,
        "patternErrorMessage": "Not a number: write digits, e.g. `34.55` (without quotes).",
        "description": description})


class Strict(BaseModel):
    """Base of every record: unknown fields are errors; numbers typed where text is wanted are kept."""

    model_config = ConfigDict(extra="forbid", frozen=True,
                              use_attribute_docstrings=True)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; the precision is kept."""

    year: int
    month: int | None = None
    day: int | None = None

    def __str__(self) -> str:
        """As written: `2016`, `2016-12` or `2016-12-13`."""
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    @property
    def first_day(self) -> tuple[int, int, int]:
        """The earliest day the date can mean (for `--since`)."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> tuple[int, int, int]:
        """The latest day the date can mean (for `--until`)."""
        month = self.month or 12
        return (self.year, month, self.day or calendar.monthrange(self.year, month)[1])


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_TIMESTAMP = re.compile(r"(?:(\d{1,2}):)?(\d{1,3}):(\d{2})")


def parse_partial_date(value: object) -> PartialDate:
    """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing dates that do not exist."""
    if type(value) is str and (known := _DATES_READ.get(value)) is not None:
        return known  # a dataset repeats its dates: each text is read once
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime.date):  # from Python, or a YAML 1.1 loader's timestamp
        return PartialDate(value.year, value.month, value.day)
    text = value
    if isinstance(value, str) and isinstance(number := yaml_number(value.strip()), int):
        value = number  # a year, as YAML 1.2 reads it
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError("expected a date written YYYY, YYYY-MM or YYYY-MM-DD")
    date = _parse_partial_date(value)
    if type(text) is str and len(_DATES_READ) < 65536:
        _DATES_READ[text] = date
    return date


_DATES_READ: dict[str, PartialDate] = {}  # text as written -> the date it reads as


@functools.lru_cache(maxsize=65536)
def _parse_partial_date(value: str | int) -> PartialDate:
    text = str(value).strip()
    m = _DATE.fullmatch(text)
    if not m:
        raise ValueError(f"`{text}` is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    if year < 1000:
        raise ValueError(f"year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"`{text}` has no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"`{text}` does not exist: {calendar.month_name[month]} {year} has "
                         f"{calendar.monthrange(year, month)[1]} days")
    return PartialDate(year, month, day)


@dataclass(frozen=True, order=True)
class MediaTimestamp:
    """A moment in a video, in seconds from its start."""

    seconds: int

    def __str__(self) -> str:
        """`MM:SS`, or `H:MM:SS` from an hour on."""
        h, rest = divmod(self.seconds, 3600)
        m, s = divmod(rest, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def parse_timestamp(value: object) -> MediaTimestamp:
    """Read a media timestamp `MM:SS` or `HH:MM:SS`."""
    if isinstance(value, MediaTimestamp):
        return value
    m = _TIMESTAMP.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"`{value}` is not a media timestamp; write MM:SS or HH:MM:SS")
    hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
    if seconds >= 60 or (m.group(1) and minutes >= 60):
        raise ValueError(f"`{value}` is not a media timestamp: minutes and seconds run to 59")
    return MediaTimestamp(hours * 3600 + minutes * 60 + seconds)


def _check_country(value: str) -> str:
    if value not in ISO_COUNTRIES:
        hint = " (codes are upper case)" if value.upper() in ISO_COUNTRIES else ""
        raise ValueError(f"`{value}` is not an ISO 3166-1 alpha-2 country code{hint}")
    return value


_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")


def _check_sha256(value: str) -> str:
    if not _SHA256.fullmatch(value):
        raise ValueError(f"a sha256 is 64 hexadecimal digits; this has {len(value)} characters"
                         if re.fullmatch(r"[0-9a-fA-F]*", value)
                         else "a sha256 is 64 hexadecimal digits (0-9, a-f)")
    return value.lower()


def _check_url(value: str) -> str:
    if not _URL.fullmatch(value):
        raise ValueError(f"`{value}` is not a web address starting with http:// or https://")
    return value


def _str_of(value: object) -> str:
    return str(value)


# A value reaches the models either as YAML 1.2 reads it (`030` a number) or as written (every
# plain scalar text); both must mean the same. Text fields take text only: a number or a
# boolean where text is wanted is an error, not a conversion (the record is judged again as
# written, where it is text). Number fields read text as YAML 1.2 would, and refuse booleans
# (and a count refuses fractions) rather than reading `true` as 1.
def _not_bool(value: object) -> object:
    if isinstance(value, str) and (number := yaml_number(value.strip())) is not None:
        return number  # as YAML 1.2 reads it: the same number, read or as written
    if isinstance(value, bool):
        raise ValueError(f"expected a number, not `{str(value).lower()}`")
    return value


def _not_bool_or_float(value: object) -> object:
    if type(value) is int:  # the commonest, and neither a boolean nor a fraction
        return value
    value = _not_bool(value)
    if isinstance(value, float):
        raise ValueError(f"expected a whole number, not `{value:g}`")
    return value


Number = Annotated[float, BeforeValidator(_not_bool)]


def _not_number(value: object) -> object:
    # YAML 1.2 reads `01` or `1.0` as a number, which pydantic would take for a boolean, while
    # the text `01` as written is refused: a yes-or-no field takes words, not numbers.
    if (not isinstance(value, bool) and isinstance(value, (int, float))) or (
            isinstance(value, str) and yaml_number(value.strip()) is not None):
        raise ValueError(f"expected true or false, not `{value}`")
    return value


Flag = Annotated[bool, BeforeValidator(_not_number), WithJsonSchema({
    "type": ["boolean", "string"], "pattern": FLAG_PATTERN,
    "patternErrorMessage": "Not a yes-or-no: write true or false.",
    "description": "true or false."})]


def _slug_of(what: str):
    """A check that a value is a slug (an id, a tag), saying what it is not and suggesting one."""
    def check(value: str) -> str:
        if len(value) > 80:
            raise ValueError(f"{what} has at most 80 characters; this one has {len(value)}")
        if not _SLUG.fullmatch(value):
            slug = re.sub(r"[^a-z0-9._-]+", "-", value.lower()).strip("-._")
            hint = f" (e.g. `{slug}`)" if slug else ""
            raise ValueError(f"`{value}` is not {what}: use lower-case "
                             f"letters, digits, `.`, `_` and `-`, starting with a letter or digit{hint}")
        return value
    return check


_check_id = _slug_of("an id")


Id = Annotated[StrictStr, AfterValidator(_check_id), WithJsonSchema(_slug_schema(
    "A slug: lower-case letters, digits, `.`, `_` and `-`, starting with a letter or digit; at "
    "most 80 characters; unique across the dataset."))]
# A reference is checked against the ids of the dataset (with the nearest id suggested), so
# here it only has to be text: `BMP-1` gets "did you mean `bmp-1`?", not a regular expression.
Ref = Annotated[StrictStr, Field(min_length=1), WithJsonSchema(_slug_schema(
    "The id of another record.", None))]
# An equipment reference: schema.py turns the mark into `#/$defs/EquipmentId`, which completes
# the built-in catalog's ids (with their names) and still takes a dataset's own.
EQUIPMENT_ID_MARK = "x-materiel-equipment-id"
EquipmentRef = Annotated[StrictStr, Field(min_length=1), WithJsonSchema(
    {**_slug_schema("The id of a catalog node, built in or the dataset's own.", None),
     EQUIPMENT_ID_MARK: True})]
Text = Annotated[StrictStr, Field(min_length=1), WithJsonSchema(TEXT_SCHEMA)]
Url = Annotated[StrictStr, AfterValidator(_check_url), WithJsonSchema({
    "type": "string", "pattern": URL_PATTERN, "format": "uri",
    "patternErrorMessage": "Not a web address: write one starting with http:// or https://, "
                           "without spaces.",
    "description": "An http(s) address.", "examples": ["https://example.org/page"]})]
DateValue = Annotated[
    PartialDate,
    BeforeValidator(parse_partial_date),
    PlainSerializer(_str_of, return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "pattern": DATE_PATTERN,
                    "minimum": 1000, "maximum": 9999,
                    "patternErrorMessage": "Not a date that exists: write YYYY, YYYY-MM or "
                                           "YYYY-MM-DD (e.g. 2016-12-11), year 1000 or later.",
                    "description": "A date known to the year, month or day: YYYY, YYYY-MM or "
                                   "YYYY-MM-DD.", "examples": ["2016-12-11", "2016-12", 2016]}),
]
QuantityValue = Annotated[
    Quantity,
    BeforeValidator(parse_quantity),
    PlainSerializer(_str_of, return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "pattern": QUANTITY_SCHEMA_PATTERN,
                    "minimum": 0, "maximum": 10_000_000,
                    "patternErrorMessage": "Not a quantity: write a whole number (30), `about 100`, "
                                           "`at least 2`, a range `2-4` or `unspecified`; at most "
                                           "10,000,000.",
                    "description": "`30`, `about 100`, `at least 2`, `2-4` or `unspecified`.",
                    "examples": [30, "about 100", "at least 2", "2-4", "unspecified"]}),
]
TimestampValue = Annotated[
    MediaTimestamp,
    BeforeValidator(parse_timestamp),
    PlainSerializer(_str_of, return_type=str),
    WithJsonSchema({"type": "string", "pattern": TIMESTAMP_PATTERN,
                    "patternErrorMessage": "Not a media timestamp: write MM:SS or HH:MM:SS "
                                           "(e.g. 01:12); minutes and seconds run to 59.",
                    "description": "A moment in the media: MM:SS or HH:MM:SS.",
                    "examples": ["01:12", "1:02:03"]}),
]
Country = Annotated[StrictStr, AfterValidator(_check_country), WithJsonSchema({
    "type": "string", "enum": sorted(ISO_COUNTRIES),
    "description": "ISO 3166-1 alpha-2 country code, upper case, e.g. `SY`."})]
Sha256 = Annotated[StrictStr, AfterValidator(_check_sha256), WithJsonSchema({
    "type": "string", "pattern": SHA256_PATTERN,
    "patternErrorMessage": "Not a sha256: write its 64 hexadecimal digits (0-9, a-f).",
    "description": "sha256 of the media file: 64 hexadecimal digits."})]
_CREDIBILITY_TEXT = ("Admiralty information credibility: 1 confirmed by other sources, 2 probably "
                     "true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged.")
Credibility = Annotated[int, Field(ge=1, le=6, description=_CREDIBILITY_TEXT),
                        BeforeValidator(_not_bool_or_float), WithJsonSchema({
    "type": ["integer", "string"], "minimum": 1, "maximum": 6, "pattern": CREDIBILITY_PATTERN,
    "patternErrorMessage": "Not a credibility: write a whole number from 1 to 6.",
    "description": _CREDIBILITY_TEXT,
    "markdownDescription": "Admiralty information credibility:\n\n" + "\n".join(
        f"- `{n}` {meaning}" for n, meaning in CREDIBILITY_MEANING.items()),
    "examples": list(CREDIBILITY_MEANING)})]


class Source(Strict):
    """Who says or shows something."""

    id: Id
    name: Text
    """Display name, e.g. `Amaq`."""
    kind: SourceKind
    """What kind of source: belligerent-official, belligerent-media, government, news-media,
    investigative, analyst, osint-compiler, ngo or other."""
    affiliation: Text | None = None
    """The side or organisation the source belongs to, e.g. `Islamic State`; evidence from the
    claimant's own side never confirms a claim independently."""
    reliability: Reliability = Field(Reliability.F, description=(
        "Admiralty source reliability: A completely reliable, B usually reliable, C fairly "
        "reliable, D not usually reliable, E unreliable, F cannot be judged."))
    url: Url | None = None
    """The source's own address."""
    note: Text | None = None
    """Why the source was graded as it is, in one line."""


class Location(Strict):
    """A point on the map (WGS 84)."""

    lat: Annotated[Number, Field(ge=-90, le=90), _number_schema(
        "Latitude in degrees, -90 to 90.", minimum=-90, maximum=90)]
    lon: Annotated[Number, Field(ge=-180, le=180), _number_schema(
        "Longitude in degrees, -180 to 180.", minimum=-180, maximum=180)]
    precision_m: Annotated[float, Field(gt=0, le=1_000_000), BeforeValidator(_not_bool),
                           _number_schema("Metres.", exclusiveMinimum=0, maximum=1_000_000)] | None = Field(
        None, description="How far from the point the place may be, in metres (a geolocation's "
                          "uncertainty; a town's centre for a place known only by its town).")
    place: Text | None = None
    """The place's name, as the source gives it: `Tiyas Military Airfield`."""


_check_tag = _slug_of("a tag")


Tag = Annotated[StrictStr, AfterValidator(_check_tag), WithJsonSchema(_slug_schema(
    "A tag: a slug such as `cope-cage` or `fpv-strike`."))]
UnitValue = Annotated[StrictStr, WithJsonSchema(TEXT_SCHEMA), Field(min_length=1, description=(
    "The military unit the item belonged to: the id of a `units` record (a slug such as "
    "`4th-tank-division`), or, as the source names it, free text that is not a slug "
    "(`4th Guards Tank Division`)."))]


class Unit(Strict):
    """A military unit that equipment belonged to."""

    id: Id
    name: Text
    """The unit's name: `4th Guards Tank Division`."""
    side: Text | None = None
    """The side it fights for: `Russia`, `Islamic State`."""
    note: Text | None = None
    """Anything a reader should know, in one line."""


class Event(Strict):
    """One seizure, battle or loss episode."""

    id: Id
    title: Text
    """What happened, in a few words."""
    date: DateValue
    place: Text
    """Where, in free text."""
    country: Country | None = None
    """ISO 3166-1 alpha-2 country code, e.g. `SY`."""
    location: Location | None = None
    """Coordinates, where known."""
    gained_by: Text | None = None
    """Who gained the equipment (free text)."""
    lost_by: Text | None = None
    """Who lost it (free text)."""
    note: Text | None = None
    """Anything a reader should know, in one line."""


class EquipmentNode(Strict):
    """A node of the equipment catalog: a category, a generic type or a model."""

    id: Id
    name: Text
    """Display name, e.g. `122mm D-30 howitzer`."""
    parent: EquipmentRef | None = None
    """The node this one lies under; absent only for a category (a root)."""
    aliases: list[Text] = Field(default_factory=list)
    """Words people use for it, matched when drafting a claim from a quote."""
    caliber_mm: Annotated[float, Field(gt=0, le=1000), BeforeValidator(_not_bool),
                          _number_schema("Millimetres.", exclusiveMinimum=0, maximum=1000)] | None = None
    """Calibre in millimetres."""
    covers: list[EquipmentRef] = Field(default_factory=list)
    """Nodes this one stands for: it counts every item under each (a claimant's category, e.g. `APC`)."""
    in_doubt: list[EquipmentRef] = Field(default_factory=list)
    """Nodes it may also stand for: compare shows a range, from `covers` alone to `covers` and these."""
    note: Text | None = None
    """Anything a reader should know, in one line."""


class ClaimItem(Strict):
    """One kind of equipment a claim names, with its quantity."""

    equipment: EquipmentRef
    """The catalog node the words mean (`tank`, `bmp`, `howitzer-122mm`)."""
    quantity: QuantityValue
    status: Status | None = None
    """Overrides the claim's status for this item."""
    as_written: Text | None = None
    """The claim's own words for this item: `six BMP infantry fighting vehicles`."""
    unit: UnitValue | None = None
    """The unit the items belonged to: a `units` id, or the source's own name for it."""
    tags: list[Tag] = Field(default_factory=list)
    """Slugs that sort items across claims: `cope-cage`, `fpv-strike`."""
    note: Text | None = None
    """Anything a reader should know, in one line."""


class Claim(Strict):
    """What someone asserts was seized or lost."""

    id: Id
    event: Ref
    """The event the claim is about."""
    claimant: Ref
    """The source that originated the claim."""
    via: list[Ref] = Field(default_factory=list, description=(
        "Sources that relayed the claim, nearest to the origin first."))
    published: DateValue
    url: Url | None = None
    """Where the claim was published."""
    archive_url: Url | None = None
    """An archived copy of the claim."""
    quote: Text | None = None
    """The claim's own words, exactly as quoted: only what the source puts in quotation marks."""
    paraphrase: Text | None = None
    """The claim as the source reporting it words it, not a quotation (a relay's paraphrase)."""
    credibility: Credibility = 6
    status: Status | None = None
    """captured, destroyed, damaged, abandoned, or lost (any of the four): the default for items."""
    cumulative: Flag = False
    """A running total as of `published` (a daily tally): of one claimant's cumulative claims about
    one event, only the latest on or before the date compared counts."""
    note: Text | None = None
    """Why the claim was graded as it is, in one line."""
    items: list[ClaimItem] = Field(min_length=1)
    """What the claim names, one item per kind of equipment."""


class Observation(Strict):
    """What one piece of evidence shows of one kind of equipment."""

    equipment: EquipmentRef
    """The catalog node seen."""
    count: QuantityValue
    status: Status | None = None
    """Overrides the evidence's status for this observation."""
    as_written: Text | None = None
    """The words of whoever described the media: `heavy antiaircraft machine guns`."""
    at: TimestampValue | None = None
    """Where in the video it is seen: MM:SS or HH:MM:SS."""
    identifiers: list[Text] = Field(default_factory=list, description=(
        "Hull numbers, serials or list item numbers that make an item distinct."))
    item: Id | None = None
    """The physical item seen (count 1): observations of one item, in any evidence, count once,
    and their statuses in date order are its history."""
    previously: list[Status] = Field(default_factory=list)
    """Statuses the items seen had before this one, in order, where the source says so (tanks
    captured, then destroyed: `status: destroyed`, `previously: [captured]`)."""
    location: Location | None = None
    """Where the items were seen."""
    unit: UnitValue | None = None
    """The unit the items belonged to: a `units` id, or the source's own name for it."""
    tags: list[Tag] = Field(default_factory=list)
    """Slugs that sort observations: `cope-cage`, `fpv-strike`."""
    note: Text | None = None
    """Anything a reader should know, in one line."""


class LackedCategory(Strict):
    """A category a piece of evidence cannot speak to: it has no figure for it on its date."""

    equipment: EquipmentRef
    """The catalog node (and everything under it) the evidence has no figure for."""
    history_from: DateValue | None = None
    """The first date the source has a figure for it, where it has one at all."""
    note: Text | None = None
    """Why the figure is missing, in one line."""


class Evidence(Strict):
    """What can be seen: a video, photo, satellite image, document, dataset or report."""

    id: Id
    event: Ref
    """The event the evidence shows."""
    kind: EvidenceKind
    """video, photo, satellite, document, dataset or report."""
    publisher: Ref
    """The source that published the media (it may be the claimant itself)."""
    published: DateValue
    url: Url | None = None
    """Where the media is."""
    archive_url: Url | None = None
    """An archived copy of the media."""
    sha256: Sha256 | None = None
    """sha256 of the media file (64 hexadecimal digits), for provenance."""
    analysed_by: list[Ref] = Field(default_factory=list)
    """Sources that examined the media."""
    geolocated: Flag = False
    """Whether the place was verified (Berkeley Protocol)."""
    chronolocated: Flag = False
    """Whether the time was verified (Berkeley Protocol)."""
    credibility: Credibility = 6
    status: Status | None = Field(None, description="Default status for the observations.")
    lost_by: Text | None = None
    """Who lost what it shows, in the source's words, where that differs from the event's."""
    cumulative: Flag = False
    """Running totals as of `published` (a compiler's table): of one publisher's cumulative evidence
    of one event, only the latest on or before the date compared counts."""
    scope: list[EquipmentRef] = Field(default_factory=list)
    """What the evidence counts, where it says (a compiler's table: the categories it has a figure for
    on its date, 0 included): it speaks to nothing else. Empty: it may show anything."""
    lacks: list[LackedCategory] = Field(default_factory=list)
    """Categories the evidence has no figure for on its date: for them it gives `no data`, not 0."""
    note: Text | None = None
    """Why the evidence was graded as it is, in one line."""
    observations: list[Observation] = Field(min_length=1)
    """What the media shows, one observation per kind of equipment."""


class CategoryMapping(Strict):
    """What a claimant's category stands for in the catalog: a researcher's reading, kept as data.

    A dataset's mapping replaces the built-in one for the same node (no duplicate-id error), and
    re-imports never touch it.
    """

    node: EquipmentRef
    """The claimant's category, a catalog node (e.g. `ua-gs-apc`)."""
    covers: list[EquipmentRef] = Field(default_factory=list)
    """The nodes it certainly stands for: the narrow reading."""
    in_doubt: list[EquipmentRef] = Field(default_factory=list)
    """Nodes it may also stand for: the broad reading adds them, and compare shows both."""
    note: Text | None = None
    """Why the mapping is read so, in one line."""


def _count_cell(value: object) -> int | None:
    """A series cell: a whole number of items, 0 or more, or null (`~`) for no figure that day."""
    if value is None:
        return None
    if isinstance(value, str):
        number = yaml_number(value.strip())
        if number is None:
            raise ValueError(f"`{value}` is not a count; write a whole number, or ~ for no figure")
        value = number
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"`{str(value).lower()}` is not a count; write a whole number, or ~ for "
                         "no figure")
    if value < 0:
        raise ValueError(f"{value}: a count cannot be negative")
    if value > 10_000_000:
        raise ValueError(f"{value} is larger than 10,000,000; is it a typo?")
    return value


@dataclass(frozen=True)
class SeriesRow:
    """One date of a series and its cells, one per column (None: no figure that day)."""

    date: PartialDate
    cells: tuple[int | None, ...]


def _check_row(value: object) -> SeriesRow:
    if isinstance(value, SeriesRow):
        return value
    if not isinstance(value, (list, tuple)) or not value:
        raise ValueError("a row is a list: its date, then one count per column, "
                         "e.g. [2022-03-28, 318, ~, 42]")
    date = parse_partial_date(value[0])
    if date.day is None:
        raise ValueError(f"a row's date is a day, YYYY-MM-DD (got `{date}`)")
    cells = []
    for n, cell in enumerate(value[1:], start=1):
        try:
            cells.append(_count_cell(cell))
        except ValueError as err:
            raise ValueError(f"column {n}: {err}") from None
    return SeriesRow(date, tuple(cells))


def _row_out(row: SeriesRow) -> list:
    return [str(row.date), *row.cells]


RowValue = Annotated[
    SeriesRow,
    BeforeValidator(_check_row),
    PlainSerializer(_row_out),
    WithJsonSchema({"type": "array", "minItems": 1,
                    "prefixItems": [{"type": "string", "pattern": DAY_PATTERN,
                                     "patternErrorMessage": "Not a day that exists: a row starts "
                                                            "with its date, YYYY-MM-DD."}],
                    "items": {"type": ["integer", "null", "string"], "minimum": 0,
                              "maximum": 10_000_000, "pattern": COUNT_CELL_PATTERN,
                              "patternErrorMessage": "Not a count: write a whole number from 0 "
                                                     "to 10,000,000, or ~ for no figure."},
                    "examples": [["2022-03-28", 318, None, 42]],
                    "description": "A date (YYYY-MM-DD), then one count per column; ~ (null): no "
                                   "figure for that column on that date, which is not 0."}),
]


class SeriesColumn(Strict):
    """What one column of a series counts: a catalog node and a status."""

    equipment: EquipmentRef
    """The catalog node counted (`tank`, `ua-gs-apc`)."""
    status: Status | None = None
    """Overrides the series' status for this column."""
    as_written: Text | None = None
    """The source's own name for the column: `Tanks`, `APC`."""


class SeriesNote(Strict):
    """A note on one date of a series (a conflict an import settled, a correction)."""

    date: DateValue
    """The row's date."""
    note: Text
    """What a reader of that date's figures should know, in one line."""


class Series(Strict):
    """A claimant's or a publisher's running totals on many dates, one row per date: the compact
    form of one cumulative claim or evidence record per date."""

    id: Id
    """The series' id; the record of each row is `<id>.<YYYY-MM-DD>`."""
    of: Literal["claims", "evidence"]
    """What each row stands for: a cumulative claim (`claims`) or cumulative evidence (`evidence`)."""
    event: Ref
    """The event the totals are about."""
    claimant: Ref | None = None
    """The source that makes the claims (a series of claims)."""
    via: list[Ref] = Field(default_factory=list)
    """Sources that relayed the claims, nearest to the origin first (a series of claims)."""
    publisher: Ref | None = None
    """The source that publishes the totals (a series of evidence)."""
    kind: EvidenceKind | None = None
    """The kind of evidence (a series of evidence; default `dataset`)."""
    url: Url | None = None
    """Where the series is published."""
    credibility: Credibility = 6
    status: Status | None = Field(None, description="The default status of the columns (else `lost`).")
    note: Text | None = None
    """Anything a reader should know about the series, in one line."""
    columns: list[SeriesColumn] = Field(min_length=1)
    """What each count of a row counts, in order."""
    rows: list[RowValue] = Field(min_length=1)
    """One per date, in order: the date, then a count per column (`~`: no figure that day)."""
    notes: list[SeriesNote] = Field(default_factory=list)
    """Notes on single dates, which go with that date's record."""


RECORD_KINDS: dict[str, type[Strict]] = {
    "sources": Source,
    "units": Unit,
    "events": Event,
    "equipment": EquipmentNode,
    "claims": Claim,
    "evidence": Evidence,
    "mappings": CategoryMapping,
    "series": Series,
}
