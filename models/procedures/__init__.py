"""Needs-assessment procedures (PerSEH, 000; DOMAIN part G) and service agreements."""
