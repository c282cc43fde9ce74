"""PostgreSQL: search indexes written through at once (GIN fastupdate off); nothing on SQLite

With GIN's default fastupdate, new rows wait in a pending list that every search scans until
a vacuum merges it. After an import that list holds thousands of rows, and a search that takes
0.03 ms takes 0.5-5 ms (the planner even turns to a sequential scan, since the pending pages
make the index look dear): measured with bench/http.py after loading 100,000 arrangements.
Imports are rare and searches constant, so rows go straight into the index, and what is
pending now is merged.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 16:30:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = ("ix_arrangements_search_vector", "ix_programmes_search_vector", "ix_documents_search_vector")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
        op.execute(f"SELECT gin_clean_pending_list('{index}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for index in INDEXES:
        op.execute(f"ALTER INDEX {index} RESET (fastupdate)")
