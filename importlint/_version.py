"""The version, kept apart so that `--version` needs no other import."""

__version__ = "0.1.0"
