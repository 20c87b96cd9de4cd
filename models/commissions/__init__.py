"""IFD commissions (DOMAIN part F, 004 KlifdWeb HaGe): phases with gates, contacts, tasks,
results."""
