"""pending_documents: a document described in `/docs add` whose file is still to come by DM

Kept apart from `documents`, so that the library never lists a document without its file
(and the search index never sees one): the document row is made when the file arrives.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_documents")),
        sa.UniqueConstraint("user_id", name=op.f("uq_pending_documents_user_id")),
    )


def downgrade() -> None:
    op.drop_table("pending_documents")
