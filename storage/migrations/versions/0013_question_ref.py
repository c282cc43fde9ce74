"""questions.ref: the key an answer's 👍 / 👎 buttons carry, made before the question is kept

The question is written after the ack (a write in the request held SQLite's write lock through it),
so its buttons cannot carry its id; they carry this random key instead. Rows kept before have none
(their buttons carry the id, which is still read).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ref", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_questions_ref"), ["ref"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_ref"))
        batch_op.drop_column("ref")
