"""The Palmyra dataset as transcribed, and how files, folders and defaults are found and merged."""

import os
import re
from pathlib import Path

import pytest

from materiel.dataset import default_paths, load_dataset, packaged_dataset
from materiel.errors import ProblemsFound

from .conftest import AMAQ_ITEMS, DATA, PALMYRA

# The texts the dataset is transcribed from, as far as it quotes them (tests/data/sources/: the
# CENTCOM release whole, a US government work; of the three articles only the sentences quoted),
# and which text each record comes from.
SOURCES = DATA / "sources"
RFERL, CENTCOM, LWJ, USA_TODAY = ("rferl-2016-12-palmyra.txt", "centcom-2016-12-16-palmyra-tanks.txt",
                                  "lwj-2016-12-16-palmyra.txt", "usatoday-2016-12-16-palmyra.txt")
TEXTS_OF = {
    "amaq": [RFERL], "hassan-hassan": [RFERL], "the-interpreter": [RFERL], "under-the-black-flag": [RFERL],
    "spoils-video-uploader": [RFERL], "islamic-state": [LWJ], "centcom": [CENTCOM],
    "long-war-journal": [LWJ], "usa-today": [USA_TODAY],
    "palmyra-2016-12": [RFERL],
    "amaq-palmyra-spoils": [RFERL], "hassan-hassan-ndf-abandoned": [RFERL], "is-palmyra-spoils-lwj": [LWJ],
    "is-spoils-video-2016-12-13": [RFERL], "centcom-strike-2016-12-15": [CENTCOM, LWJ, USA_TODAY],
}


@pytest.fixture(scope="module")
def palmyra():
    return load_dataset([PALMYRA])


def test_palmyra_counts(palmyra):
    assert palmyra.counts() == {"files": 1, "sources": 9, "events": 1, "equipment": 0, "claims": 3,
                                "items": 19, "evidence": 2, "observations": 11,
                                "series": 0, "rows": 0}


def test_palmyra_sources_and_event(palmyra):
    assert set(palmyra.sources) == {"amaq", "hassan-hassan", "the-interpreter", "under-the-black-flag",
                                    "spoils-video-uploader", "islamic-state", "centcom", "long-war-journal",
                                    "usa-today"}
    for source in palmyra.sources.values():
        assert source.note, f"{source.id}: a grade needs its reason"
        if TEXTS_OF[source.id] == [RFERL] or source.id == "islamic-state":
            assert source.url is None, "the article gives no URL, nor the Long War Journal the outlet's"
    assert {s: palmyra.sources[s].url for s in ("centcom", "long-war-journal", "usa-today")} == {
        "centcom": "https://www.centcom.mil/", "long-war-journal": "https://www.longwarjournal.org/",
        "usa-today": "https://www.usatoday.com/"}
    # the coalition is of neither side of the capture; the second claim is IS's, as Amaq's
    centcom, islamic_state = palmyra.sources["centcom"], palmyra.sources["islamic-state"]
    assert (centcom.reliability, centcom.affiliation) == ("C", "U.S.-led coalition")
    assert (islamic_state.reliability, islamic_state.affiliation) == ("E", "Islamic State")
    event = palmyra.events["palmyra-2016-12"]
    assert (str(event.date), event.place, event.country) == ("2016-12-11", "Palmyra", "SY")


def test_amaq_claim_keeps_every_item_as_written(palmyra):
    claim = next(c for c in palmyra.claims if c.id == "amaq-palmyra-spoils")
    assert (claim.claimant, claim.via) == ("amaq", ["hassan-hassan", "under-the-black-flag"])
    assert (str(claim.published), claim.credibility, claim.status) == ("2016-12", 4, "captured")
    assert [(i.equipment, str(i.quantity), i.as_written) for i in claim.items] == AMAQ_ITEMS


