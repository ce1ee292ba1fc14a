"""Koersvast: portfoliomanagement voor gemeenten (portfolio management for Dutch municipalities)."""

__version__ = "0.1.0"
