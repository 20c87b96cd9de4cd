"""hours."""
