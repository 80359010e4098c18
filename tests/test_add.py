"""`materiel add`: the file keeps every byte but the appended record; invalid input writes nothing."""

import os
import shutil

import pytest

from materiel.dataset import load_dataset
from materiel.writing.add import with_record

from .conftest import PALMYRA


@pytest.fixture
def palmyra(tmp_path):
    """A copy of the Palmyra dataset to add to."""
    target = tmp_path / "claims.yaml"
    shutil.copyfile(PALMYRA, target)
    return target


def inserted(old: bytes, new: bytes) -> bytes:
    """The bytes `new` adds to `old`, asserting that nothing of `old` changed or moved."""
    start = 0
    while start < len(old) and old[start] == new[start]:
        start += 1
    added = len(new) - len(old)
    assert new[:start] + new[start + added:] == old, "existing bytes changed"
    return new[start:start + added]


def test_add_source_keeps_every_byte(run, palmyra):
    old = palmyra.read_bytes()
    result = run("add", "source", "--file", palmyra, "--data", palmyra, "--id", "oryx", "--name", "Oryx",
                 "--kind", "osint-compiler", "--reliability", "B", "--note", "Visual confirmations only.")
    assert (result.exit_code, result.stdout) == (0, f"added source `oryx` to {palmyra}\n"), result.stderr
    assert inserted(old, palmyra.read_bytes()) == (
        b"  - id: oryx\n    name: Oryx\n    kind: osint-compiler\n    reliability: B\n"
        b"    note: Visual confirmations only.\n")
    # it lands at the end of the sources, before the blank line and `events:`
    assert b"  - id: oryx\n" in palmyra.read_bytes().split(b"\nevents:")[0]
    assert load_dataset([palmyra]).sources["oryx"].reliability == "B"


def test_add_claim_with_items_and_relays(run, palmyra):
    old = palmyra.read_bytes()
    result = run("add", "claim", "--file", palmyra, "--data", palmyra, "--id", "sana-denial",
                 "--event", "palmyra-2016-12", "--claimant", "hassan-hassan", "--via", "under-the-black-flag",
                 "--published", "2016-12", "--credibility", "5", "--status", "captured",
                 "--item", "tank=at least 2=two tanks", "--item", "bmp-1=3")
    assert result.exit_code == 0, result.stderr
    assert inserted(old, palmyra.read_bytes()) == (
        b"  - id: sana-denial\n    event: palmyra-2016-12\n    claimant: hassan-hassan\n"
        b"    via: [under-the-black-flag]\n    published: \"2016-12\"\n    credibility: 5\n"
        b"    status: captured\n    items:\n"
        b"      - {equipment: tank, quantity: at least 2, as_written: two tanks}\n"
        b"      - {equipment: bmp-1, quantity: 3}\n")
    claim = next(c for c in load_dataset([palmyra]).claims if c.id == "sana-denial")
    assert [str(i.quantity) for i in claim.items] == ["at least 2", "3"]


def test_add_claim_from_a_draft(run, palmyra, tmp_path):
    draft = tmp_path / "items.yaml"
    draft.write_text(run("draft", "IS seized 30 tanks and six BMPs", "--data", palmyra).stdout)
    result = run("add", "claim", "--file", palmyra, "--data", palmyra, "--id", "again",
                 "--event", "palmyra-2016-12", "--claimant", "amaq", "--published", "2016-12-14",
                 "--items", draft)
    assert result.exit_code == 0, result.stderr
    claim = next(c for c in load_dataset([palmyra]).claims if c.id == "again")
    assert [(i.equipment, str(i.quantity), i.as_written) for i in claim.items] == [
        ("tank", "30", "30 tanks"), ("bmp", "6", "six BMPs")]


