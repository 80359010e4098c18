"""`materiel add ...`: one record appended to a dataset file (prompts at a terminal for what is
missing); writing/add.py assembles, validates and writes it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..format.vocabulary import Reliability
from .options import (
    ArchiveOption,
    CredibilityValue,
    CumulativeOption,
    DataOption,
    FileOption,
    IdOption,
    NoteOption,
    OneEventOption,
    PublishedOption,
    StatusValue,
    UrlOption,
    complete_ids,
    said,
)

HELP = ("Append one record to a dataset file: every existing byte kept, the whole dataset "
        "validated with the new record first, the write atomic. Missing options are asked for "
        "when a terminal is attached.")


def _add(kind: str, record: dict, file: Path | None, data) -> None:
    """Add the record, say where."""
    from ..format.text import inert
    from ..writing.add import add

    written = add(kind, record, file, data)
    said(written)
    typer.echo(f"added {kind} `{inert(str(record.get('id')))}` to {inert(str(written.path))}")


def _interactive() -> bool:
    """Whether a person is at a terminal to answer prompts."""
    return sys.stdin.isatty()


def _ask(label: str, value, required: bool = True, ids: list[str] | None = None):
    """The value given, or (at a terminal) the answer to a prompt, with tab completion of ids."""
    if value not in (None, [], ""):
        return value
    if not _interactive():
        if required:
            raise typer.BadParameter(f"{label} is required (no terminal to ask on)")
        return value
    if ids:
        _complete_prompt(ids)
    answer = typer.prompt(label, default="" if not required else None, show_default=False)
    return answer.strip() or None


def _asked_for(found: list, prompt: str, ids: list[str], parse, missing: str) -> list:
    """The items given, else (at a terminal) one asked for; none at all is a usage error."""
    while not found and _interactive():
        answer = _ask(prompt, None, required=False, ids=ids)
        if not answer:
            break
        found.append(parse(answer))
    if not found and not _interactive():
        raise typer.BadParameter(missing)
    return found


def _complete_prompt(ids: list[str]) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - no readline on this platform: prompts still work
        return

    def completer(text: str, state: int):
        matches = [i for i in ids if i.startswith(text)]
        return matches[state] if state < len(matches) else None

    readline.set_completer(completer)
    readline.parse_and_bind("tab: complete")


def _dataset_ids(data) -> dict[str, list[str]]:
    from ..dataset import load_dataset
    from ..errors import ProblemsFound

    try:
        dataset = load_dataset(data)
    except ProblemsFound:
        return {"events": [], "sources": [], "equipment": []}
    return {"events": sorted(dataset.events), "sources": sorted(dataset.sources),
            "equipment": sorted(dataset.catalog.nodes)}


def add_source(
    id: IdOption = None,
    name: Annotated[str | None, typer.Option("--name", show_default=False, help="Display name.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", show_default=False, help="belligerent-official, belligerent-media, government, "
        "news-media, investigative, analyst, osint-compiler, ngo or other.")] = None,
    affiliation: Annotated[str | None, typer.Option(
        "--affiliation", show_default=False, help="The side it belongs to.")] = None,
    reliability: Annotated[Reliability | None, typer.Option(
        "--reliability", show_default=False,
        help="Admiralty source reliability, A (completely reliable) to F (cannot be judged, the "
             "default).")] = None,
    url: UrlOption = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add a source: who says or shows something."""
    record = {"id": _ask("id", id), "name": _ask("name", name), "kind": _ask("kind", kind),
              "affiliation": _ask("affiliation", affiliation, required=False),
              "reliability": _ask("reliability (A-F)", reliability.value if reliability else None,
                                  required=False),
              "url": url, "note": _ask("note", note, required=False)}
    _add("source", record, file, data)


