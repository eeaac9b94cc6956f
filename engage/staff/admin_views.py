"""The admins' pages: staff accounts and reporting centres."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engage.error_summary import form_error_summary
from engage.errors import (
    CannotDeactivateSelf,
    CentreNameInvalid,
    CentreNameTaken,
    CentreNotAllowed,
    CentreNotFound,
    CentreRequired,
    EmailInvalid,
    EmailTaken,
    EngageError,
    NameInvalid,
    OwnCredentialsNotHere,
    RoleInvalid,
    UserNotFound,
)
from engage.extensions import db
from engage.models import ReportingCentre, User
from engage.roles import ADMIN
from engage.services.accounts import passwords
from engage.services.accounts import staff as accounts
from engage.staff import staff
from engage.staff.access import current_staff, roles_required
from engage.staff.account_forms import CentreForm, NewUserForm, new_user_form

# Which field of the new user form each refusal is about.
NEW_USER_FIELDS: dict[type[EngageError], str] = {
    EmailInvalid: "email",
    EmailTaken: "email",
    NameInvalid: "name",
    RoleInvalid: "role",
    CentreRequired: "centre",
    CentreNotAllowed: "centre",
    CentreNotFound: "centre",
}


# Staff accounts


@staff.get("/users")
@roles_required(ADMIN)
def users() -> ResponseReturnValue:
    """Every member of staff, with what an admin can do to each."""
    return render_template(
        "staff/users.html", users=accounts.list_users(db.session), me=current_staff()
    )


@staff.route("/users/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def new_user() -> ResponseReturnValue:
    """Add a member of staff, with a generated password shown once."""
    form = new_user_form(accounts.list_centres(db.session, include_inactive=False))
    if form.validate_on_submit():
        password = passwords.generate_password()
        try:
            user = _create_user(form, password)
        except tuple(NEW_USER_FIELDS) as error:
            form[NEW_USER_FIELDS[type(error)]].errors = [str(error)]
        else:
            db.session.commit()
            return _show_password_once(user, password, created=True)
    return render_template(
        "staff/user_new.html",
        form=form,
        errors=form_error_summary(form),
        back_url=url_for("staff.users"),
    )


def _create_user(form: NewUserForm, password: str) -> User:
    centre_id = form.centre.data or ""
    centre = accounts.get_centre(db.session, int(centre_id)) if centre_id.isdigit() else None
    if centre_id and centre is None:
        raise CentreNotFound("Choose a reporting centre from the list")
    return accounts.create_user(
        db.session,
        email=form.email.data or "",
        name=form.name.data or "",
        role=form.role.data or "",
        password=password,
        centre=centre,
        actor=current_staff(),
    )


@staff.route("/users/<int:user_id>/reset-password", methods=["GET", "POST"])
@roles_required(ADMIN)
def reset_password(user_id: int) -> ResponseReturnValue:
    """Give a member of staff a new generated password, and sign them out everywhere."""
    user = _user_or_404(user_id)
    if request.method == "POST":
        password = passwords.generate_password()
        try:
            accounts.set_password(db.session, user, password, actor=current_staff())
        except OwnCredentialsNotHere as refusal:
            flash(str(refusal), "error")
            return redirect(url_for("staff.password"))
        db.session.commit()
        return _show_password_once(user, password, created=False)
    return _confirm_page(
        title=f"Reset the password of {user.name}",
        body="They will be signed out everywhere and get a new password that you give them.",
        button="Reset password",
    )


@staff.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@roles_required(ADMIN)
def deactivate_user(user_id: int) -> ResponseReturnValue:
    """Stop a member of staff signing in."""
    user = _user_or_404(user_id)
    error = None
    if request.method == "POST":
        try:
            accounts.deactivate_user(db.session, user, actor=current_staff())
        except CannotDeactivateSelf as refusal:
            error = str(refusal)
        else:
            db.session.commit()
            flash(f"{user.name}’s account is deactivated.", "success")
            return redirect(url_for("staff.users"))
    return _confirm_page(
        title=f"Deactivate the account of {user.name}",
        body="They will be signed out and cannot sign in again. Reports they logged are kept.",
        button="Deactivate account",
        error=error,
    )


@staff.post("/users/<int:user_id>/reactivate")
@roles_required(ADMIN)
def reactivate_user(user_id: int) -> ResponseReturnValue:
    """Let a deactivated member of staff sign in again."""
    user = _user_or_404(user_id)
    try:
        accounts.reactivate_user(db.session, user, actor=current_staff())
    except CentreNotFound as refusal:
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(f"{user.name}’s account is active again.", "success")
    return redirect(url_for("staff.users"))


def _user_or_404(user_id: int) -> User:
    try:
        return accounts.get_user(db.session, user_id)
    except UserNotFound:
        abort(404)


def _show_password_once(user: User, password: str, created: bool) -> ResponseReturnValue:
    # Never cached, like every page (engage.security): the password is shown this once only.
    return render_template(
        "staff/password_shown.html", user=user, password=password, created=created
    )


def _confirm_page(title: str, body: str, button: str, error: str | None = None) -> str:
    return render_template(
        "staff/confirm.html",
        title=title,
        body=body,
        button=button,
        errors=[{"text": error, "href": "#main-content"}] if error else [],
        back_url=url_for("staff.users"),
    )


# Reporting centres


@staff.get("/centres")
@roles_required(ADMIN)
def centres() -> ResponseReturnValue:
    """Every reporting centre, open or deactivated."""
    return render_template("staff/centres.html", centres=accounts.list_centres(db.session))


@staff.route("/centres/new", methods=["GET", "POST"])
@roles_required(ADMIN)
def new_centre() -> ResponseReturnValue:
    """Add a reporting centre."""
    form = CentreForm()
    if form.validate_on_submit():
        try:
            centre = accounts.create_centre(db.session, form.name.data or "", actor=current_staff())
        except (CentreNameInvalid, CentreNameTaken) as error:
            form.name.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"{centre.name} is added. You can now add its staff.", "success")
            return redirect(url_for("staff.centres"))
    return _centre_form_page(form, title="Add a reporting centre", button="Add centre")


@staff.route("/centres/<int:centre_id>/rename", methods=["GET", "POST"])
@roles_required(ADMIN)
def rename_centre(centre_id: int) -> ResponseReturnValue:
    """Change the name of a reporting centre."""
    centre = _centre_or_404(centre_id)
    form = CentreForm(data={"name": centre.name})
    if form.validate_on_submit():
        try:
            accounts.rename_centre(db.session, centre, form.name.data or "", actor=current_staff())
        except (CentreNameInvalid, CentreNameTaken) as error:
            form.name.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"The centre is now called {centre.name}.", "success")
            return redirect(url_for("staff.centres"))
    return _centre_form_page(form, title=f"Rename {centre.name}", button="Rename centre")


@staff.route("/centres/<int:centre_id>/deactivate", methods=["GET", "POST"])
@roles_required(ADMIN)
def deactivate_centre(centre_id: int) -> ResponseReturnValue:
    """Close a reporting centre and deactivate its staff accounts."""
    centre = _centre_or_404(centre_id)
    if request.method == "POST":
        closed = accounts.deactivate_centre(db.session, centre, actor=current_staff())
        db.session.commit()
        flash(f"{centre.name} is deactivated, with {closed} staff accounts.", "success")
        return redirect(url_for("staff.centres"))
    return render_template(
        "staff/confirm.html",
        title=f"Deactivate {centre.name}",
        body="Its staff accounts will be deactivated too. Reports it logged are kept.",
        button="Deactivate centre",
        errors=[],
        back_url=url_for("staff.centres"),
    )


def _centre_or_404(centre_id: int) -> ReportingCentre:
    try:
        return accounts.get_centre(db.session, centre_id)
    except CentreNotFound:
        abort(404)


def _centre_form_page(form: CentreForm, title: str, button: str) -> str:
    return render_template(
        "staff/centre_form.html",
        form=form,
        errors=form_error_summary(form),
        title=title,
        button=button,
        back_url=url_for("staff.centres"),
    )
