"""user_languages: each user's Slack locale (cached, with when it was read) and chosen language

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_languages",
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("slack_locale", sa.String(length=20), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.Column("chosen", sa.String(length=2), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_languages")),
    )


def downgrade() -> None:
    op.drop_table("user_languages")
