"""Figures of the start page's charts: aggregated, non-personal, scoped to the user."""
