"""Believable sample data whose relationships exercise every guidance rule."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from ixcoach_desktop.domain.models import Contact, Exchange
from ixcoach_desktop.domain.scales import (
    Channel,
    DepthLevel,
    Opener,
    Reception,
    RelationshipKind,
    Topic,
)
from ixcoach_desktop.services.clock import Clock, system_clock
from ixcoach_desktop.services.errors import ServiceError
from ixcoach_desktop.storage.journal import Journal

_FIRST_NAMES = (
    "Amara", "Ben", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiroshi",
    "Inès", "Jonas", "Kwame", "Lucía", "Mateo", "Nadia", "Oskar", "Priya",
    "Quentin", "Rosa", "Søren", "Tamar", "Uma", "Viktor", "Wen", "Ximena",
    "Yusuf", "Zoë", "Aoife", "Bruno", "Céline", "Darius", "Eun-ji", "Felix",
    "Grace", "Hamid", "Ingrid", "José", "Kalani", "Lena", "Malik", "Noor",
)  # fmt: skip
_SURNAMES = (
    "Adeyemi", "Becker", "Castillo", "Dubois", "Eriksen", "Fernández", "García",
    "Haddad", "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura",
    "O'Brien", "Petrović", "Quispe", "Rossi", "Schäfer", "Takahashi", "Umarov",
    "Varga", "Walker", "Xu", "Yılmaz", "Zielińska", "Ahmed", "Brennan", "Chen",
    "Dlamini", "Esposito", "Fischer", "Gómez", "Horvath", "Ibrahim", "Jovanović",
    "Kim", "López", "Müller", "Nowak",
)  # fmt: skip

_WHAT_I_SHARED = {
    1: ("weekend plans", "news about the move", "a film I saw"),
    2: ("why I like my new running route", "my take on the new project",
        "what I think of the neighbourhood"),
    3: ("that I worry about my mother's health", "that I hope to change careers",
        "how lonely the new city felt at first"),
    4: ("that I feel like a fraud at work", "the falling-out with my brother",
        "how scared I was after the diagnosis"),
    5: ("the panic attacks I have kept secret", "the debt I have told no one about"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoSummary:
    contacts: int
    exchanges: int


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One kind of relationship trajectory: a note and a level generator."""

    note: str
    kind: RelationshipKind
    # progress 0..1 through the relationship, rng -> (mine, theirs, reception 1-5)
    levels: Callable[[float, random.Random], tuple[int, int, int]]
    # Lapsed relationships stop this many days ago; others run up to today.
    ended_days_ago: int = 0
    # How stress goes after these talks, in points against the user's usual
    # course (negative: calmer), and how often both stress fields are filled
    # in: together they show every band of the stress effect.
    stress_shift: float = 0.0
    stress_logged: float = 0.5


def _clamp(value: float) -> int:
    return max(0, min(5, round(value)))


def _balanced(t: float, rng: random.Random) -> tuple[int, int, int]:
    base = 1 + 3 * t + rng.uniform(-0.5, 0.5)
    return _clamp(base + rng.choice((-1, 0, 0))), _clamp(base), rng.choice((4, 4, 5))


def _over_discloser(t: float, rng: random.Random) -> tuple[int, int, int]:
    if t < 0.3:
        return rng.choice((4, 5)), rng.choice((1, 1, 2)), rng.choice((2, 3))
    base = 1.5 + t + rng.uniform(-0.5, 0.5)
    return _clamp(base + 1), _clamp(base), rng.choice((3, 4))


def _surface_only(_t: float, rng: random.Random) -> tuple[int, int, int]:
    return rng.choice((1, 2)), rng.choice((1, 2)), rng.choice((3, 4))


def _one_sided(_t: float, rng: random.Random) -> tuple[int, int, int]:
    return rng.choice((3, 4)), rng.choice((0, 1, 1)), rng.choice((2, 3, 3))


def _poorly_received(_t: float, rng: random.Random) -> tuple[int, int, int]:
    return rng.choice((3, 3, 4)), rng.choice((1, 2, 3)), rng.choice((1, 1, 2, 3))


_PATTERNS = (
    _Pattern("Sample: steady, balanced deepening.", RelationshipKind.FRIEND, _balanced,
             stress_logged=0.7),
    _Pattern("Sample: over-disclosed early on.", RelationshipKind.COLLEAGUE, _over_discloser),
    _Pattern("Sample: friendly but surface-only.", RelationshipKind.FRIEND, _surface_only),
    _Pattern("Sample: one-sided, I share, they don't.", RelationshipKind.OTHER, _one_sided,
             stress_logged=0.25),
    _Pattern("Sample: lapsed, no talk for months.", RelationshipKind.FRIEND, _balanced, 120),
    _Pattern("Sample: often received poorly.", RelationshipKind.FAMILY, _poorly_received,
             stress_shift=1.5, stress_logged=0.7),
    _Pattern("Sample: close family, balanced.", RelationshipKind.FAMILY, _balanced,
             stress_shift=-1.5, stress_logged=0.7),
    _Pattern("Sample: partner, balanced and deep.", RelationshipKind.PARTNER, _balanced,
             stress_shift=-2.0, stress_logged=0.8),
)  # fmt: skip


