"""Staff accounts and reporting centres: the services behind the sign-in and admin pages."""

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from factories import STAFF_PASSWORD, make_centre, make_user
from flask import Flask
from sqlalchemy import select, text

from engage import clock
from engage.errors import (
    CannotDeactivateSelf,
    CentreNameInvalid,
    CentreNameTaken,
    CentreNotAllowed,
    CentreNotFound,
    CentreRequired,
    CurrentPasswordWrong,
    EmailInvalid,
    EmailTaken,
    PasswordTooWeak,
    RoleInvalid,
    SignInFailed,
)
from engage.extensions import db
from engage.models import ReportingCentre, SignInLock, User
from engage.roles import ADMIN, CENTRE_STAFF, OFFICER
from engage.services.accounts import passwords, sign_in_locks, staff

EMAIL = "officer@example.org"


@pytest.fixture
def context(app: Flask):
    with app.app_context():
        yield


@pytest.fixture
def officer(context) -> User:
    return staff.create_user(db.session, EMAIL, "Olu Officer", OFFICER, STAFF_PASSWORD)


def later(monkeypatch: pytest.MonkeyPatch, **delta: float) -> None:
    """Move Engage's clock forward."""
    moved = clock.now() + timedelta(**delta)
    monkeypatch.setattr(clock, "now", lambda: moved)


STRANGER = sign_in_locks.address_key("test secret", "203.0.113.9")
OFFICE = sign_in_locks.address_key("test secret", "198.51.100.4")


def lock_row(user: User, key: str = "") -> SignInLock | None:
    query = select(SignInLock).filter_by(user_id=user.id, address_key=key)
    return db.session.scalars(query).first()


def locked_until(user: User, key: str = "") -> datetime | None:
    row = lock_row(user, key)
    return row.locked_until if row else None


def unlock_now(user: User, key: str = "") -> None:
    """Move a lock's end to just now, as if its time had passed."""
    row = lock_row(user, key)
    assert row is not None
    row.locked_until = clock.now() - timedelta(seconds=1)


def minutes_locked(user: User, key: str = "") -> int:
    until = locked_until(user, key)
    assert until is not None
    return round((until - clock.now()).total_seconds() / 60)


def fail(times: int, email: str = EMAIL, key: str = "") -> None:
    for _ in range(times):
        with pytest.raises(SignInFailed):
            staff.authenticate(db.session, email, "not the password", key)


# Centres


def test_a_centre_name_is_trimmed_and_unique_whatever_its_capitals(context):
    centre = staff.create_centre(db.session, "  Central   Library ")
    assert centre.name == "Central Library"
    with pytest.raises(CentreNameTaken, match="Central Library"):
        staff.create_centre(db.session, "central library")


def test_a_centre_needs_a_name(context):
    with pytest.raises(CentreNameInvalid, match="Enter the name"):
        staff.create_centre(db.session, "   ")


def test_a_centre_can_be_renamed_but_not_to_another_centres_name(context):
    library = staff.create_centre(db.session, "Central Library")
    staff.create_centre(db.session, "Gurdwara")
    staff.rename_centre(db.session, library, "CENTRAL library")
    assert library.name == "CENTRAL library"
    with pytest.raises(CentreNameTaken):
        staff.rename_centre(db.session, library, "gurdwara")


def test_deactivating_a_centre_deactivates_its_staff(app: Flask):
    centre_id = make_centre(app, "Central Library")
    user_id = make_user(app, CENTRE_STAFF, "lib@example.org", centre_id)
    with app.app_context():
        centre = db.session.get(ReportingCentre, centre_id)
        assert staff.deactivate_centre(db.session, centre) == 1
        assert not db.session.get(User, user_id).active
        assert [c.name for c in staff.list_centres(db.session, include_inactive=False)] == []
        with pytest.raises(CentreNotFound):
            staff.create_user(
                db.session, "new@example.org", "New", CENTRE_STAFF, STAFF_PASSWORD, centre
            )


def test_a_centre_is_found_by_its_name_whatever_its_capitals(context):
    staff.create_centre(db.session, "Central Library")
    assert staff.centre_named(db.session, "central LIBRARY").name == "Central Library"
    with pytest.raises(CentreNotFound, match="Town Hall"):
        staff.centre_named(db.session, "Town Hall")


# Users


def test_an_email_address_is_stored_in_lower_case_and_only_once(context):
    user = staff.create_user(db.session, " Olu@Example.ORG ", "Olu", OFFICER, STAFF_PASSWORD)
    assert user.email == "olu@example.org"
    with pytest.raises(EmailTaken):
        staff.create_user(db.session, "OLU@example.org", "Olu 2", ADMIN, STAFF_PASSWORD)


