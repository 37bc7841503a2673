"""Entry point of the frozen app: the same ``launch`` as the installed ``ixcoach-desktop``."""

from ixcoach_desktop.cli import launch

launch()
