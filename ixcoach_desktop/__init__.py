"""IX Coach Desktop: a private journal for deepening relationships by reciprocal disclosure."""

__version__ = "0.1.0"
APP_NAME = "ixcoach-desktop"
APP_DISPLAY_NAME = "IX Coach Desktop"
APP_ID = "io.github.ixcoach.Desktop"
