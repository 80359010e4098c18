"""A dataset: the files found, their records validated and merged, every reference resolved."""

from __future__ import annotations

import difflib
import functools
import gc
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import ProblemsFound
from ..format.catalog import Catalog
from ..format.models import (
    RECORD_KINDS,
    SLUG_PATTERN,
    CategoryMapping,
    Claim,
    EquipmentNode,
    Event,
    Evidence,
    PartialDate,
    Series,
    Source,
    Unit,
)
from ..format.problems import Problem, format_path
from ..format.text import plural
from ..reading.document import Document, read_file
from .builtin import builtin_catalog
from .paths import default_paths, expand_paths
from .series import Expansion, row_id
from .series import checks as series_checks

# pydantic's error types -> the codes materiel reports
_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "enum": "invalid-choice",
    "literal_error": "invalid-choice",
    "string_pattern_mismatch": "invalid-format",
    "too_short": "too-short",
    "string_too_short": "empty-text",
    "string_too_long": "too-long",
    "greater_than_equal": "out-of-range",
    "less_than_equal": "out-of-range",
    "greater_than": "out-of-range",
    "less_than": "out-of-range",
    "value_error": "invalid-value",
    "int_parsing_size": "out-of-range",
}


@dataclass
class Dataset:
    """Every record of a dataset, validated and with each reference resolved.

    `claims` and `evidence` are the records as written and, after them, the record each row of a
    series stands for (made when first asked for); `written_claims`, `written_evidence` and
    `series` are what the files hold.
    """

    files: list[str]
    catalog: Catalog
    sources: dict[str, Source] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    equipment: dict[str, EquipmentNode] = field(default_factory=dict)
    written_claims: list[Claim] = field(default_factory=list)
    written_evidence: list[Evidence] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    _expansions: dict[str, Expansion] = field(default_factory=dict, repr=False)

    def expansion(self, series: Series) -> Expansion:
        """The records of a series' rows (made when asked for, and kept)."""
        found = self._expansions.get(series.id)
        if found is None:
            found = self._expansions[series.id] = Expansion(series)
        return found

    @property
    def claims(self) -> list[Claim]:
        """Every claim: as written, then one per row of each series of claims."""
        if not self.series:
            return self.written_claims
        return self.written_claims + [r for s in self.series if s.of == "claims"
                                      for r in self.expansion(s).records()]

    @property
    def evidence(self) -> list[Evidence]:
        """Every evidence record: as written, then one per row of each series of evidence."""
        if not self.series:
            return self.written_evidence
        return self.written_evidence + [r for s in self.series if s.of == "evidence"
                                        for r in self.expansion(s).records()]

    def latest_rows(self, of: str, bound: PartialDate | None = None) -> list:
        """Of each series of `of` (claims or evidence), the record of its latest row on or before
        `bound` (its last row for None): the only row of it a comparison at that date can count,
        as a series is cumulative."""
        found = []
        for s in self.series:
            if s.of == of:
                expansion = self.expansion(s)
                index = expansion.index_on_or_before(bound)
                if index is not None:
                    found.append(expansion.record(index))
        return found

    def as_of(self, date: PartialDate | None) -> Dataset:
        """The dataset as it stood on `date`: the records published on or before it, and of the
        cumulative ones (series included) only the latest of each event and claimant or publisher.
        The catalog, sources and events are shared; nothing is validated again."""
        def standing(records: list, by) -> list:
            return latest_only([r for r in records
                                if date is None or r.published.first_day <= date.last_day], by)

        return Dataset(
            files=self.files, catalog=self.catalog, sources=self.sources, units=self.units,
            events=self.events, equipment=self.equipment,
            written_claims=standing(self.written_claims + self.latest_rows("claims", date),
                                    lambda c: c.claimant),
            written_evidence=standing(self.written_evidence + self.latest_rows("evidence", date),
                                      lambda e: e.publisher))

    def counts(self) -> dict[str, int]:
        """How many records of each kind, and of claim items and observations (series apart)."""
        return {
            "files": len(self.files),
            "sources": len(self.sources),
            "events": len(self.events),
            "equipment": len(self.equipment),
            "claims": len(self.written_claims),
            "items": sum(len(c.items) for c in self.written_claims),
            "evidence": len(self.written_evidence),
            "observations": sum(len(e.observations) for e in self.written_evidence),
            "series": len(self.series),
            "rows": sum(len(s.rows) for s in self.series),
        }

    def summary_line(self) -> str:
        """One line that says what was read, for `materiel validate`."""
        n = self.counts()

        return (
            f"OK: {plural(n['sources'], 'source', 'sources')}, "
            f"{plural(n['events'], 'event', 'events')}, "
            f"{plural(n['claims'], 'claim', 'claims')} "
            f"({plural(n['items'], 'item', 'items')}), "
            f"{n['evidence']} evidence ({plural(n['observations'], 'observation', 'observations')})"
            + (f", {plural(n['series'], 'series', 'series')} "
               f"({plural(n['rows'], 'dated row', 'dated rows')})" if n["series"] else "")
            + (f", {plural(n['equipment'], 'equipment node', 'equipment nodes')}"
               if n["equipment"] else "")
            + f" in {plural(n['files'], 'file', 'files')}"
        )