@pytest.mark.parametrize("email", ["", "olu", "olu@", "olu@example", "o lu@example.org"])
def test_an_email_address_must_look_like_one(context, email: str):
    with pytest.raises(EmailInvalid):
        staff.create_user(db.session, email, "Olu", OFFICER, STAFF_PASSWORD)


def test_the_role_must_be_one_of_engages(context):
    with pytest.raises(RoleInvalid, match="admin, officer, centre_staff"):
        staff.create_user(db.session, EMAIL, "Olu", "superuser", STAFF_PASSWORD)


def test_centre_staff_need_a_centre_and_others_have_none(context):
    centre = staff.create_centre(db.session, "Central Library")
    with pytest.raises(CentreRequired):
        staff.create_user(db.session, EMAIL, "Olu", CENTRE_STAFF, STAFF_PASSWORD)
    with pytest.raises(CentreNotAllowed):
        staff.create_user(db.session, EMAIL, "Olu", OFFICER, STAFF_PASSWORD, centre)
    user = staff.create_user(db.session, EMAIL, "Olu", CENTRE_STAFF, STAFF_PASSWORD, centre)
    assert user.centre is centre


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short pass", "12 characters or more"),
        ("a" * 20, "one character repeated"),
        ("Officer@Example.org", "your email address"),
    ],
)
def test_the_password_policy(context, password: str, problem: str):
    with pytest.raises(PasswordTooWeak, match=problem):
        staff.create_user(db.session, EMAIL, "Olu", OFFICER, password)


def test_no_password_is_stored_in_clear(officer: User):
    db.session.commit()
    stored = db.session.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert STAFF_PASSWORD not in stored
    assert stored.startswith("$argon2id$")


def test_deactivating_a_user_signs_them_out_and_stops_sign_in(officer: User):
    admin = staff.create_user(db.session, "admin@example.org", "Ada", ADMIN, STAFF_PASSWORD)
    version = officer.session_version
    staff.deactivate_user(db.session, officer, actor=admin)
    assert officer.session_version == version + 1
    with pytest.raises(SignInFailed):
        staff.authenticate(db.session, EMAIL, STAFF_PASSWORD)
    with pytest.raises(CannotDeactivateSelf):
        staff.deactivate_user(db.session, admin, actor=admin)


def test_users_are_listed_active_first_then_by_name(context):
    staff.create_user(db.session, "b@example.org", "Bea", OFFICER, STAFF_PASSWORD)
    zed = staff.create_user(db.session, "z@example.org", "Abe", OFFICER, STAFF_PASSWORD)
    staff.create_user(db.session, "a@example.org", "Cal", ADMIN, STAFF_PASSWORD)
    staff.deactivate_user(db.session, zed)
    assert [u.name for u in staff.list_users(db.session)] == ["Bea", "Cal", "Abe"]


# Signing in


def test_signing_in_with_the_right_password_whatever_the_emails_capitals(officer: User):
    assert staff.authenticate(db.session, " OFFICER@example.org", STAFF_PASSWORD) is officer
    assert officer.last_login_at is not None


def test_wrong_password_unknown_and_deactivated_accounts_are_refused_alike(officer: User):
    messages = set()
    for email, password in [(EMAIL, "wrong password!"), ("nobody@example.org", STAFF_PASSWORD)]:
        with pytest.raises(SignInFailed) as refused:
            staff.authenticate(db.session, email, password)
        messages.add(str(refused.value))
    staff.deactivate_user(db.session, officer)
    with pytest.raises(SignInFailed) as refused:
        staff.authenticate(db.session, EMAIL, STAFF_PASSWORD)
    messages.add(str(refused.value))
    assert messages == {staff.SIGN_IN_FAILED_MESSAGE}


def test_an_unknown_account_still_checks_a_hash(context, monkeypatch: pytest.MonkeyPatch):
    checked = []
    monkeypatch.setattr(passwords, "verify", lambda *args: checked.append(args) or False)
    with pytest.raises(SignInFailed):
        staff.authenticate(db.session, "nobody@example.org", STAFF_PASSWORD)
    assert len(checked) == 1


def test_five_failures_lock_the_account_even_against_the_right_password(officer: User):
    fail(4)
    assert locked_until(officer) is None
    fail(1)
    assert locked_until(officer) is not None
    with pytest.raises(SignInFailed) as refused:
        staff.authenticate(db.session, EMAIL, STAFF_PASSWORD)
    assert str(refused.value) == staff.SIGN_IN_FAILED_MESSAGE


