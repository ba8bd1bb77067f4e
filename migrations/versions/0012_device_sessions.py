"""Accounts: one session per signed-in device, so that signing out ends it on the server

Signing out used to forget the session only in the browser: a copied session or remember-me
cookie still worked. Each sign-in now opens a ``device_session`` row that both cookies name by
a secret key (stored hashed); signing out, "sign out everywhere", a password change or reset,
a suspension and a role change delete rows. Cookies issued before this revision name no row:
everyone signs in once more after the upgrade. ``user.session_token`` is no longer read; it
stays, since dropping a unique column on SQLite rebuilds the user table.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "device_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("user_agent", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_device_session_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_session")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_device_session_key_hash")),
    )
    op.create_index(op.f("ix_device_session_user_id"), "device_session", ["user_id"])


def downgrade():
    op.drop_index(op.f("ix_device_session_user_id"), table_name="device_session")
    op.drop_table("device_session")
