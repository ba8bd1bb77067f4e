"""Lesson Study: a file attached to a research lesson's plan, and the library resource a
completed study was published as

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 21:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "research_lesson_plan_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_type", sa.String(length=8), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lesson_id"],
            ["research_lesson.id"],
            name=op.f("fk_research_lesson_plan_file_lesson_id_research_lesson"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user.id"],
            name=op.f("fk_research_lesson_plan_file_uploaded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_lesson_plan_file")),
        sa.UniqueConstraint("lesson_id", name=op.f("uq_research_lesson_plan_file_lesson_id")),
    )
    with op.batch_alter_table("research_lesson_plan_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_research_lesson_plan_file_storage_key"), ["storage_key"], unique=False
        )

    op.create_table(
        "lesson_study_publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user.id"],
            name=op.f("fk_lesson_study_publication_published_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resource.id"],
            name=op.f("fk_lesson_study_publication_resource_id_resource"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["lesson_study.id"],
            name=op.f("fk_lesson_study_publication_study_id_lesson_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_study_publication")),
        sa.UniqueConstraint("resource_id", name=op.f("uq_lesson_study_publication_resource_id")),
        sa.UniqueConstraint("study_id", name=op.f("uq_lesson_study_publication_study_id")),
    )


def downgrade():
    op.drop_table("lesson_study_publication")
    with op.batch_alter_table("research_lesson_plan_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_research_lesson_plan_file_storage_key"))
    op.drop_table("research_lesson_plan_file")
