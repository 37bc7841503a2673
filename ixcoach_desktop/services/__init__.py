"""The only entry point above storage: typed operations returning plain values."""
