"""A replaceable source of "now", so services and tests agree on time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from ixcoach_desktop.domain.models import utc_now

Clock = Callable[[], datetime]
system_clock: Clock = utc_now
