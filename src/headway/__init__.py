"""Headway: career management you own."""

__version__ = "0.1.0"
