"""The cross-carrier personal budget (002, DOMAIN part H)."""
