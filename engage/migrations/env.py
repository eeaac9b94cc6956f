import logging
from logging.config import fileConfig

from alembic import context
from sqlalchemy import event
from flask import current_app

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    try:
        # this works with Flask-SQLAlchemy<3 and Alchemical
        return current_app.extensions["migrate"].db.engine
    except (TypeError, AttributeError):
        # this works with Flask-SQLAlchemy>=3
        return current_app.extensions["migrate"].db.engine


def get_engine_url():
    try:
        return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
    except AttributeError:
        return str(get_engine().url).replace("%", "%%")


# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def run_migrations_offline():
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True)

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """

    # this callback is used to prevent an auto-migration from being generated
    # when there are no changes to the schema
    # reference: http://alembic.zzzcomputing.com/en/latest/cookbook.html
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives

    connectable = get_engine()

    with connectable.connect() as connection:
        if connection.dialect.name == "sqlite":
            run_sqlite_migrations(connection, conf_args)
        else:
            context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
            with context.begin_transaction():
                # A migration may rewrite a large table: the app's per-statement limit would
                # stop it half-way (it is undone, but never done).
                connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
                context.run_migrations()


def run_sqlite_migrations(connection, conf_args):
    """Run the migrations on SQLite as one transaction, with foreign keys off.

    SQLite alters a table by copying it, dropping the old one and renaming the copy. With
    foreign keys on, dropping a table that other rows point at fails, and Python's sqlite3
    commits each CREATE TABLE at once, so a failure left the half-made copy behind and the
    next try failed on it too. Foreign keys can only be turned off outside a transaction.
    """
    sqlite = connection.connection.driver_connection
    sqlite.isolation_level = None  # sqlite3 no longer begins or commits by itself
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()

    def begin(conn):
        conn.exec_driver_sql("BEGIN")

    event.listen(connection, "begin", begin)
    try:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            transactional_ddl=True,
            **conf_args,
        )
        with context.begin_transaction():
            drop_leftover_copies(connection)
            context.run_migrations()
            check_foreign_keys(connection)
    finally:
        event.remove(connection, "begin", begin)
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
        sqlite.isolation_level = ""


def drop_leftover_copies(connection):
    """Drop the half-made table copies an interrupted migration of an older Engage left."""
    leftovers = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_alembic\\_tmp\\_%' ESCAPE '\\'"
    ).scalars()
    for name in list(leftovers):
        logger.info("Dropping %s, left by an earlier migration that failed.", name)
        connection.exec_driver_sql(f'DROP TABLE "{name}"')


def check_foreign_keys(connection):
    """Refuse to commit a migration that leaves rows pointing at rows that are gone."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise RuntimeError(
            f"the migration would leave {len(broken)} rows of {', '.join(tables)} pointing at "
            "rows that no longer exist: nothing was changed"
        )


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
