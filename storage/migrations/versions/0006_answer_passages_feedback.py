"""Answers: translated knowledge, what a card provides and its figures, why a question was declined, 👍/👎

- answer_cards.provides: the kinds of fact a card answers besides what it is (count, amount,
  date, place, who, process, find), so that a question asking for one is never answered by a card
  that lacks it; answer_cards.figures: its published figures by label ({"global": 16, ...}).
- questions.reason: why a question was declined (missing_year, breakdown, person, advice, ...);
  questions.resolved_by: the answer card the secretariat wrote for it from `/ask unanswered`.

- answer_feedback: one vote a user gives an answer (+1 / -1), the latest kept.
- answer_cards, programmes, documents.translations: their texts in French and Spanish.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

TRANSLATED = ("answer_cards", "programmes", "documents")
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# Columns are added and dropped in place (SQLite 3.35+ drops columns itself): a batch copy of
# programmes or documents would break the search views and triggers built on them (0002).


def upgrade() -> None:
    op.add_column("answer_cards", sa.Column("provides", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("answer_cards", sa.Column("figures", sa.JSON(), nullable=False, server_default="{}"))
    for table in TRANSLATED:
        op.add_column(table, sa.Column("translations", sa.JSON(), nullable=False, server_default="{}"))
    op.add_column("questions", sa.Column("reason", sa.String(length=30), nullable=True))
    op.add_column("questions", sa.Column("resolved_by", sa.String(length=80), nullable=True))
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
    for table, column in (
        ("questions", "resolved_by"),
        ("questions", "reason"),
        ("answer_cards", "figures"),
        ("answer_cards", "provides"),
        *((table, "translations") for table in TRANSLATED),
    ):
        op.drop_column(table, column)  # fmt: skip
