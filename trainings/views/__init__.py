"""Pages of the trainings app, one module per area (campaigns, sessions, roster, attendance, printables)."""
