"""Signing in and out of the staff side, changing one's password, and the staff home page."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage.error_summary import form_error_summary
from engage.errors import CurrentPasswordWrong, PasswordTooWeak, SignInFailed, TwoFactorCodeWrong
from engage.extensions import db
from engage.models import User
from engage.rate_limits import limit_sign_in
from engage.services.accounts import sign_in_locks, two_factor
from engage.services.accounts import staff as accounts
from engage.staff import staff
from engage.staff.access import (
    begin_second_step,
    current_staff,
    end_staff_session,
    is_local_path,
    keep_signed_in,
    roles_required,
    signed_in_user,
    start_staff_session,
)
from engage.staff.account_forms import PasswordChangeForm, SignInForm

SIGN_IN_NOTICES = {
    "expired": "You were signed out because you had not used Engage for 30 minutes, "
    "or had been signed in for 8 hours. Sign in again to carry on.",
    "signed-out": "You have signed out.",
    "code-expired": "Sign in again: the code was not given within 10 minutes of the password.",
}


@staff.route("/sign-in", methods=["GET", "POST"])
@limit_sign_in
def sign_in() -> ResponseReturnValue:
    """Ask for an email address and password, and sign in with them."""
    next_page = request.args.get("next")
    if signed_in_user() is not None and request.method == "GET":
        return redirect(_after_sign_in(next_page))
    form = SignInForm()
    refusal = None
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                db.session, form.email.data or "", form.password.data or "", _address_key()
            )
        except SignInFailed as error:
            refusal = str(error)
        else:
            db.session.commit()
            return _second_step_or_signed_in(user, _after_sign_in(next_page))
        db.session.commit()  # the count of failed attempts
    return render_template(
        "staff/sign_in.html",
        form=form,
        errors=[{"text": refusal, "href": "#email"}] if refusal else form_error_summary(form),
        notice=SIGN_IN_NOTICES.get(request.args.get("reason", "")),
    )


def _address_key() -> str:
    # The client address only as a keyed hash: it locks out a guesser, not the officer.
    return sign_in_locks.address_key(current_app.config["SECRET_KEY"], request.remote_addr)


def _second_step_or_signed_in(user: User, target: str) -> ResponseReturnValue:
    """Ask for a code (or to set up an app, where the role needs one); else sign in."""
    if two_factor.is_on(user):
        begin_second_step(user, target)
        return redirect(url_for("staff.sign_in_code"))
    if two_factor.is_required(user, current_app.config["TWO_FACTOR_REQUIRED_ROLES"]):
        begin_second_step(user, target)
        return redirect(url_for("staff.two_factor_setup"))
    start_staff_session(user)
    return redirect(target)


def _after_sign_in(next_page: str | None) -> str:
    return next_page if next_page and is_local_path(next_page) else url_for("staff.home")


@staff.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out: every session of this person ends, not only this browser's."""
    user = signed_in_user()
    if user is not None:
        accounts.sign_out(db.session, user)
        db.session.commit()
    end_staff_session()
    return redirect(url_for("staff.sign_in", reason="signed-out"))


@staff.route("/password", methods=["GET", "POST"])
@roles_required()
def password() -> ResponseReturnValue:
    """Change one's own password, given the current one and a code; signs out other sessions."""
    user = current_staff()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            two_factor.change_own_password(
                db.session,
                user,
                form.current_password.data or "",
                form.current_code.data or "",
                form.new_password.data or "",
            )
        except CurrentPasswordWrong as error:
            form.current_password.errors = [str(error)]
        except TwoFactorCodeWrong as error:
            form.current_code.errors = [str(error)]
        except PasswordTooWeak as error:
            form.new_password.errors = [str(error)]
        else:
            db.session.commit()
            keep_signed_in(user)
            flash("Your password has been changed. Any other sessions are signed out.", "success")
            return redirect(url_for("staff.home"))
        db.session.commit()  # the count of failed attempts
    return render_template(
        "staff/password.html",
        form=form,
        errors=form_error_summary(form),
        back_url=url_for("staff.home"),
        ask_code=two_factor.is_on(user),
    )


@staff.get("/")
@roles_required()
def home() -> ResponseReturnValue:
    """The pages the signed-in member of staff can use."""
    return render_template("staff/home.html", user=current_staff())
