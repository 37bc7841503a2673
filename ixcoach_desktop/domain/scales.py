"""The scales of the practice as named types, and their lookups by stored value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum, StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import TypeVar, cast

_Member = TypeVar("_Member", bound=Enum)


class DepthLevel(IntEnum):
    """How deep one side of an exchange went, 0-5."""

    NOTHING = 0
    SURFACE = 1
    PREFERENCES = 2
    PERSONAL = 3
    VULNERABLE = 4
    CORE = 5

    @property
    def label(self) -> str:
        return _DEPTH_INFO[self].label

    @property
    def example(self) -> str:
        return _DEPTH_INFO[self].example


@dataclass(frozen=True, slots=True)
class _ScaleInfo:
    label: str
    example: str


# Levels 4 and 5 get concrete examples because people compress the top of a
# rating scale when its anchors are vague (Sherman & Goodson 1975).
_DEPTH_INFO: dict[DepthLevel, _ScaleInfo] = {
    DepthLevel.NOTHING: _ScaleInfo("nothing", "listened only, no disclosure"),
    DepthLevel.SURFACE: _ScaleInfo("surface", "plans, news, facts anyone could know"),
    DepthLevel.PREFERENCES: _ScaleInfo("preferences", "tastes, opinions, everyday work or study"),
    DepthLevel.PERSONAL: _ScaleInfo("personal", "how I really feel about my life, worries, hopes"),
    DepthLevel.VULNERABLE: _ScaleInfo(
        "vulnerable",
        "insecurities, hurts, fears I rarely voice — e.g. feeling like a fraud at "
        "work, a falling-out that still stings",
    ),
    DepthLevel.CORE: _ScaleInfo(
        "core",
        "deepest fears, shame, crisis — e.g. a secret I have told no one, thoughts "
        "of giving up; rarely appropriate early",
    ),
}

MIN_LEVEL = int(DepthLevel.NOTHING)
MAX_LEVEL = int(DepthLevel.CORE)


class Reception(IntEnum):
    """How the other person received what I shared, 1-5."""

    DISMISSIVE = 1
    AWKWARD = 2
    NEUTRAL = 3
    SUPPORTIVE = 4
    DEEPLY_UNDERSTOOD = 5

    @property
    def label(self) -> str:
        return _RECEPTION_LABELS[self]


_RECEPTION_LABELS: dict[Reception, str] = {
    Reception.DISMISSIVE: "dismissive",
    Reception.AWKWARD: "awkward",
    Reception.NEUTRAL: "neutral",
    Reception.SUPPORTIVE: "supportive",
    Reception.DEEPLY_UNDERSTOOD: "deeply understood",
}

MIN_RECEPTION = int(Reception.DISMISSIVE)
MAX_RECEPTION = int(Reception.DEEPLY_UNDERSTOOD)


class Topic(StrEnum):
    """The six disclosure categories of Ma, Hancock & Naaman (2016)."""

    TASTES = "tastes"
    WORK = "work"
    ATTITUDES = "attitudes"
    RELATIONSHIPS = "relationships"
    MONEY = "money"
    BODY = "body"

    @property
    def label(self) -> str:
        return _TOPIC_INFO[self][0]

    @property
    def mean_intimacy(self) -> float:
        """Mean rated intimacy of the category's items on a 1-7 scale (269 raters)."""
        return _TOPIC_INFO[self][1]


_TOPIC_INFO: dict[Topic, tuple[str, float]] = {
    Topic.TASTES: ("Tastes & interests", 2.59),
    Topic.WORK: ("Work or studies", 3.25),
    Topic.ATTITUDES: ("Attitudes & opinions", 3.46),
    Topic.RELATIONSHIPS: ("Relationships & self-concept", 4.44),
    Topic.MONEY: ("Money & social status", 4.58),
    Topic.BODY: ("Body, health & sexuality", 4.85),
}


class Channel(StrEnum):
    """Where the exchange happened."""

    IN_PERSON = "in_person"
    CALL = "call"
    VIDEO = "video"
    MESSAGE = "message"

    @property
    def label(self) -> str:
        return {
            Channel.IN_PERSON: "In person",
            Channel.CALL: "Call",
            Channel.VIDEO: "Video",
            Channel.MESSAGE: "Message",
        }[self]


class Opener(StrEnum):
    """Who opened the exchange."""

    ME = "me"
    THEM = "them"

    @property
    def label(self) -> str:
        return {Opener.ME: "Me", Opener.THEM: "Them"}[self]


class RelationshipKind(StrEnum):
    """What the person is to the user."""

    FRIEND = "friend"
    FAMILY = "family"
    PARTNER = "partner"
    COLLEAGUE = "colleague"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


MIN_STRESS = 0
MAX_STRESS = 10


_BY_VALUE: dict[type[Enum], Mapping[object, Enum]] = {}


def by_value(scale: type[_Member]) -> Mapping[object, _Member]:
    """The members of ``scale`` by their stored value (the level's number, the key's text).

    One table per scale, shared by storage, imports and exports: a dict hit
    instead of calling the Enum class, which is much slower over the
    thousands of values a long history or a large import holds. The caller
    checks the value's type first where it matters (True equals 1).
    """
    table = _BY_VALUE.get(scale)
    if table is None:
        table = _BY_VALUE[scale] = MappingProxyType({member.value: member for member in scale})
    return cast(Mapping[object, _Member], table)


# A journal holds at most 64 sets of topics; the bound only matters for
# hand-written import files, which may list any keys in any order.
_TOPIC_CACHE_SIZE = 256


@lru_cache(maxsize=_TOPIC_CACHE_SIZE)
def topic_keys(topics: frozenset[Topic]) -> tuple[str, ...]:
    """The keys of ``topics`` in declaration order, so a set is always written the same way."""
    return tuple(topic.value for topic in Topic if topic in topics)


@lru_cache(maxsize=_TOPIC_CACHE_SIZE)
def topic_set(keys: tuple[str, ...]) -> frozenset[Topic]:
    """The topics named by ``keys`` (stored keys, exactly); KeyError for any other text."""
    table = by_value(Topic)
    return frozenset(table[key] for key in keys)
