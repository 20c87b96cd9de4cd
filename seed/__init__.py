"""Factories and demo data, shared by `flask seed` and the tests."""
