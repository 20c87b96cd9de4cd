"""Sections and pickers that pages of several areas embed: documents, messages, proofs of
disability, eligibility data, the participation picker. They import only views.core."""
