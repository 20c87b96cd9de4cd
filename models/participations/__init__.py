"""participations."""