def test_ndf_claim_and_spoils_video(palmyra):
    ndf = next(c for c in palmyra.claims if c.id == "hassan-hassan-ndf-abandoned")
    assert ndf.claimant == "hassan-hassan"
    assert ndf.quote == "left most of the heavy weapons without a fight"
    video = next(e for e in palmyra.evidence if e.id == "is-spoils-video-2016-12-13")
    assert (video.kind, str(video.published), video.analysed_by) == (
        "video", "2016-12-13", ["the-interpreter", "under-the-black-flag"])
    assert not video.geolocated
    assert [o.equipment for o in video.observations] == [
        "artillery", "aa-machine-gun", "assault-rifle", "submachine-gun",
        "artillery-ammunition", "mortar-ammunition", "ammunition"]


def test_second_is_claim_as_the_long_war_journal_relays_it(palmyra):
    claim = next(c for c in palmyra.claims if c.id == "is-palmyra-spoils-lwj")
    assert (claim.claimant, claim.via, str(claim.published), claim.credibility, claim.status) == (
        "islamic-state", ["long-war-journal"], "2016-12", 4, "captured")
    assert claim.quote is None, "the Long War Journal gives the claim in its own words"
    assert [(i.equipment, str(i.quantity), i.as_written) for i in claim.items] == [
        ("tank", "44", "44 tanks"),
        ("bmp", "7", "7 BMPs"),
        ("artillery", "7", "7 130mm cannons"),  # a calibre, not a kind
        ("weapons", "14", "14 23mm cannons"),
        ("weapons", "unspecified", "several anti-armor rocket launchers"),
        ("ammunition", "unspecified", "dozens of anti-armor rockets"),
        ("small-arms", "unspecified", "various automatic weapons"),
        ("other", "unspecified", "military vehicles"),
        ("weapons", "unspecified", "weapons"),
        ("ammunition", "unspecified", "ammunition"),
    ]


def test_centcom_release_says_captured_then_destroyed(palmyra):
    release = next(e for e in palmyra.evidence if e.id == "centcom-strike-2016-12-15")
    assert (release.kind, release.publisher, str(release.published), release.credibility, release.status) == (
        "document", "centcom", "2016-12-16", 2, "destroyed")
    assert not release.geolocated and all(o.location is None for o in release.observations), "no coordinates"
    seen = [(o.equipment, str(o.count), o.as_written, o.previously, o.status) for o in release.observations]
    assert seen == [
        ("tank", "14", "14 ISIL tanks", ["captured"], None),
        ("artillery", "3", "three artillery systems", ["captured"], None),
        ("other", "2", "two tactical vehicles", ["captured"], None),
        ("other", "1", "an air defense artillery system", ["captured"], None),
    ]


