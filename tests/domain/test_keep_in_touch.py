"""Keep-in-touch status at and around its boundaries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ixcoach_desktop.domain.keep_in_touch import (
    ContactStatus,
    keep_in_touch,
    status_since,
)
from tests.domain.builders import NOW, ex


def test_no_exchanges_yet() -> None:
    result = keep_in_touch([], 14, NOW)
    assert result.status is ContactStatus.NO_EXCHANGES
    assert result.days_since_last is None
    assert result.reason == "No exchanges logged yet."


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (0, ContactStatus.ON_TRACK),
        (13, ContactStatus.ON_TRACK),
        (14, ContactStatus.DUE),
        (20, ContactStatus.DUE),
        (21, ContactStatus.OVERDUE),
        (90, ContactStatus.OVERDUE),
    ],
)
def test_due_from_the_cadence_overdue_from_one_and_a_half(days: int, status: ContactStatus) -> None:
    assert status_since(NOW - timedelta(days=days), 14, NOW).status is status


def test_partial_days_do_not_count() -> None:
    almost = NOW - timedelta(days=14) + timedelta(minutes=1)
    result = status_since(almost, 14, NOW)
    assert result.days_since_last == 13
    assert result.status is ContactStatus.ON_TRACK


def test_odd_cadence_rounds_overdue_up() -> None:
    # 1.5 x 7 = 10.5: day 10 is still only due.
    assert status_since(NOW - timedelta(days=10), 7, NOW).status is ContactStatus.DUE
    assert status_since(NOW - timedelta(days=11), 7, NOW).status is ContactStatus.OVERDUE


def test_latest_exchange_counts_whatever_the_order() -> None:
    result = keep_in_touch([ex(1, 1, days_ago=3), ex(1, 1, days_ago=30)], 14, NOW)
    assert result.days_since_last == 3
    assert result.reason == "Last exchange 3 days ago; next one due in 11 days."


def test_reasons_read_naturally() -> None:
    assert status_since(NOW, 1, NOW).reason == ("Last exchange today; next one due in 1 day.")
    assert status_since(NOW - timedelta(days=1), 1, NOW).reason == (
        "Last exchange yesterday; you aim to be in touch every day."
    )
    assert status_since(NOW - timedelta(days=40), 14, NOW).reason == (
        "Last exchange 40 days ago; overdue against your aim of every 14 days."
    )


def test_clock_skew_counts_as_today() -> None:
    result = status_since(NOW + timedelta(minutes=3), 14, NOW)
    assert result.days_since_last == 0
    assert result.status is ContactStatus.ON_TRACK
