"""What an uploaded form left out, kept on its draft

Revision ID: c3e8b3b3ba81
Revises: 3f3dce668ba6
Create Date: 2026-12-07 18:14:28.725807

"""

import sqlalchemy as sa
from alembic import op

revision = "c3e8b3b3ba81"
down_revision = "3f3dce668ba6"
branch_labels = None
depends_on = None


def upgrade():
    # Drafts started before uploads existed left nothing out.
    with op.batch_alter_table("form_drafts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("left_out", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade():
    with op.batch_alter_table("form_drafts", schema=None) as batch_op:
        batch_op.drop_column("left_out")
