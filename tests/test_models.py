"""The value types of the format: partial dates, timestamps, countries, sha256, ids, grades."""

import pytest
from pydantic import ValidationError

from materiel.format.models import (
    Claim,
    Event,
    Evidence,
    PartialDate,
    Source,
    parse_partial_date,
    parse_timestamp,
)


@pytest.mark.parametrize(
    ("written", "expected", "shown"),
    [
        ("2016", PartialDate(2016), "2016"),
        (2016, PartialDate(2016), "2016"),
        ("2016-12", PartialDate(2016, 12), "2016-12"),
        ("2016-12-13", PartialDate(2016, 12, 13), "2016-12-13"),
        ("2016-02-29", PartialDate(2016, 2, 29), "2016-02-29"),
    ],
)
def test_partial_dates_keep_their_precision(written, expected, shown):
    value = parse_partial_date(written)
    assert value == expected
    assert str(value) == shown


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2016-02-30", "February 2016 has 29 days"),
        ("2015-02-29", "February 2015 has 28 days"),
        ("2016-13", "has no month 13"),
        ("2016-12-1", "is not a date"),
        ("16-12-01", "is not a date"),
        ("December 2016", "is not a date"),
    ],
)
def test_impossible_dates_are_refused(written, message):
    with pytest.raises(ValueError, match=message):
        parse_partial_date(written)


def test_partial_date_bounds_for_filters():
    assert PartialDate(2016, 2).last_day == (2016, 2, 29)
    assert PartialDate(2016).first_day == (2016, 1, 1)
    assert PartialDate(2016).last_day == (2016, 12, 31)


@pytest.mark.parametrize(("written", "seconds", "shown"),
                         [("01:05", 65, "01:05"), ("1:02:03", 3723, "1:02:03"), ("75:00", 4500, "1:15:00")])
def test_media_timestamps(written, seconds, shown):
    value = parse_timestamp(written)
    assert value.seconds == seconds
    assert str(value) == shown


@pytest.mark.parametrize("written", ["1:60", "1:61:00", "abc", "12", "1:2"])
def test_bad_media_timestamps(written):
    with pytest.raises(ValueError, match="media timestamp"):
        parse_timestamp(written)


EVENT = {"id": "e", "title": "t", "date": "2016-12-11", "place": "Palmyra"}


def test_country_codes_are_checked_and_norway_is_a_country():
    assert Event.model_validate({**EVENT, "country": "NO"}).country == "NO"
    with pytest.raises(ValidationError, match="not an ISO 3166-1 alpha-2 country code"):
        Event.model_validate({**EVENT, "country": "XX"})
    with pytest.raises(ValidationError, match="codes are upper case"):
        Event.model_validate({**EVENT, "country": "sy"})


def test_coordinates_are_bounded():
    assert Event.model_validate({**EVENT, "location": {"lat": "34.55", "lon": "38.27"}}).location.lat == 34.55
    with pytest.raises(ValidationError, match="less than or equal to 90"):
        Event.model_validate({**EVENT, "location": {"lat": 91, "lon": 0}})
    with pytest.raises(ValidationError, match="greater than or equal to -180"):
        Event.model_validate({**EVENT, "location": {"lat": 0, "lon": -181}})


EVIDENCE = {"id": "v", "event": "e", "kind": "video", "publisher": "p", "published": "2016-12-13",
            "observations": [{"equipment": "tank", "count": 1}]}


def test_sha256_is_64_hex_digits_and_kept_lower_case():
    digest = "AB" * 32
    assert Evidence.model_validate({**EVIDENCE, "sha256": digest}).sha256 == "ab" * 32
    with pytest.raises(ValidationError, match="this has 63 characters"):
        Evidence.model_validate({**EVIDENCE, "sha256": "a" * 63})
    with pytest.raises(ValidationError, match=r"hexadecimal digits \(0-9, a-f\)"):
        Evidence.model_validate({**EVIDENCE, "sha256": "g" * 64})


def test_defaults_follow_the_format():
    source = Source.model_validate({"id": "amaq", "name": "Amaq", "kind": "belligerent-media"})
    assert source.reliability == "F"
    evidence = Evidence.model_validate(EVIDENCE)
    assert (evidence.credibility, evidence.geolocated, evidence.chronolocated) == (6, False, False)
    claim = Claim.model_validate({"id": "c", "event": "e", "claimant": "a", "published": "2016",
                                  "items": [{"equipment": "tank", "quantity": "unspecified"}]})
    assert claim.credibility == 6
    assert claim.items[0].quantity.unspecified


@pytest.mark.parametrize("bad_id", ["Amaq", "-amaq", "amaq spoils", "a" * 81, "", "amaq/x"])
def test_ids_are_slugs(bad_id):
    with pytest.raises(ValidationError):
        Source.model_validate({"id": bad_id, "name": "x", "kind": "other"})


def test_grades_are_bounded():
    with pytest.raises(ValidationError):
        Source.model_validate({"id": "s", "name": "x", "kind": "other", "reliability": "G"})
    with pytest.raises(ValidationError):
        Claim.model_validate({"id": "c", "event": "e", "claimant": "a", "published": "2016",
                              "credibility": 7, "items": [{"equipment": "t", "quantity": 1}]})


def test_claims_need_items():
    with pytest.raises(ValidationError, match="at least 1 item"):
        Claim.model_validate({"id": "c", "event": "e", "claimant": "a", "published": "2016", "items": []})
