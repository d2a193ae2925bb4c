"""A person added at the door: checks in words, the contact document, the match key."""

from __future__ import annotations

import pytest

from canvass_app.core.contact import (
    LANGUAGES,
    PersonDetails,
    PersonInvalid,
    checked_person,
    contact_data,
    details_from_data,
    is_local_ref,
    local_contact_id_of,
    local_ref,
    match_key,
    person_problems,
)


def _fields(details: PersonDetails) -> dict[str, str]:
    return {p.field: str(p.message) for p in person_problems(details)}


def test_a_name_alone_is_enough() -> None:
    assert person_problems(PersonDetails("Ana", "Ruiz")) == []


def test_both_names_are_required_in_words() -> None:
    problems = _fields(PersonDetails("  ", ""))
    assert problems == {
        "given": "Enter the person's first name.",
        "surname": "Enter the person's last name too: the campaign's records need both names.",
    }


def test_names_are_trimmed_joined_and_in_one_unicode_form() -> None:
    typed = PersonDetails(" Jose\u0301 \t Maria\n", "  de  la Cruz ")
    clean = checked_person(typed)
    assert clean.given == "Jos\u00e9 Maria" and clean.surname == "de la Cruz"


def test_long_names_and_control_characters_are_refused() -> None:
    assert "at most 100" in _fields(PersonDetails("A" * 101, "Ruiz"))["given"]
    assert "control" in _fields(PersonDetails("Ana", "Ru\u202eiz"))["surname"]
    assert "control" in _fields(PersonDetails("Ana\x00", "Ruiz"))["given"]
    # joiners belong to some spellings (Persian: ZWNJ)
    assert person_problems(PersonDetails("\u0645\u06cc\u200c\u0631\u0627", "Ruiz")) == []


@pytest.mark.parametrize(
    "phone", ["617-555-0100", "+1 (617) 555.0100", "0612345678", "+44 20 7946 0958"]
)
def test_phone_numbers_people_write_are_accepted(phone: str) -> None:
    assert person_problems(PersonDetails("Ana", "Ruiz", phone=phone)) == []


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("555-01", "7 to 15 digits; this one has 5"),
        ("+1 617 555 0100 0100 01", "this one has 17"),
        ("617 555 O100", "digits, spaces"),
        ("617+5550100", "one leading +"),
    ],
)
def test_bad_phone_numbers_say_why(phone: str, words: str) -> None:
    assert words in _fields(PersonDetails("Ana", "Ruiz", phone=phone))["phone"]


@pytest.mark.parametrize("email", ["ana@example.org", "ana.ruiz+door@mail.example.co.uk", "a@b.cd"])
def test_email_addresses_are_accepted(email: str) -> None:
    assert person_problems(PersonDetails("Ana", "Ruiz", email=email)) == []


@pytest.mark.parametrize(
    "email", ["ana", "ana@", "@example.org", "ana@example", "ana ruiz@example.org", "a@@b.org",
              "ana@-example.org"]
)  # fmt: skip
def test_incomplete_email_addresses_say_what_is_missing(email: str) -> None:
    assert "like ana@example.org" in _fields(PersonDetails("Ana", "Ruiz", email=email))["email"]


def test_email_domain_is_lowercased_and_language_must_be_offered() -> None:
    assert checked_person(PersonDetails("Ana", "Ruiz", email="Ana@Example.ORG")).email == (
        "Ana@example.org"
    )
    assert "from the list" in _fields(PersonDetails("Ana", "Ruiz", language="xx"))["language"]
    assert "from the list" in _fields(PersonDetails("Ana", "Ruiz", phone_type="fax"))["phone_type"]
    assert {code for code, _ in LANGUAGES} >= {"en", "es", "zh", "vi", "ht", "pt"}


def test_checked_person_raises_with_every_problem() -> None:
    with pytest.raises(PersonInvalid) as caught:
        checked_person(PersonDetails("", "", phone="12", email="nope"))
    assert [p.field for p in caught.value.problems] == ["given", "surname", "phone", "email"]


def test_contact_data_is_the_v3_contact_and_reads_back() -> None:
    details = PersonDetails(
        "Ana", "Ruiz", phone="617-555-0100", phone_type="home", email="ana@example.org",
        language="es",
    )  # fmt: skip
    data = contact_data(details, "hh-1")
    assert data == {
        "profile": {
            "name": {"anglican": {"given": "Ana", "surname": "Ruiz"}},
            "phones": [{"phone": "617-555-0100", "phoneType": "home", "active": True,
                        "primary": True}],
            "emails": [{"email": "ana@example.org", "active": True, "primary": True}],
            "languages": ["es"],
        },
        "fields": {},
        "primaryHouseholdId": "hh-1",
    }  # fmt: skip
    assert details_from_data(data) == details
    bare = contact_data(PersonDetails("Ana", "Ruiz"), "hh-1")
    assert set(bare["profile"]) == {"name"}
    assert details_from_data(bare) == PersonDetails("Ana", "Ruiz")


def test_match_key_is_the_apis_six_fields() -> None:
    data = contact_data(PersonDetails("Ana", "Ruiz", phone="6175550100"), "hh-1")
    other_phone = contact_data(PersonDetails("Ana", "Ruiz", phone="6175550199"), "hh-1")
    assert match_key(data) == (None, "Ana", None, "Ruiz", None, "hh-1")
    assert match_key(data) == match_key(other_phone)
    assert match_key(data) != match_key(contact_data(PersonDetails("Ana", "Ruiz"), "hh-2"))
    assert match_key({"profile": "broken"}) == (None,) * 6


def test_local_references_are_never_server_ids() -> None:
    ref = local_ref("3b1f")
    assert ref == "local:3b1f" and is_local_ref(ref) and local_contact_id_of(ref) == "3b1f"
    assert not is_local_ref("8a2c0d5e-1111-4222-8333-944455556666") and not is_local_ref(None)
    with pytest.raises(ValueError):
        local_contact_id_of("3b1f")
