"""The Palmyra dataset as transcribed, and how files, folders and defaults are found and merged."""

import os
from pathlib import Path

import pytest

from materiel.dataset import default_paths, load_dataset, packaged_dataset
from materiel.errors import ProblemsFound

from .conftest import AMAQ_ITEMS, PALMYRA, ROOT

SOURCE_TEXT = ROOT.parent / "shared" / "sources" / "rferl-2016-12-palmyra.txt"


@pytest.fixture(scope="module")
def palmyra():
    return load_dataset([PALMYRA])


def test_palmyra_counts(palmyra):
    assert palmyra.counts() == {"files": 1, "sources": 5, "events": 1, "equipment": 0, "claims": 2,
                                "items": 9, "evidence": 1, "observations": 7,
                                "series": 0, "rows": 0}


def test_palmyra_sources_and_event(palmyra):
    assert set(palmyra.sources) == {"amaq", "hassan-hassan", "the-interpreter", "under-the-black-flag",
                                    "spoils-video-uploader"}
    for source in palmyra.sources.values():
        assert source.note, f"{source.id}: a grade needs its reason"
        assert source.url is None, "the article gives no URL"
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
    [video] = palmyra.evidence
    assert (video.kind, str(video.published), video.analysed_by) == (
        "video", "2016-12-13", ["the-interpreter", "under-the-black-flag"])
    assert not video.geolocated
    assert [o.equipment for o in video.observations] == [
        "artillery", "aa-machine-gun", "assault-rifle", "submachine-gun",
        "artillery-ammunition", "mortar-ammunition", "ammunition"]


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason="shared/sources is not beside this checkout")
def test_every_quoted_word_is_in_the_article(palmyra):
    article = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
    for claim in palmyra.claims:
        assert " ".join(claim.quote.split()) in article
        for item in claim.items:
            assert item.as_written in article, item.as_written
    for obs in palmyra.evidence[0].observations:
        assert obs.as_written in article, obs.as_written


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
    assert result.stdout == ("OK: 5 sources, 1 event, 2 claims (9 items), 1 evidence "
                             "(7 observations) in 1 file\n")


def test_materiel_data_variable(run, tmp_path, monkeypatch):
    other = tmp_path / "other.yaml"
    other.write_text("sources:\n  - {id: oryx, name: Oryx, kind: osint-compiler}\n")
    monkeypatch.setenv("MATERIEL_DATA", os.pathsep.join([str(PALMYRA), str(other)]))
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("OK: 6 sources,")
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
