"""disability."""
