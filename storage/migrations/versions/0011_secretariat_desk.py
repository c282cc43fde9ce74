"""the secretariat's desk: reminders before arrangements end, the audit trail, commands used

- digest_runs.kind: digest | reminders | usage; the one claim-and-deliver machinery carries the
  weekly digest, the reminders and the weekly usage report alike.
- reminder_claims: an arrangement reminded once per end date and threshold, by one run.
- audit_events: who did what when, with the values before and after (the NKPO directory keeps
  its own record in nkpo_changes, read with it).
- command_uses: which slash commands are used, for the usage report (not who used them).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("digest_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="digest"))
    op.create_table(
        "reminder_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("arrangement_id", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["arrangement_id"],
            ["arrangements.id"],
            name=op.f("fk_reminder_claims_arrangement_id_arrangements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["digest_runs.id"],
            name=op.f("fk_reminder_claims_run_id_digest_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_claims")),
        sa.UniqueConstraint("arrangement_id", "ends_on", "threshold", name="uq_reminder_claims_once"),
    )
    op.create_index(op.f("ix_reminder_claims_run_id"), "reminder_claims", ["run_id"], unique=False)
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"], unique=False)
    op.create_index(op.f("ix_audit_events_actor"), "audit_events", ["actor"], unique=False)
    op.create_table(
        "command_uses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=40), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_command_uses")),
    )
    op.create_index(op.f("ix_command_uses_used_at"), "command_uses", ["used_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_command_uses_used_at"), table_name="command_uses")
    op.drop_table("command_uses")
    op.drop_index(op.f("ix_audit_events_actor"), table_name="audit_events")
    op.drop_index("ix_audit_events_at", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index(op.f("ix_reminder_claims_run_id"), table_name="reminder_claims")
    op.drop_table("reminder_claims")
    # Runs of the other kinds go with the column: before it, every run was a digest period.
    op.execute(
        "DELETE FROM digest_deliveries WHERE run_id IN (SELECT id FROM digest_runs WHERE kind <> 'digest')"
    )
    op.execute("DELETE FROM digest_runs WHERE kind <> 'digest'")
    with op.batch_alter_table("digest_runs", schema=None) as batch_op:
        batch_op.drop_column("kind")
