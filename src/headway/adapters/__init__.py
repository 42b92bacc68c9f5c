"""Adapters at the edge: storage, bundled data and file formats."""
