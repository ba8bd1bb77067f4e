"""Forum: indexes on when posts and threads were written, for monitoring's periods

Each monitoring page counts posts, threads and active members over a period; without these
indexes every count read the whole forum (three scans of a million posts for the all-networks
page).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 00:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_forum_post_created_at", "forum_post", ["created_at", "author_id", "deleted_at"]
    )
    op.create_index("ix_forum_thread_created_at", "forum_thread", ["created_at", "author_id"])


def downgrade():
    op.drop_index("ix_forum_thread_created_at", table_name="forum_thread")
    op.drop_index("ix_forum_post_created_at", table_name="forum_post")
