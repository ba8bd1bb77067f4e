"""Forum: posts and threads indexed by author, then date, for one school's or network's figures

Monitoring a school or a network counts its people's posts and threads over a period. The
index by date made that read every post of the period across the whole forum (725 ms for a
network of 100 schools on the 1M-post PostgreSQL benchmark); by author, then date, it reads
a range per person (66 ms). The new indexes start with the author, so they replace the plain
author indexes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 04:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_forum_post_author_created", "forum_post", ["author_id", "created_at", "deleted_at"]
    )
    op.drop_index("ix_forum_post_author_id", table_name="forum_post")
    op.create_index("ix_forum_thread_author_created", "forum_thread", ["author_id", "created_at"])
    op.drop_index("ix_forum_thread_author_id", table_name="forum_thread")


def downgrade():
    op.create_index("ix_forum_thread_author_id", "forum_thread", ["author_id"])
    op.drop_index("ix_forum_thread_author_created", table_name="forum_thread")
    op.create_index("ix_forum_post_author_id", "forum_post", ["author_id"])
    op.drop_index("ix_forum_post_author_created", table_name="forum_post")
