"""Two-factor sign-in: the code asked after the password, setting up an authenticator app
(required for officers and admins, optional for centre staff), recovery codes, and an admin's
reset for a lost phone."""

from collections.abc import Callable

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage.error_summary import form_error_summary
from engage.errors import (
    CurrentPasswordWrong,
    NewAppCodeWrong,
    OwnCredentialsNotHere,
    TwoFactorCodeWrong,
)
from engage.extensions import db
from engage.models import User
from engage.rate_limits import limit_sign_in
from engage.roles import ADMIN
from engage.services.accounts import two_factor
from engage.staff import staff
from engage.staff.access import (
    current_staff,
    finish_second_step,
    roles_required,
    second_step_user,
    signed_in_user,
)
from engage.staff.account_forms import CodeForm, ConfirmIdentityForm, SetUpForm


def required(user: User) -> bool:
    return two_factor.is_required(user, current_app.config["TWO_FACTOR_REQUIRED_ROLES"])


@staff.route("/sign-in/code", methods=["GET", "POST"])
@limit_sign_in
def sign_in_code() -> ResponseReturnValue:
    """The second step of signing in: a code from the app, or a recovery code."""
    if signed_in_user() is not None:
        return redirect(url_for("staff.home"))
    user = second_step_user()
    if user is None:
        return redirect(url_for("staff.sign_in", reason="code-expired"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            two_factor.check_code(db.session, user, form.code.data or "")
        except TwoFactorCodeWrong as error:
            db.session.commit()  # the count of failed attempts
            form.code.errors = [str(error)]
        else:
            db.session.commit()
            return redirect(finish_second_step(user))
    return render_template("staff/two_factor/code.html", form=form, errors=form_error_summary(form))


@staff.route("/two-factor/set-up", methods=["GET", "POST"])
def two_factor_setup() -> ResponseReturnValue:
    """Set up an authenticator app: scan the code, then type a code it shows to confirm."""
    user, signing_in = _who_is_setting_up()
    if user is None:
        return redirect(url_for("staff.sign_in"))
    secret = two_factor.pending_secret(db.session, user)
    db.session.commit()
    form = SetUpForm()
    if form.validate_on_submit():
        try:
            codes = _turn_on(user, signing_in, secret, form)
        except NewAppCodeWrong as error:
            form.code.errors = [str(error)]
        except CurrentPasswordWrong as error:
            form.current_password.errors = [str(error)]
        except TwoFactorCodeWrong as error:
            form.current_code.errors = [str(error)]
        else:
            db.session.commit()
            target = finish_second_step(user) if signing_in else url_for("staff.two_factor_home")
            return _recovery_codes_page(codes, target)
        db.session.commit()  # the count of failed attempts
    link = two_factor.app_link(user, secret)
    return render_template(
        "staff/two_factor/set_up.html",
        form=form,
        errors=form_error_summary(form),
        qr_code=two_factor.qr_code_svg(link),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        signing_in=signing_in,
        ask_code=two_factor.is_on(user),
    )


def _turn_on(user: User, signing_in: bool, secret: str, form: SetUpForm) -> list[str]:
    """Turn on the app; from a signed-in session, only after re-authentication."""
    typed = form.code.data or ""
    if signing_in:  # the password was given a moment ago, and there is no app yet
        return two_factor.turn_on(db.session, user, secret, typed)
    return two_factor.replace_app(
        db.session,
        user,
        form.current_password.data or "",
        form.current_code.data or "",
        secret,
        typed,
    )


def _who_is_setting_up() -> tuple[User | None, bool]:
    """The signed-in user, or one signing in who must set up an app first."""
    user = signed_in_user()
    if user is not None:
        return user, False
    pending = second_step_user()
    if pending is not None and required(pending) and not two_factor.is_on(pending):
        return pending, True
    return None, False


def _recovery_codes_page(codes: list[str], target: str) -> str:
    return render_template("staff/two_factor/recovery_codes.html", codes=codes, target=target)


@staff.get("/two-factor")
@roles_required()
def two_factor_home() -> ResponseReturnValue:
    """Whether two-factor sign-in is on, with what one can do about it."""
    user = current_staff()
    return render_template(
        "staff/two_factor/home.html",
        on=two_factor.is_on(user),
        required=required(user),
        unused=two_factor.unused_recovery_codes(db.session, user),
        form=ConfirmIdentityForm(),
        errors=[],
    )


@staff.post("/two-factor/recovery-codes")
@roles_required()
def new_recovery_codes() -> ResponseReturnValue:
    """New recovery codes, in place of the old ones, given the password and a current code."""
    user = current_staff()

    def replace_codes() -> ResponseReturnValue:
        codes = two_factor.new_recovery_codes(db.session, user)
        return _recovery_codes_page(codes, url_for("staff.two_factor_home"))

    return _with_identity(user, replace_codes)


@staff.post("/two-factor/off")
@roles_required()
def turn_off_two_factor() -> ResponseReturnValue:
    """Stop asking for a code at sign-in, where the role allows it, after re-authentication."""
    user = current_staff()
    if required(user):
        flash("Your role must use two-factor sign-in: it cannot be turned off", "error")
        return redirect(url_for("staff.two_factor_home"))

    def turn_off() -> ResponseReturnValue:
        two_factor.turn_off(db.session, user)
        flash("Two-factor sign-in is off. You can turn it on again here.", "success")
        return redirect(url_for("staff.two_factor_home"))

    return _with_identity(user, turn_off)


def _with_identity(user: User, action: Callable[[], ResponseReturnValue]) -> ResponseReturnValue:
    """Do `action` once the user has re-authenticated; else show the page with the error."""
    form = ConfirmIdentityForm()
    if form.validate_on_submit():
        try:
            two_factor.confirm_identity(
                db.session, user, form.current_password.data or "", form.current_code.data or ""
            )
        except CurrentPasswordWrong as error:
            form.current_password.errors = [str(error)]
        except TwoFactorCodeWrong as error:
            form.current_code.errors = [str(error)]
        else:
            result = action()
            db.session.commit()
            return result
    db.session.commit()  # the count of failed attempts
    page = render_template(
        "staff/two_factor/home.html",
        on=two_factor.is_on(user),
        required=required(user),
        unused=two_factor.unused_recovery_codes(db.session, user),
        form=form,
        errors=form_error_summary(form),
    )
    return page, 400


@staff.route("/users/<int:user_id>/reset-two-factor", methods=["GET", "POST"])
@roles_required(ADMIN)
def reset_two_factor(user_id: int) -> ResponseReturnValue:
    """An admin's reset for someone who lost their phone: they set up an app again."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if request.method == "POST":
        try:
            two_factor.reset(db.session, user, current_staff())
        except OwnCredentialsNotHere as refusal:
            flash(str(refusal), "error")
            return redirect(url_for("staff.two_factor_home"))
        db.session.commit()
        flash(
            f"{user.name} will set up two-factor sign-in again when they next sign in.", "success"
        )
        return redirect(url_for("staff.users"))
    return render_template(
        "staff/confirm.html",
        title=f"Reset two-factor sign-in for {user.name}",
        body="Do this only when you are sure it is them, for example when they have lost their "
        "phone. They will be signed out everywhere, and must set up an authenticator app when "
        "they next sign in.",
        button="Reset two-factor sign-in",
        back_url=url_for("staff.users"),
    )
