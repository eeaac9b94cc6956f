"""The forms of the staff sign-in, password and administration pages."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Optional

from engage.models import ReportingCentre
from engage.roles import ROLE_NAMES, ROLES


class SignInForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired("Enter your email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password")],
    )


class CodeForm(FlaskForm):
    code = StringField(
        "Code",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the 6-digit code from your authenticator app")],
    )


def current_code_field() -> StringField:
    return StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description="Or one of your recovery codes.",
        validators=[Optional()],
    )


class ConfirmIdentityForm(FlaskForm):
    """Re-authentication before a change of one's own credentials."""

    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password")],
    )
    current_code = current_code_field()


class SetUpForm(CodeForm):
    """A new app's code; and, from a signed-in session, the current password and code too."""

    current_password = PasswordField("Current password", widget=GovPasswordInput())
    current_code = current_code_field()


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password")],
    )
    current_code = current_code_field()
    new_password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description="At least 12 characters. A few unrelated words make a strong password.",
        validators=[InputRequired("Enter a new password")],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired("Enter the new password again"),
            EqualTo("new_password", "The passwords do not match. Enter the new password twice"),
        ],
    )


class CentreForm(FlaskForm):
    name = StringField(
        "Name of the reporting centre",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the name of the reporting centre")],
    )


class NewUserForm(FlaskForm):
    name = StringField(
        "Full name", widget=GovTextInput(), validators=[InputRequired("Enter the person’s name")]
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the person’s email address")],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role, ROLE_NAMES[role]) for role in ROLES],
        validators=[InputRequired("Choose a role")],
    )
    centre = SelectField(
        "Reporting centre",
        widget=GovSelect(),
        description="Only for reporting centre staff.",
        choices=[],
        validate_choice=False,
    )


def new_user_form(centres: list[ReportingCentre]) -> NewUserForm:
    """The form to add a member of staff, offering the open reporting centres."""
    form = NewUserForm()
    form.centre.choices = [SelectChoice("", "No centre")] + [
        SelectChoice(str(centre.id), centre.name) for centre in centres if centre.active
    ]
    return form
