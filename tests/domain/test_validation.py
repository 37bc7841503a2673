"""Each validation fault has its own specific message."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import Channel, DepthLevel, Reception, Topic
from ixcoach_desktop.domain.validation import (
    NAME_MAX_CHARS,
    TEXT_MAX_CHARS,
    Fault,
    InvalidInputError,
    contact_faults,
    exchange_faults,
    parse_choice,
    validate_contact,
)

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def exchange(**changes: Any) -> Exchange:
    base = Exchange(
        contact_id=1,
        occurred_at=NOW - timedelta(hours=1),
        my_level=DepthLevel.PERSONAL,
        their_level=DepthLevel.PERSONAL,
        reception=Reception.SUPPORTIVE,
    )
    return replace(base, **changes)


def messages(faults: list[Fault]) -> str:
    return " | ".join(f.message for f in faults)


def test_a_valid_contact_has_no_faults_and_is_trimmed() -> None:
    assert contact_faults(Contact("  Sam  ")) == []
    assert (
        contact_faults(
            Contact(
                "Sam",
                cadence_days=14,
                overdue_days=14,
                emails=("sam@example.org",),
                phones=("+44 20 7946 0018",),
            )
        )
        == []
    )
    assert validate_contact(Contact("  Sam  ")).name == "Sam"


@pytest.mark.parametrize(
    ("contact", "field", "fragment"),
    [
        (Contact(""), "name", "name is empty"),
        (Contact("   "), "name", "name is empty"),
        (Contact("x" * (NAME_MAX_CHARS + 1)), "name", f"limit is {NAME_MAX_CHARS}"),
        (Contact("Sam\x07"), "name", "control characters"),
        (Contact("Sam", cadence_days=0), "cadence_days", "between 1 and 365"),
        (Contact("Sam", cadence_days=400), "cadence_days", "not 400"),
        (Contact("Sam", notes="n" * (TEXT_MAX_CHARS + 1)), "notes", "Notes is"),
        (Contact("Sam", cadence_days=30, overdue_days=20), "overdue_days", "cadence (30)"),
        (Contact("Sam", overdue_days=400), "overdue_days", "and 365, not 400"),
        (Contact("Sam", emails=("a@b.org", " ")), "emails", "e-mail address is empty"),
        (Contact("Sam", emails=("a\nb@c.org",)), "emails", "cannot be saved"),
        (Contact("Sam", phones=("1" * 255,)), "phones", "longer than 254"),
        (Contact("Sam", phones=("+1 555\ud800",)), "phones", "cannot be saved"),
    ],
)
def test_contact_faults_are_specific(contact: Contact, field: str, fragment: str) -> None:
    faults = contact_faults(contact)
    assert [f.field for f in faults] == [field]
    assert fragment in faults[0].message


def test_a_valid_exchange_has_no_faults() -> None:
    assert exchange_faults(exchange(), NOW) == []
    assert exchange_faults(exchange(conversation_id="3f2a9c0e6b7d4e1f8a5b2c3d4e5f6a7b"), NOW) == []


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"my_level": 6}, "my_level", "My level must be between 0 and 5, not 6"),
        ({"their_level": -1}, "their_level", "Their level must be between 0 and 5, not -1"),
        ({"reception": 0}, "reception", "Reception must be between 1 and 5, not 0"),
        ({"reception": 9}, "reception", "not 9"),
        ({"stress_before": 11}, "stress_before", "Stress before must be between 0 and 10"),
        ({"stress_after": -2}, "stress_after", "Stress after must be between 0 and 10"),
        ({"occurred_at": NOW + timedelta(days=1)}, "occurred_at", "in the future"),
        ({"occurred_at": datetime(1850, 1, 1, tzinfo=UTC)}, "occurred_at", "before 1900"),
        ({"occurred_at": datetime(2026, 1, 1)}, "occurred_at", "no time zone"),
        ({"what_i_shared": "x" * (TEXT_MAX_CHARS + 1)}, "what_i_shared", "What I shared is"),
        ({"what_they_shared": "x" * (TEXT_MAX_CHARS + 1)}, "what_they_shared", "limit"),
        ({"notes": "x" * (TEXT_MAX_CHARS + 1)}, "notes", "Notes is"),
        ({"notes": "a\x00b"}, "notes", "NUL"),
        ({"conversation_id": ""}, "conversation_id", "not a conversation id"),
        ({"conversation_id": "a b"}, "conversation_id", "'a b'"),
        ({"conversation_id": "x" * 65}, "conversation_id", "not a conversation id"),
    ],
)
def test_exchange_faults_are_specific(
    changes: dict[str, object], field: str, fragment: str
) -> None:
    faults = exchange_faults(exchange(**changes), NOW)
    assert [f.field for f in faults] == [field], messages(faults)
    assert fragment in faults[0].message


def test_a_few_minutes_of_clock_skew_is_tolerated() -> None:
    assert exchange_faults(exchange(occurred_at=NOW + timedelta(minutes=2)), NOW) == []


def test_several_faults_are_reported_together() -> None:
    faults = exchange_faults(exchange(my_level=7, stress_before=12), NOW)
    assert {f.field for f in faults} == {"my_level", "stress_before"}


def test_unknown_topic_names_the_allowed_ones() -> None:
    assert parse_choice(Topic, "topics", "Work or studies") is Topic.WORK
    assert parse_choice(Channel, "channel", "IN_PERSON") is Channel.IN_PERSON
    with pytest.raises(InvalidInputError, match="Unknown topic 'gossip'; use one of: tastes"):
        parse_choice(Topic, "topics", "gossip")


def test_depth_levels_have_names_and_examples() -> None:
    assert [d.label for d in DepthLevel] == [
        "nothing",
        "surface",
        "preferences",
        "personal",
        "vulnerable",
        "core",
    ]
    assert "rarely" in DepthLevel.CORE.example
    assert Topic.BODY.mean_intimacy == 4.85
    assert Reception.DEEPLY_UNDERSTOOD.label == "deeply understood"
