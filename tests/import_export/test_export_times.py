"""Times in a JSON export: ISO 8601 in UTC with the offset, microseconds only when there are any."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from ixcoach_desktop.services.json_records import iso_moment

ELSEWHERE = timezone(timedelta(hours=-3))


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (None, None),
        (datetime(2024, 5, 1, 14, 30, tzinfo=UTC), "2024-05-01T14:30:00+00:00"),
        (datetime(2024, 5, 1, 14, 30, 0, 250_000, tzinfo=UTC), "2024-05-01T14:30:00.250000+00:00"),
        (datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "0999-01-02T03:04:05.000006+00:00"),
        (datetime(2024, 12, 31, 22, 0, tzinfo=ELSEWHERE), "2025-01-01T01:00:00+00:00"),
    ],
)
def test_iso_moment_is_isoformat_in_utc(moment: datetime | None, written: str | None) -> None:
    assert iso_moment(moment) == written
    if moment is not None:
        assert written == moment.astimezone(UTC).isoformat()
