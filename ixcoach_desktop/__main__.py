"""``python -m ixcoach_desktop``."""

from ixcoach_desktop.cli import launch

launch()
