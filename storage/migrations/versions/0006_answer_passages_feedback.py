"""Answers: what each answer card provides and its figures; why a question was declined; 👍/👎

- answer_cards.provides: the kinds of fact a card answers besides what it is (count, amount,
  date, place, who, process, find), so that a question asking for one is never answered by a card
  that lacks it; answer_cards.figures: its published figures by label ({"global": 16, ...}).
- questions.reason: why a question was declined (missing_year, breakdown, person, advice, ...);
  questions.resolved_by: the answer card the secretariat wrote for it from `/ask unanswered`.

- answer_feedback: one vote a user gives an answer (+1 / -1), the latest kept.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("answer_cards") as batch:
        batch.add_column(sa.Column("provides", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("figures", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("questions") as batch:
        batch.add_column(sa.Column("reason", sa.String(length=30), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(length=80), nullable=True))
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("vote", sa.Integer(), nullable=False),
        sa.Column("voted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["questions.id"], name=op.f("fk_answer_feedback_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_feedback")),
        sa.UniqueConstraint("question_id", "user_id", name=op.f("uq_answer_feedback_question_id")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("answer_feedback")
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("resolved_by")
        batch.drop_column("reason")
    with op.batch_alter_table("answer_cards") as batch:
        batch.drop_column("figures")
        batch.drop_column("provides")