def text_of(record_id: str) -> str:
    """The texts a record comes from, whitespace joined, without their header (# lines)."""
    lines = [line for name in TEXTS_OF[record_id]
             for line in (SOURCES / name).read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return " ".join(" ".join(lines).split())


def quoted_in_notes(note: str | None) -> list[str]:
    """The words a note puts in quotation marks, each part of an elided quote (`...`) apart."""
    return [part.strip() for quoted in re.findall(r'"([^"]+)"', note or "") for part in quoted.split("...")]


def test_every_quoted_word_is_in_the_article(palmyra):
    records = [*palmyra.sources.values(), *palmyra.events.values(), *palmyra.claims, *palmyra.evidence]
    assert {r.id for r in records} == set(TEXTS_OF), "every record has the text it comes from"
    for record in records:
        text = text_of(record.id)
        for words in quoted_in_notes(record.note):  # a note's quotation, its first word capitalised or not
            assert words.casefold() in text.casefold(), (record.id, words)
    for claim in palmyra.claims:
        text = text_of(claim.id)
        assert claim.quote or claim.paraphrase, claim.id
        if claim.quote:
            assert " ".join(claim.quote.split()) in text, claim.id
        if claim.paraphrase:  # the text's own words, then whose they are: "(the article's words ...)"
            words = re.sub(r"\s*\([^()]*\)$", "", " ".join(claim.paraphrase.split()))
            assert words != " ".join(claim.paraphrase.split()), f"{claim.id}: a paraphrase says whose words"
            assert words in text, claim.id
        for item in claim.items:
            assert item.as_written in text, (claim.id, item.as_written)
            assert all(w in text for w in quoted_in_notes(item.note)), claim.id
    for evidence in palmyra.evidence:
        text = text_of(evidence.id)
        for obs in evidence.observations:
            assert obs.as_written in text, (evidence.id, obs.as_written)
            for words in quoted_in_notes(obs.note):
                assert words in text, (evidence.id, words)


def test_packaged_dataset_is_the_projects_own():
    assert packaged_dataset().read_bytes() == PALMYRA.read_bytes()


def test_default_paths(tmp_path, monkeypatch):
    monkeypatch.delenv("MATERIEL_DATA", raising=False)
    assert default_paths(tmp_path) == [packaged_dataset()]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.yaml").write_text("sources: []\n")
    assert default_paths(tmp_path) == [tmp_path / "data" / "claims.yaml"]
    monkeypatch.setenv("MATERIEL_DATA", os.pathsep.join(["a.yaml", "b"]))
    assert default_paths(tmp_path) == [Path("a.yaml"), Path("b")]


def test_installed_tool_works_from_any_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("OK: 9 sources, 1 event, 3 claims (19 items), 2 evidence "
                             "(11 observations) in 1 file\n")


def test_materiel_data_variable(run, tmp_path, monkeypatch):
    other = tmp_path / "other.yaml"
    other.write_text("sources:\n  - {id: oryx, name: Oryx, kind: osint-compiler}\n")
    monkeypatch.setenv("MATERIEL_DATA", os.pathsep.join([str(PALMYRA), str(other)]))
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK: 10 sources,")  # Palmyra's nine and Oryx
    assert result.stdout.endswith(" in 2 files\n")


def test_folders_merge_sorted_and_references_cross_files(tmp_path):
    (tmp_path / "b-claims.yml").write_text(
        "claims:\n  - id: c1\n    event: e1\n    claimant: s1\n    published: 2016\n"
        "    items: [{equipment: local-tank, quantity: 2}]\n")
    (tmp_path / "a-base.yaml").write_text(
        "sources: [{id: s1, name: S, kind: other}]\n"
        "events: [{id: e1, title: T, date: 2016, place: P}]\n"
        "equipment: [{id: local-tank, name: Local tank, parent: tank}]\n")
    (tmp_path / "notes.txt").write_text("not yaml")
    dataset = load_dataset([tmp_path])
    assert dataset.files == [str(tmp_path / "a-base.yaml"), str(tmp_path / "b-claims.yml")]
    assert dataset.catalog.root_of("local-tank") == "tank"
    assert dataset.counts()["items"] == 1


def test_same_file_twice_is_read_once(tmp_path):
    assert load_dataset([PALMYRA, PALMYRA]).counts()["files"] == 1


def test_dataset_may_not_redefine_or_loop_the_catalog(tmp_path):
    bad = tmp_path / "eq.yaml"
    bad.write_text(
        "equipment:\n"
        "  - {id: tank, name: My tanks}\n"
        "  - {id: loop-a, name: A, parent: loop-b}\n"
        "  - {id: loop-b, name: B, parent: loop-a}\n")
    with pytest.raises(ProblemsFound) as found:
        load_dataset([bad])
    assert [(p.line, p.column, p.code, p.message) for p in found.value.problems] == [
        (2, 10, "duplicate-id", "`tank` is a built-in equipment node (Tanks); choose another id"),
        (3, 35, "cycle", "equipment `loop-a` is its own ancestor"),
        (4, 35, "cycle", "equipment `loop-b` is its own ancestor"),
    ]


@pytest.mark.parametrize(("text", "what"), [("~\n", "a single value"), ("- a\n", "a list"),
                                            ("null\n", "a single value")])
def test_a_file_that_is_not_a_mapping_says_so(tmp_path, text, what):
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        load_dataset([path])
    [problem] = found.value.problems
    assert (problem.line, problem.column, problem.code) == (1, 1, "not-a-mapping")
    assert f"the file holds {what}" in problem.message
