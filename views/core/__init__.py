"""What every view of the panel shares: the base view in parts, forms, filters, formats."""