def latest_only(records: list, who) -> list:
    """Records with, of the cumulative ones, only the latest per (event, who) kept: a running
    total supersedes the earlier ones of its claimant or publisher."""
    latest: dict[tuple, tuple] = {}
    for record in records:
        if record.cumulative:
            key = (record.event, who(record))
            latest[key] = max(latest.get(key, record.published.first_day), record.published.first_day)
    if not latest:
        return records
    return [r for r in records
            if not r.cumulative or r.published.first_day == latest[(r.event, who(r))]]


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model whose fields are at `loc` below `model` (for suggesting a field name)."""
    current: type[BaseModel] | None = model
    for segment in loc:
        if current is None or not isinstance(segment, str):
            continue
        info = current.model_fields.get(segment)
        if info is None:
            return current
        current = _find_model(info.annotation)
    return current


def _find_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if found := _find_model(arg):
            return found
    return None


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problems_from(error: ValidationError, doc: Document, prefix: tuple,
                   model: type[BaseModel]) -> list[Problem]:
    problems = []
    for e in error.errors(include_url=False):
        loc = prefix + tuple(e["loc"])
        kind = e["type"]
        code = _CODES.get(kind, "wrong-type" if kind.endswith(("_type", "_parsing")) else kind)
        if kind == "missing":
            line, column = doc.position(loc[:-1])
            message = f"required field `{loc[-1]}` is missing"
        elif kind == "extra_forbidden":
            line, column = doc.position(loc, at="key")
            owner = _model_at(model, tuple(e["loc"])[:-1])
            message = f"unknown field `{loc[-1]}`"
            if owner is not None:
                names = list(owner.model_fields)
                close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
                message += (f"; did you mean `{close[0]}`?" if close
                            else f"; expected one of: {', '.join(names)}")
        else:
            line, column = doc.position(loc)
            message = e["msg"].removeprefix("Value error, ")
            value = e.get("input")
            if kind != "value_error" and isinstance(value, (str, int, float)):
                message += f" (got `{_shown(value)}`)"
            elif isinstance(value, (dict, list)) and kind.endswith("_type"):
                message += f" (got a {'mapping' if isinstance(value, dict) else 'list'})"
        problems.append(Problem(doc.filename, line, column, code, format_path(loc), message))
    return problems


@dataclass(slots=True)
class _Record:
    """One record as written (`raw`) and, when it is valid, as a model; `id` is the id as
    written, valid or not (so that references to it are not reported too)."""

    kind: str
    raw: object
    record: BaseModel | None
    doc: Document
    loc: tuple
    id: str | None = None

    def __post_init__(self) -> None:
        value = self.raw.get("id") if isinstance(self.raw, dict) else None
        self.id = value if isinstance(value, str) else None


def _read_records(doc: Document) -> tuple[list[_Record], list[Problem]]:
    """Validate each record of one file on its own, so one bad record hides no other problem.

    A record is validated as read; one the models refuse is judged again as written (every
    scalar as text), and only then are its problems reported, each with its position.
    """
    records: list[_Record] = []
    problems: list[Problem] = []
    data = doc.data
    if data is None and doc.root is None:  # nothing could be read: the file's problems say why
        return records, problems
    if not isinstance(data, dict):
        line, column = doc.position(())
        what = "a list" if isinstance(data, list) else "a single value"
        problems.append(Problem(doc.filename, line, column, "not-a-mapping", "",
                                f"the file holds {what}; a dataset file is a mapping with "
                                "sources, events, equipment, claims or evidence"))
        return records, problems
    for key, values in data.items():
        model = RECORD_KINDS.get(key)
        if model is None:
            close = difflib.get_close_matches(key, list(RECORD_KINDS), n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else \
                f"expected one of: {', '.join(RECORD_KINDS)}"
            line, column = doc.position((key,), at="key")
            problems.append(Problem(doc.filename, line, column, "unknown-key",
                                    key, f"unknown top-level key `{key}`; {hint}"))
            continue
        if values is None:
            continue
        if not isinstance(values, list):
            line, column = doc.position((key,))
            problems.append(Problem(doc.filename, line, column, "wrong-type",
                                    key, f"`{key}` holds a list of records ("
                                    f"each line starting with `- `)"))
            continue
        valid, failing = _validate_list(key, values)
        for index, value in enumerate(values):
            if index in failing:
                written = doc.as_written(key, index)
                if doc.data is not data:  # placing it found the file reads otherwise as written
                    return _read_records(doc)
                records.append(_checked_record(doc, key, index, model, written, problems))
                continue
            records.append(_Record(key, value, valid[index], doc, (key, index)))
    if doc.data is not data:  # placing a problem found the file reads otherwise as written
        return _read_records(doc)
    return records, problems


@functools.cache
def _list_adapter(key: str) -> TypeAdapter:
    return TypeAdapter(list[RECORD_KINDS[key]])


_CHUNK = 4096  # records validated in one call: a refused record costs one more call over its chunk


def _validate_list(key: str, values: list) -> tuple[list[BaseModel | None], set[int]]:
    """Each record of one top-level list as the model reads it (None where it refuses it), and the
    indexes of those it refuses. Records are validated thousands in one call, in less time than
    one by one, with the same result: each record is judged on its own."""
    valid: list[BaseModel | None] = []
    failing: set[int] = set()
    for start in range(0, len(values), _CHUNK):
        records, refused = _validate_chunk(key, values[start:start + _CHUNK])
        valid.extend(records)
        failing.update(start + i for i in refused)
    return valid, failing


def _validate_chunk(key: str, values: list) -> tuple[list[BaseModel | None], set[int]]:
    adapter = _list_adapter(key)
    try:
        return adapter.validate_python(values), set()
    except ValidationError as error:
        failing = {e["loc"][0] for e in error.errors(include_url=False, include_context=False,
                                                      include_input=False)}
    valid: list[BaseModel | None] = [None] * len(values)
    rest = [i for i in range(len(values)) if i not in failing]
    if all(isinstance(i, int) for i in failing):
        # The others in one call again: a bad record costs one more call, not one call a record.
        try:
            checked = adapter.validate_python([values[i] for i in rest])
        except ValidationError:
            pass
        else:
            for i, record in zip(rest, checked, strict=True):
                valid[i] = record
            return valid, failing
    failing = set()
    for index, value in enumerate(values):
        try:
            valid[index] = RECORD_KINDS[key].model_validate(value)
        except ValidationError:
            failing.add(index)
    return valid, failing


def _checked_record(doc: Document, key: str, index: int, model: type[BaseModel], value: object,
                    problems: list[Problem]) -> _Record:
    """One record validated as written (every scalar text); its problems go to `problems`."""
    if not isinstance(value, dict):  # said plainly, and quickly for a file of a million of them
        line, column = doc.position((key, index))
        what = ("an empty value" if value is None else "a list" if isinstance(value, list)
                else f"`{_shown(value)}`")
        problems.append(Problem(doc.filename, line, column, "wrong-type", format_path((key, index)),
                                f"each item of `{key}` is a record, a mapping of fields "
                                f"(`id: ...`), not {what}"))
        return _Record(key, value, None, doc, (key, index))
    try:
        record = model.model_validate(value)
    except ValidationError as error:
        problems.extend(_problems_from(error, doc, (key, index), model))
        record = None
    return _Record(key, value, record, doc, (key, index))


# Where each kind of record refers to others: a path into the record (`[]` for every element
# of a list) and the kind of record it must name.
REFERENCES: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "claims": [(("event",), "events"), (("claimant",), "sources"), (("via", "[]"), "sources"),
               (("items", "[]", "equipment"), "equipment")],
    "evidence": [(("event",), "events"), (("publisher",), "sources"), (("analysed_by", "[]"), "sources"),
                 (("observations", "[]", "equipment"), "equipment"),
                 (("lacks", "[]", "equipment"), "equipment"), (("scope", "[]"), "equipment")],
    "equipment": [(("parent",), "equipment"), (("covers", "[]"), "equipment"),
                  (("in_doubt", "[]"), "equipment")],
    "mappings": [(("node",), "equipment"), (("covers", "[]"), "equipment"),
                 (("in_doubt", "[]"), "equipment")],
    "series": [(("event",), "events"), (("claimant",), "sources"), (("publisher",), "sources"),
               (("via", "[]"), "sources"), (("columns", "[]", "equipment"), "equipment")],
}
_NOUNS = {"sources": "source", "events": "event", "equipment": "equipment node", "claims": "claim",
          "evidence": "evidence record", "mappings": "mapping", "series": "series", "units": "unit"}


def _references(value: object, path: tuple[str, ...], loc: tuple = ()):
    """(loc, text) for every string at `path` in raw record data; other types were reported already."""
    if not path:
        if isinstance(value, str) and value:
            yield loc, value
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from _references(item, rest, loc + (i,))
    elif isinstance(value, dict) and head in value:
        yield from _references(value[head], rest, loc + (head,))


def _suggest(value: str, candidates: Iterable[str], catalog: Catalog | None = None) -> str:
    if catalog is not None and (named := catalog.lookup(value)):
        return f"; did you mean `{named}` ({catalog.nodes[named].name})?"
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _resolves(record: BaseModel | None, known: dict[str, set[str]], catalog: Catalog) -> bool:
    """Whether every reference of a valid record resolves (the quick check, before the walk)."""
    # This runs for every record: no generator where a list is empty, a set method where one will do.
    sources, nodes = known["sources"], catalog.nodes
    if isinstance(record, Claim):
        return (record.event in known["events"] and record.claimant in sources
                and (not record.via or sources.issuperset(record.via))
                and all(i.equipment in nodes for i in record.items))
    if isinstance(record, Evidence):
        return (record.event in known["events"] and record.publisher in sources
                and (not record.analysed_by or sources.issuperset(record.analysed_by))
                and all(o.equipment in nodes for o in record.observations)
                and (not record.lacks or all(lack.equipment in nodes for lack in record.lacks))
                and (not record.scope or all(n in nodes for n in record.scope)))
    if isinstance(record, EquipmentNode):
        return (record.parent is None or record.parent in nodes) and all(
            c in nodes for c in (*record.covers, *record.in_doubt))
    if isinstance(record, Series):
        return (record.event in known["events"]
                and all(s in sources for s in (record.claimant, record.publisher, *record.via) if s)
                and all(c.equipment in nodes for c in record.columns))
    if isinstance(record, CategoryMapping):
        return all(c in nodes for c in (record.node, *record.covers, *record.in_doubt))
    return record is not None


def _reference_problems(records: list[_Record], known: dict[str, set[str]],
                        catalog: Catalog) -> list[Problem]:
    """Every reference, in valid and invalid records alike, that names no record or catalog node."""
    problems = []
    for rec in records:
        if not isinstance(rec.raw, dict) or _resolves(rec.record, known, catalog):
            continue
        for path, kind in REFERENCES.get(rec.kind, ()):
            for loc, value in _references(rec.raw, path):
                if value in known[kind] or (kind == "equipment" and value in catalog):
                    continue
                line, column = rec.doc.position(rec.loc + loc)
                pool = catalog.nodes if kind == "equipment" else known[kind]
                hint = _suggest(value, pool, catalog if kind == "equipment" else None)
                problems.append(Problem(rec.doc.filename, line, column, "unknown-reference",
                                        format_path(rec.loc + loc),
                                        f"no {_NOUNS[kind]} has the id `{value}`{hint}"))
    return problems


def _cycle_problems(records: list[_Record], catalog: Catalog) -> list[Problem]:
    """Dataset equipment whose parents lead back to itself."""
    problems = []
    for rec in records:
        node = rec.record
        if isinstance(node, EquipmentNode) and node.parent in catalog.nodes:
            chain = catalog.ancestors(node.id)
            top = catalog.nodes[chain[-1]]
            if top.parent is not None and top.parent in catalog.nodes:
                line, column = rec.doc.position(rec.loc + ("parent",))
                problems.append(Problem(rec.doc.filename, line, column, "cycle",
                                        format_path(rec.loc + ("parent",)),
                                        f"equipment `{node.id}` is its own ancestor"))
    return problems


def _apply_mappings(records: list[_Record], catalog: Catalog) -> list[Problem]:
    """Each dataset mapping replaces what its node stood for (a built-in mapping included); one
    node mapped twice in the dataset, or a node both certain and in doubt, is a problem."""
    problems = []
    first: dict[str, _Record] = {}
    for rec in records:
        mapping = rec.record
        if not isinstance(mapping, CategoryMapping) or mapping.node not in catalog.nodes:
            continue
        loc = rec.loc + ("node",)
        line, column = rec.doc.position(loc)
        if (earlier := first.get(mapping.node)) is not None:
            eline, ecolumn = earlier.doc.position(earlier.loc + ("node",))
            problems.append(Problem(rec.doc.filename, line, column, "duplicate-id", format_path(loc),
                                    f"`{mapping.node}` is already mapped at {earlier.doc.filename}:"
                                    f"{eline}:{ecolumn}; a node has one mapping"))
            continue
        first[mapping.node] = rec
        both = sorted(set(mapping.covers) & set(mapping.in_doubt))
        if both:
            problems.append(Problem(rec.doc.filename, line, column, "invalid-value", format_path(loc),
                                    f"{', '.join(f'`{b}`' for b in both)} cannot be both covered and in "
                                    "doubt; keep each in one list"))
            continue
        if all(c in catalog.nodes for c in (*mapping.covers, *mapping.in_doubt)):
            catalog.remap(mapping.node, mapping.covers, mapping.in_doubt, mapping.note,
                          f"{rec.doc.filename}:{line}:{column}")
    return problems


_SLUG_RE = re.compile(SLUG_PATTERN)


def _item_problems(records: list[_Record], known: dict[str, set[str]], catalog: Catalog) -> list[Problem]:
    """What one observation or claim item cannot say alone: a unit written as an id that names no
    unit; an observation of one physical item (`item`) that counts other than 1; one item seen as
    two kinds of equipment neither of which is the other's (a T-72B3 in one video, a BMP-2 in
    another)."""
    problems = []
    seen: dict[str, tuple[str, _Record, tuple]] = {}  # item -> (equipment, record, place): placed if needed
    for rec in records:
        record = rec.record
        parts = (record.items if isinstance(record, Claim) else
                 record.observations if isinstance(record, Evidence) else ())
        field_name = "items" if isinstance(record, Claim) else "observations"
        for i, part in enumerate(parts):
            unit = part.unit
            if unit is not None and unit not in known["units"] and _SLUG_RE.fullmatch(unit):
                here = rec.loc + (field_name, i, "unit")
                line, column = rec.doc.position(here)
                hint = _suggest(unit, known["units"])
                problems.append(Problem(rec.doc.filename, line, column, "unknown-reference",
                                        format_path(here),
                                        f"no unit has the id `{unit}`{hint}; a unit written as an id "
                                        "names a `units` record (write the source's own name, with its "
                                        "capitals and spaces, for a unit not recorded)"))
            item = getattr(part, "item", None)
            if item is None:
                continue
            here = rec.loc + (field_name, i)
            if part.count.low != 1 or part.count.high != 1 or part.count.approximate:
                line, column = rec.doc.position(here + ("count",))
                problems.append(Problem(rec.doc.filename, line, column, "invalid-value",
                                        format_path(here + ("count",)),
                                        f"an observation of one item (`item: {item}`) counts 1, not "
                                        f"`{part.count}`"))
            if part.equipment not in catalog.nodes:
                continue
            earlier = seen.get(item)
            if earlier is None:
                seen[item] = (part.equipment, rec, here + ("item",))
                continue
            other = earlier[0]
            if other == part.equipment or other in catalog.ancestors(part.equipment):
                seen[item] = (part.equipment, *earlier[1:])  # keep the most precise, first place
                continue
            if part.equipment in catalog.ancestors(other):
                continue
            line, column = rec.doc.position(here + ("equipment",))
            first, where = earlier[1], earlier[2]
            eline, ecolumn = first.doc.position(where)
            problems.append(Problem(
                rec.doc.filename, line, column, "invalid-value", format_path(here + ("equipment",)),
                f"item `{item}` is `{part.equipment}` here and `{other}` at {first.doc.filename}:{eline}:"
                f"{ecolumn}; one item is one piece of equipment (neither is a kind of the other)"))
    return problems


def _series_problems(records: list[_Record], known: dict[str, set[str]]) -> list[Problem]:
    """What a series' fields cannot say alone (series.checks), and a row whose record id is taken."""
    problems = []
    taken = set().union(*known.values())
    for rec in records:
        series = rec.record
        if not isinstance(series, Series):
            continue

        def position(loc: tuple, rec: _Record = rec) -> tuple[str, int, int]:
            return (rec.doc.filename, *rec.doc.position(loc))

        problems.extend(series_checks(series, rec.loc, position))
        for i in range(len(series.rows)):
            if (rid := row_id(series, i)) in taken:
                problems.append(Problem(rec.doc.filename, *rec.doc.position(rec.loc + ("rows", i)),
                                        "duplicate-id", format_path(rec.loc + ("rows", i)),
                                        f"the record of this row would be `{rid}`, an id already used"))
    return problems


