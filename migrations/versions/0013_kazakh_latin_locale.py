"""Accounts: room for the code of Kazakh in Latin letters in a user's language

The interface gains ``kk_Latn`` (Kazakh in the 2021 Latin alphabet, issue #17), seven
characters; ``user.locale`` held five, which PostgreSQL enforces. SQLite rebuilds the user
table (batch mode) for the new length. Going back, accounts reading Kazakh in Latin letters
read it in Cyrillic.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column(
            "locale",
            existing_type=sa.String(length=5),
            type_=sa.String(length=16),
            existing_nullable=False,
        )


def downgrade():
    op.execute("UPDATE \"user\" SET locale = 'kk' WHERE locale = 'kk_Latn'")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column(
            "locale",
            existing_type=sa.String(length=16),
            type_=sa.String(length=5),
            existing_nullable=False,
        )
