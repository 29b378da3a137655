"""Pages of the councils app, one module per area."""
