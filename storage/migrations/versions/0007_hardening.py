"""slack_posts: every post the bot must make once, by key, with its attempts and where it landed

A post whose Slack call timed out or got a 5xx may or may not have landed. The attempt is
recorded (committed) before Slack is called, so that whoever comes next (the same request
checking, a second click, the next digest run, a process taking over after a crash) looks in
the channel's history for the post's key before posting again (bot/posting.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slack_posts",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("channel_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("ts", sa.String(length=40), nullable=True),
        sa.Column("problem", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_slack_posts")),
    )
    with op.batch_alter_table("slack_posts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_posts_last_attempt_at"), ["last_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_posts_last_attempt_at"))
    op.drop_table("slack_posts")
