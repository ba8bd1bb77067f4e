"""Forum: each category keeps its thread count; threads indexed by their latest post

The forum index counted every thread of every visible category on each view, and its
unread figures read every thread too. Categories now keep ``thread_count`` (filled here from
the threads they hold), and the unread figure reads only the threads active lately, found
through the new index on ``last_post_at``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 00:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("forum_category", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("thread_count", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE forum_category SET thread_count = "
        "(SELECT count(*) FROM forum_thread WHERE forum_thread.category_id = forum_category.id)"
    )
    op.create_index("ix_forum_thread_last_post_at", "forum_thread", ["last_post_at"])


def downgrade():
    op.drop_index("ix_forum_thread_last_post_at", table_name="forum_thread")
    with op.batch_alter_table("forum_category", schema=None) as batch_op:
        batch_op.drop_column("thread_count")
