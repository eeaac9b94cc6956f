"""Staff account security: wrong codes counted apart, and sign-in locks per account and address

Revision ID: a3f1c2d4e5b6
Revises: d8d91da197e6
Create Date: 2026-12-06 19:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f1c2d4e5b6'
down_revision = 'd8d91da197e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_locks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('address_key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'address_key')
    )
    with op.batch_alter_table('sign_in_locks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_locks_updated_at'), ['updated_at'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('failed_codes', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('failed_codes')

    with op.batch_alter_table('sign_in_locks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_locks_updated_at'))

    op.drop_table('sign_in_locks')