def test_add_evidence_and_event(run, palmyra):
    assert run("add", "event", "--file", palmyra, "--data", palmyra, "--id", "palmyra-2017-03",
               "--title", "Palmyra retaken", "--date", "2017-03-02", "--place", "Palmyra",
               "--country", "SY", "--lat", "34.55", "--lon", "38.27").exit_code == 0
    result = run("add", "evidence", "--file", palmyra, "--data", palmyra, "--id", "photo-1",
                 "--event", "palmyra-2017-03", "--kind", "photo", "--publisher", "the-interpreter",
                 "--published", "2017-03-03", "--geolocated", "--status", "destroyed",
                 "--observation", "t-72=2=two T-72s", "--analysed-by", "hassan-hassan")
    assert result.exit_code == 0, result.stderr
    dataset = load_dataset([palmyra])
    assert dataset.events["palmyra-2017-03"].location.lat == 34.55
    photo = next(e for e in dataset.evidence if e.id == "photo-1")
    assert (photo.geolocated, photo.observations[0].count.low, photo.analysed_by) == (
        True, 2, ["hassan-hassan"])


@pytest.mark.parametrize(("args", "problem"), [
    (["--event", "palmyra-2016-21"],
     "no event has the id `palmyra-2016-21`; did you mean `palmyra-2016-12`?"),
    (["--id", "amaq-palmyra-spoils"], "id `amaq-palmyra-spoils` is already used by the claim"),
    (["--item", "tank=4-2"], "range `4-2` runs backwards"),
    (["--published", "2016-02-30"], "February 2016 has 29 days"),
])
def test_invalid_records_are_refused_and_nothing_is_written(run, palmyra, args, problem):
    old = palmyra.read_bytes()
    options = {"--id": "new-claim", "--event": "palmyra-2016-12", "--published": "2016-12",
               "--item": "tank=1"}
    for i in range(0, len(args), 2):
        options[args[i]] = args[i + 1]
    result = run("add", "claim", "--file", palmyra, "--data", palmyra, "--claimant", "amaq",
                 *[x for pair in options.items() for x in pair])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"materiel: nothing was written to {palmyra}: with the new claim")
    assert problem in result.stderr
    assert "Traceback" not in result.stderr
    assert palmyra.read_bytes() == old


def test_a_failed_write_leaves_the_file_as_it_was(run, palmyra, monkeypatch):
    old = palmyra.read_bytes()

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = run("add", "source", "--file", palmyra, "--data", palmyra, "--id", "x", "--name", "X",
                 "--kind", "other")
    assert result.exit_code == 1
    assert result.stderr == f"materiel: cannot write {palmyra}: No space left on device\n"
    assert palmyra.read_bytes() == old
    assert sorted(p.name for p in palmyra.parent.iterdir()) == ["claims.yaml"]


def test_an_interrupted_write_leaves_the_file_as_it_was(run, palmyra, monkeypatch):
    old = palmyra.read_bytes()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = run("add", "source", "--file", palmyra, "--data", palmyra, "--id", "x", "--name", "X",
                 "--kind", "other")
    assert result.exit_code == 130
    assert palmyra.read_bytes() == old
    assert sorted(p.name for p in palmyra.parent.iterdir()) == ["claims.yaml"]


def test_a_flow_list_cannot_be_appended_to(run, tmp_path):
    target = tmp_path / "flow.yaml"
    target.write_text("sources: [{id: a, name: A, kind: other}]\n")
    result = run("add", "source", "--file", target, "--data", target, "--id", "b", "--name", "B",
                 "--kind", "other")
    assert result.exit_code == 1
    assert "written as a flow list `[...]` (line 1)" in result.stderr
    assert target.read_text() == "sources: [{id: a, name: A, kind: other}]\n"


def test_a_new_file_and_a_new_section(run, tmp_path):
    target = tmp_path / "new.yaml"
    assert run("add", "source", "--file", target, "--data", target, "--id", "a", "--name", "A",
               "--kind", "other").exit_code == 0
    assert run("add", "event", "--file", target, "--data", target, "--id", "e", "--title", "T",
               "--date", "2016", "--place", "P").exit_code == 0
    assert target.read_text() == (
        "sources:\n  - id: a\n    name: A\n    kind: other\n\n"
        "events:\n  - id: e\n    title: T\n    date: \"2016\"\n    place: P\n")


