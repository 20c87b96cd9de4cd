"""Data exports of 001 §8 (DOMAIN J): requested, produced by the task queue, kept 30 days."""
