"""Secrets kept on the server, not in cookies: a report draft's sealed contact answers and
receipt code, and a new authenticator's secret while it is set up

Revision ID: b7e2d9c4a1f3
Revises: a3f1c2d4e5b6
Create Date: 2026-12-07 07:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2d9c4a1f3'
down_revision = 'a3f1c2d4e5b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draft_secrets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('sealed', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('submission_id')
    )
    with op.batch_alter_table('draft_secrets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_secrets_updated_at'), ['updated_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_pending_secret', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_pending_secret')

    with op.batch_alter_table('draft_secrets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_secrets_updated_at'))

    op.drop_table('draft_secrets')