def build_dataset(documents: list[Document], problems: Iterable[Problem] = ()) -> Dataset:
    """Merge the records of read files into a Dataset, or raise ProblemsFound with every problem.

    `problems` are those found before reading (a missing file), reported with the rest.
    """
    problems = list(problems)
    records: list[_Record] = []
    for doc in documents:
        if doc.data is not None or doc.root is not None:
            found, more = _read_records(doc)
            records.extend(found)
            problems.extend(more)
        problems.extend(doc.problems)  # after the records: placing a problem may find more

    base = builtin_catalog()
    ids: dict[str, dict] = {kind: {} for kind in RECORD_KINDS}  # valid records by id
    known: dict[str, set[str]] = {kind: set() for kind in RECORD_KINDS}  # every id written
    first_seen: dict[str, _Record] = {}
    kept: list[_Record] = []
    for rec in records:
        rid = rec.id
        if rid is None:
            kept.append(rec)
            continue
        earlier = first_seen.get(rid)
        if earlier is not None:
            loc = rec.loc + ("id",)
            line, column = rec.doc.position(loc)
            eline, ecolumn = earlier.doc.position(earlier.loc + ("id",))
            problems.append(Problem(rec.doc.filename, line, column, "duplicate-id", format_path(loc),
                                    f"id `{rid}` is already used by the {_NOUNS[earlier.kind]} at "
                                    f"{earlier.doc.filename}:{eline}:{ecolumn}"))
            continue
        if rec.kind == "equipment" and rid in base:
            loc = rec.loc + ("id",)
            line, column = rec.doc.position(loc)
            problems.append(Problem(rec.doc.filename, line, column, "duplicate-id", format_path(loc),
                                    f"`{rid}` is a built-in equipment node "
                                    f"({base.nodes[rid].name}); choose another id"))
            continue
        first_seen[rid] = rec
        known[rec.kind].add(rid)
        if rec.record is not None:
            ids[rec.kind][rid] = rec.record
        kept.append(rec)

    catalog = base.extended(ids["equipment"].values())
    problems.extend(_reference_problems(kept, known, catalog))
    # Only equipment can form a cycle, and only mappings remap: not a pass over every record each.
    problems.extend(_cycle_problems([r for r in kept if r.kind == "equipment"], catalog))
    problems.extend(_apply_mappings([r for r in kept if r.kind == "mappings"], catalog))
    problems.extend(_series_problems([r for r in kept if r.kind == "series"], known))
    problems.extend(_item_problems([r for r in kept if r.kind in ("claims", "evidence")], known, catalog))
    if problems:
        raise ProblemsFound(problems, files=len(documents))
    return Dataset(
        files=[d.filename for d in documents],
        catalog=catalog,
        sources=ids["sources"],
        units=ids["units"],
        events=ids["events"],
        equipment=ids["equipment"],
        written_claims=list(ids["claims"].values()),
        written_evidence=list(ids["evidence"].values()),
        series=list(ids["series"].values()),
    )


def load_dataset(paths: Iterable[Path | str] | None = None, fast: bool = True) -> Dataset:
    """Read, validate and merge the dataset at `paths` (or the default); raise ProblemsFound.

    `fast=False` composes every file with positions first (the differential tests compare the
    two ways of reading; reading/document.py).
    """
    files, problems = expand_paths(paths or default_paths())
    # Hundreds of thousands of small objects and no cycles among them: the collector's passes
    # during the build cost more than the build (measured: 2.3 s against 0.5 s for 100k claims).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return build_dataset([read_file(f, fast=fast) for f in files], problems)
    finally:
        if collecting:
            gc.enable()


__all__ = ["Dataset", "build_dataset", "latest_only", "load_dataset"]
