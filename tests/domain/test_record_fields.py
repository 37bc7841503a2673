"""The records' field lists name exactly the dataclasses' fields."""

from __future__ import annotations

from dataclasses import fields

from ixcoach_desktop.domain.models import (
    CONTACT_FIELDS,
    EXCHANGE_FIELDS,
    POINT_FIELDS,
    Contact,
    Exchange,
)
from ixcoach_desktop.domain.scales import (
    Channel,
    DepthLevel,
    Topic,
    by_value,
    topic_keys,
    topic_set,
)


def test_field_lists_name_every_field_once() -> None:
    assert sorted(CONTACT_FIELDS) == sorted(f.name for f in fields(Contact))
    assert sorted(EXCHANGE_FIELDS) == sorted(f.name for f in fields(Exchange))
    assert set(POINT_FIELDS) <= set(EXCHANGE_FIELDS)


def test_lookups_by_value_cover_every_member() -> None:
    assert by_value(DepthLevel)[3] is DepthLevel.PERSONAL
    assert by_value(Channel)["call"] is Channel.CALL
    assert len(by_value(Topic)) == len(Topic)


def test_topic_keys_follow_declaration_order_and_read_back() -> None:
    topics = frozenset({Topic.BODY, Topic.TASTES})
    assert topic_keys(topics) == ("tastes", "body")
    assert topic_set(topic_keys(topics)) == topics