def test_the_lock_lifts_after_15_minutes(officer: User, monkeypatch: pytest.MonkeyPatch):
    fail(5)
    later(monkeypatch, minutes=14)
    with pytest.raises(SignInFailed):
        staff.authenticate(db.session, EMAIL, STAFF_PASSWORD)
    later(monkeypatch, minutes=16)
    assert staff.authenticate(db.session, EMAIL, STAFF_PASSWORD) is officer
    assert (officer.failed_logins, officer.locked_until, lock_row(officer)) == (0, None, None)


def test_each_failure_after_the_lock_doubles_it(officer: User):
    fail(5)
    assert minutes_locked(officer) == 15
    unlock_now(officer)
    fail(1)
    assert minutes_locked(officer) == 30
    unlock_now(officer)
    fail(1)
    assert minutes_locked(officer) == 60


def test_tries_while_locked_do_not_lengthen_the_lock(officer: User):
    fail(5)
    until = locked_until(officer)
    fail(3)
    assert locked_until(officer) == until


def test_a_success_resets_the_count_of_failures(officer: User):
    fail(4)
    staff.authenticate(db.session, EMAIL, STAFF_PASSWORD)
    fail(4)
    assert locked_until(officer) is None


def test_a_stranger_who_knows_the_email_cannot_lock_the_officer_out(
    officer: User, monkeypatch: pytest.MonkeyPatch
):
    for _ in range(3):  # the stranger tries again each time the lock lifts
        fail(6, key=STRANGER)
        with pytest.raises(SignInFailed):  # locked from there, even with the password
            staff.authenticate(db.session, EMAIL, STAFF_PASSWORD, STRANGER)
        assert minutes_locked(officer, STRANGER) == 15  # tries while locked do not lengthen it
        # Meanwhile the officer signs in from the office as usual.
        assert staff.authenticate(db.session, EMAIL, STAFF_PASSWORD, OFFICE) is officer
        later(monkeypatch, hours=25)


def test_only_a_hash_of_the_address_is_kept_and_only_for_a_day(
    officer: User, monkeypatch: pytest.MonkeyPatch
):
    fail(1, key=STRANGER)
    assert lock_row(officer, STRANGER) is not None
    stored = " ".join(str(v) for v in db.session.execute(select(SignInLock.__table__)).one())
    assert "203.0.113.9" not in stored

    later(monkeypatch, hours=25)
    with pytest.raises(SignInFailed):
        staff.authenticate(db.session, "nobody@example.org", "any password")
    assert lock_row(officer, STRANGER) is None


def test_an_admins_password_reset_lifts_every_lock_on_the_account(officer: User):
    fail(5, key=STRANGER)
    fail(5, key=OFFICE)
    staff.set_password(db.session, officer, "a fresh long password")
    assert staff.authenticate(db.session, EMAIL, "a fresh long password", OFFICE) is officer
    assert lock_row(officer, STRANGER) is None


def test_a_hash_made_with_old_parameters_is_upgraded(officer: User):
    passwords.use_hasher(PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    try:
        old = officer.password_hash
        staff.authenticate(db.session, EMAIL, STAFF_PASSWORD)
        assert officer.password_hash != old
        assert "m=2048,t=2,p=1" in officer.password_hash
    finally:
        passwords.use_hasher(passwords.fast_hasher())


# Passwords


def test_changing_ones_password_needs_the_current_one(officer: User):
    with pytest.raises(CurrentPasswordWrong):
        staff.change_password(db.session, officer, "not my password", "a new long password")
    with pytest.raises(PasswordTooWeak):
        staff.change_password(db.session, officer, STAFF_PASSWORD, "short")


def test_changing_a_password_raises_the_session_version(officer: User):
    version = officer.session_version
    staff.change_password(db.session, officer, STAFF_PASSWORD, "a new long password")
    assert officer.session_version == version + 1
    assert staff.authenticate(db.session, EMAIL, "a new long password") is officer
    assert staff.user_for_login_id(db.session, f"{officer.id}:{version}") is None
    assert staff.user_for_login_id(db.session, staff.login_id(officer)) is officer


def test_an_admin_reset_unlocks_and_raises_the_session_version(officer: User):
    fail(5)
    version = officer.session_version
    staff.set_password(db.session, officer, "a fresh long password")
    assert (officer.session_version, officer.locked_until) == (version + 1, None)
    assert staff.authenticate(db.session, EMAIL, "a fresh long password") is officer


def test_generated_passwords_meet_the_policy_and_differ():
    generated = {passwords.generate_password() for _ in range(20)}
    assert len(generated) == 20
    for password in generated:
        passwords.check_policy(password, EMAIL)


def test_a_login_id_of_a_deactivated_user_stands_for_nobody(officer: User):
    login_id = staff.login_id(officer)
    officer.active = False
    assert staff.user_for_login_id(db.session, login_id) is None
    assert staff.user_for_login_id(db.session, "nonsense") is None
    assert db.session.scalars(select(User)).all() == [officer]