def test_bom_crlf_and_comments_survive():
    old = b"\xef\xbb\xbf# team dataset\r\nsources:\r\n  - id: a  # first\r\n    name: A\r\n" \
          b"    kind: other\r\n\r\n# events follow\r\nevents: []\r\n"
    new = with_record(old, "sources", {"id": "b", "name": "B", "kind": "other"}, "f.yaml")
    assert inserted(old, new) == b"  - id: b\r\n    name: B\r\n    kind: other\r\n"
    assert new.index(b"id: b") < new.index(b"# events follow")


def test_hostile_text_is_written_escaped(run, palmyra):
    result = run("add", "source", "--file", palmyra, "--data", palmyra, "--id", "h", "--name",
                 "x\x1b[2J\u202e", "--kind", "other")
    assert result.exit_code == 0, result.stderr
    text = palmyra.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text
    assert load_dataset([palmyra]).sources["h"].name == "x\x1b[2J\u202e"


def test_missing_options_without_a_terminal_are_a_usage_error(run, palmyra):
    result = run("add", "source", "--file", palmyra, "--data", palmyra, "--id", "x")
    assert result.exit_code == 2
    assert "name is required (no terminal to ask on)" in result.stderr


def test_prompts_when_a_terminal_is_attached(run, palmyra, monkeypatch):
    monkeypatch.setattr("materiel.cli.add._interactive", lambda: True)
    answers = "\n".join(["tank=3=three tanks", "", "prompted", "palmyra-2016-12", "amaq", "2016-12-20",
                         "IS took three tanks"]) + "\n"
    result = run("add", "claim", "--file", palmyra, "--data", palmyra, input=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    claim = next(c for c in load_dataset([palmyra]).claims if c.id == "prompted")
    assert (claim.claimant, claim.quote, claim.items[0].as_written) == ("amaq", "IS took three tanks",
                                                                        "three tanks")


def test_no_file_to_add_to_is_a_usage_error(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no ./data/claims.yaml: the packaged dataset is never written
    result = run("add", "source", "--id", "x", "--name", "X", "--kind", "other")
    assert result.exit_code == 2
    assert "name the file to add the record to" in result.stderr


def test_shell_completion_of_ids(palmyra):
    import typer

    from materiel.cli import app
    from materiel.cli.options import complete_ids

    ctx = typer.Context(typer.main.get_command(app))
    ctx.params = {"data": [palmyra]}
    assert complete_ids("sources")(ctx, "ha") == ["hassan-hassan"]
    assert complete_ids("events")(ctx, "") == ["palmyra-2016-12"]
    assert "bmp-1" in complete_ids("equipment")(ctx, "bmp")


def test_a_claim_with_its_paraphrase_and_evidence_with_who_lost_it(run, palmyra):
    claim = run("add", "claim", "--file", palmyra, "--data", palmyra, "--id", "c9", "--event",
                "palmyra-2016-12", "--claimant", "amaq", "--published", "2016-12", "--item", "tank=3",
                "--quote", "three tanks", "--paraphrase", "IS said it took three tanks", "--cumulative")
    assert claim.exit_code == 0, claim.stderr
    evidence = run("add", "evidence", "--file", palmyra, "--data", palmyra, "--id", "v9", "--event",
                   "palmyra-2016-12", "--kind", "photo", "--publisher", "amaq", "--published", "2016-12-14",
                   "--observation", "tank=1", "--lost-by", "someone else")
    assert evidence.exit_code == 0, evidence.stderr
    dataset = load_dataset([palmyra])
    added = next(c for c in dataset.claims if c.id == "c9")
    assert (added.quote, added.paraphrase, added.cumulative) == ("three tanks", "IS said it took three tanks",
                                                                 True)
    assert next(e for e in dataset.evidence if e.id == "v9").lost_by == "someone else"