def add_event(
    id: IdOption = None,
    title: Annotated[str | None, typer.Option("--title", show_default=False, help="What happened.")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="DATE", show_default=False, help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option("--place", show_default=False, help="Where.")] = None,
    country: Annotated[str | None, typer.Option(
        "--country", show_default=False, help="ISO 3166-1 alpha-2 code, e.g. SY.")] = None,
    lat: Annotated[float | None, typer.Option("--lat", show_default=False, help="Latitude.")] = None,
    lon: Annotated[float | None, typer.Option("--lon", show_default=False, help="Longitude.")] = None,
    gained_by: Annotated[str | None, typer.Option("--gained-by", show_default=False)] = None,
    lost_by: Annotated[str | None, typer.Option("--lost-by", show_default=False)] = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add an event: one seizure, battle or loss episode."""
    location = {"lat": lat, "lon": lon} if lat is not None or lon is not None else None
    record = {"id": _ask("id", id), "title": _ask("title", title), "date": _ask("date", date),
              "place": _ask("place", place), "country": _ask("country", country, required=False),
              "location": location, "gained_by": gained_by, "lost_by": lost_by, "note": note}
    _add("event", record, file, data)


def add_claim(
    id: IdOption = None,
    event: OneEventOption = None,
    claimant: Annotated[str | None, typer.Option(
        "--claimant", metavar="ID", show_default=False, help="The source that originated the claim.",
        autocompletion=complete_ids("sources"))] = None,
    via: Annotated[list[str] | None, typer.Option(
        "--via", metavar="ID", show_default=False, help="A source that relayed it (repeatable, "
        "nearest to the origin first).", autocompletion=complete_ids("sources"))] = None,
    published: PublishedOption = None,
    quote: Annotated[str | None, typer.Option(
        "--quote", show_default=False, help="The claim's own words, only what the source quotes.")] = None,
    paraphrase: Annotated[str | None, typer.Option(
        "--paraphrase", show_default=False,
        help="The claim as the source reporting it words it (not a quotation).")] = None,
    item: Annotated[list[str] | None, typer.Option(
        "--item", metavar="EQUIPMENT=QUANTITY[=AS WRITTEN]", show_default=False,
        help="One item, e.g. `tank=30=30 tanks` (repeatable).")] = None,
    items: Annotated[Path | None, typer.Option(
        "--items", metavar="FILE", show_default=False,
        help="Items from a file, such as `materiel draft` writes.")] = None,
    credibility: CredibilityValue = None,
    status: StatusValue = None,
    cumulative: CumulativeOption = False,
    url: UrlOption = None,
    archive_url: ArchiveOption = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add a claim: what someone asserts was seized or lost, with its items."""
    from ..writing.add import item_of, items_file

    ids = _dataset_ids(data) if _interactive() else {"events": [], "sources": [], "equipment": []}
    found = [item_of(v, "an item") for v in item or ()]
    if items:
        found += items_file(items, "items", "--items")
    found = _asked_for(found, "item (EQUIPMENT=QUANTITY[=AS WRITTEN]; empty to stop)", ids["equipment"],
                       lambda answer: item_of(answer, "an item"),
                       "a claim needs at least one --item or --items FILE")
    record = {"id": _ask("id", id), "event": _ask("event", event, ids=ids["events"]),
              "claimant": _ask("claimant", claimant, ids=ids["sources"]), "via": via or [],
              "published": _ask("published (YYYY[-MM[-DD]])", published), "url": url,
              "archive_url": archive_url, "quote": _ask("quote", quote, required=False),
              "paraphrase": paraphrase, "credibility": credibility,
              "status": status.value if status else None, "cumulative": cumulative,
              "note": note, "items": found}
    _add("claim", record, file, data)


def add_evidence(
    id: IdOption = None,
    event: OneEventOption = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", show_default=False, help="video, photo, satellite, document, dataset or report.")] = None,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", metavar="ID", show_default=False, help="The source that published the media.",
        autocompletion=complete_ids("sources"))] = None,
    published: PublishedOption = None,
    observation: Annotated[list[str] | None, typer.Option(
        "--observation", metavar="EQUIPMENT=COUNT[=AS WRITTEN]", show_default=False,
        help="One observation, e.g. `aa-machine-gun=2=heavy machine guns` (repeatable).")] = None,
    observations: Annotated[Path | None, typer.Option(
        "--observations", metavar="FILE", show_default=False,
        help="Observations from a file (a list, or `items:` as `materiel draft` writes).")] = None,
    analysed_by: Annotated[list[str] | None, typer.Option(
        "--analysed-by", metavar="ID", show_default=False, help="A source that examined it (repeatable).",
        autocompletion=complete_ids("sources"))] = None,
    geolocated: Annotated[bool, typer.Option("--geolocated", help="The place was verified.")] = False,
    chronolocated: Annotated[bool, typer.Option("--chronolocated", help="The time was verified.")] = False,
    sha256: Annotated[str | None, typer.Option("--sha256", show_default=False,
                                               help="sha256 of the media file.")] = None,
    credibility: CredibilityValue = None,
    status: StatusValue = None,
    lost_by: Annotated[str | None, typer.Option(
        "--lost-by", show_default=False,
        help="Who lost what it shows, in the source's words, where that differs from the event's.")] = None,
    cumulative: CumulativeOption = False,
    url: UrlOption = None,
    archive_url: ArchiveOption = None,
    note: NoteOption = None,
    file: FileOption = None,
    data: DataOption = None,
) -> None:
    """Add evidence: a video, photo or document, with what it shows."""
    from ..writing.add import as_observations, item_of, items_file

    ids = _dataset_ids(data) if _interactive() else {"events": [], "sources": [], "equipment": []}
    found = [item_of(v, "an observation", count=True) for v in observation or ()]
    if observations:
        found += items_file(observations, "observations", "--observations")
    found = as_observations(found)
    found = _asked_for(found, "observation (EQUIPMENT=COUNT[=AS WRITTEN]; empty to stop)", ids["equipment"],
                       lambda answer: item_of(answer, "an observation", count=True),
                       "evidence needs at least one --observation or --observations FILE")
    record = {"id": _ask("id", id), "event": _ask("event", event, ids=ids["events"]),
              "kind": _ask("kind", kind), "publisher": _ask("publisher", publisher, ids=ids["sources"]),
              "published": _ask("published (YYYY[-MM[-DD]])", published), "url": url,
              "archive_url": archive_url, "sha256": sha256, "analysed_by": analysed_by or [],
              "geolocated": geolocated, "chronolocated": chronolocated, "credibility": credibility,
              "status": status.value if status else None, "lost_by": lost_by, "cumulative": cumulative,
              "note": note, "observations": found}
    _add("evidence", record, file, data)
