"""Storage: models, the database handle, migrations and seed data."""
