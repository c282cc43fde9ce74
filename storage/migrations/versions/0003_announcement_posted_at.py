"""announcements.posted_at: when an announcement reached the channel (the digest lists by it)

A draft can wait before it is posted, so its added_at says nothing about which digest
period it belongs to.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("posted_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_announcements_posted_at"), ["posted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("announcements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_announcements_posted_at"))
        batch_op.drop_column("posted_at")