def _stress(pattern: _Pattern, rng: random.Random) -> tuple[int | None, int | None]:
    """Stress before and after, or neither: after comes halfway back toward a calm 3,
    as stress does on its own, moved by the pattern's shift; now and then the
    "after" is forgotten."""
    if rng.random() >= pattern.stress_logged:
        return None, None
    before = rng.choice((2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9))
    if rng.random() < 0.1:
        return before, None
    after = 1.5 + 0.5 * before + pattern.stress_shift + rng.gauss(0, 1)
    return before, max(0, min(10, round(after)))


# Spread over about a year and a half: long enough for trends and lapses.
_HISTORY_DAYS = 540


def _names(count: int, rng: random.Random) -> Iterator[str]:
    pairs = [(f, s) for f in _FIRST_NAMES for s in _SURNAMES]
    rng.shuffle(pairs)
    for index in range(count):
        first, surname = pairs[index % len(pairs)]
        round_ = index // len(pairs)
        yield f"{first} {surname}" if round_ == 0 else f"{first} {surname} {round_ + 1}"


def _shares(total: int, parts: int) -> list[int]:
    """Split ``total`` exchanges over contacts, skewed like real social networks.

    The first contacts get the most (Zipf-like weights), so large journals have
    a few very long relationships, as heavy users do.
    """
    weights = [1 / (i + 1) ** 0.8 for i in range(parts)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % parts] += 1
    return shares


def _exchanges_for(
    contact_id: int, pattern: _Pattern, count: int, now: datetime, rng: random.Random
) -> Iterator[Exchange]:
    end = now - timedelta(days=pattern.ended_days_ago, hours=2)
    span = timedelta(days=_HISTORY_DAYS - pattern.ended_days_ago)
    start = end - span
    topics = list(Topic)
    for index in range(count):
        t = (index + 1) / count
        when = start + span * t - timedelta(minutes=rng.randint(0, 600))
        mine, theirs, reception = pattern.levels(t, rng)
        shared = _WHAT_I_SHARED.get(mine, ("",))
        stress_before, stress_after = _stress(pattern, rng)
        yield Exchange(
            contact_id=contact_id,
            occurred_at=when,
            my_level=DepthLevel(mine),
            their_level=DepthLevel(theirs),
            reception=None if mine == 0 else Reception(reception),
            channel=rng.choice(tuple(Channel)),
            opened_by=rng.choice(tuple(Opener)),
            topics=frozenset(rng.sample(topics, rng.randint(1, 2))),
            my_emotional=mine >= 3 and rng.random() < 0.7,
            their_emotional=theirs >= 3 and rng.random() < 0.7,
            what_i_shared=rng.choice(shared),
            stress_before=stress_before,
            stress_after=stress_after,
        )


class DemoService:
    """Fills an empty journal with sample data, deterministically per seed."""

    def __init__(self, journal: Journal, clock: Clock = system_clock) -> None:
        self._journal = journal
        self._clock = clock

    def fill(self, contacts: int, exchanges: int, seed: int) -> DemoSummary:
        if contacts < 1:
            raise ServiceError("Sample data needs at least one contact.")
        if exchanges < 0:
            raise ServiceError("The number of exchanges cannot be negative.")
        rng = random.Random(seed)
        now = self._clock()
        with self._journal.unit_of_work() as uow:
            if uow.contacts.count() or uow.exchanges.count():
                raise ServiceError(
                    "The journal already holds entries; sample data only goes "
                    "into an empty journal. Choose another --data-dir."
                )
            added = 0
            names = _names(contacts, rng)
            for index, share in enumerate(_shares(exchanges, contacts)):
                pattern = _PATTERNS[index % len(_PATTERNS)]
                contact = uow.contacts.add(
                    Contact(
                        name=next(names),
                        kind=pattern.kind,
                        cadence_days=rng.choice((7, 14, 14, 21, 30)),
                        notes=pattern.note,
                        created_at=now - timedelta(days=_HISTORY_DAYS + 1),
                    ),
                    now,
                )
                assert contact.id is not None
                added += uow.exchanges.add_many(
                    _exchanges_for(contact.id, pattern, share, now, rng), now
                )
            uow.commit()
        return DemoSummary(contacts, added)
