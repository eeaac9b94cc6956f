"""The named errors that Engage's services raise, for views and bot handlers to render."""


class EngageError(Exception):
    """Base of every error a service raises on purpose."""


class ConsultationNotFound(EngageError):
    """No consultation has that slug."""


class ConsultationNotOpen(EngageError):
    """The consultation is forthcoming or closed, so it takes no answers."""

    def __init__(self, status: str) -> None:
        super().__init__(f"consultation is {status}")
        self.status = status


class FormVersionConflict(EngageError):
    """A definition was changed without raising its version."""


class FormNotLoaded(EngageError):
    """No version of that form definition is in the database."""


class ResponseNotFound(EngageError):
    """No draft matches the key the person holds: it expired, was submitted or never existed."""


class ResponseIncomplete(EngageError):
    """Some required questions have no answer yet."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"{len(missing)} required questions unanswered")
        self.missing = missing


class CentreNameInvalid(EngageError):
    """A reporting centre's name is missing or too long."""


class CentreNameTaken(EngageError):
    """Another reporting centre already has that name, whatever its capitals."""


class CentreNotFound(EngageError):
    """No reporting centre has that id or name, or it is closed to new staff."""


class EmailInvalid(EngageError):
    """A member of staff's email address is missing or not an email address."""


class EmailTaken(EngageError):
    """Another member of staff already has that email address."""


class NameInvalid(EngageError):
    """A member of staff's name is missing or too long."""


class RoleInvalid(EngageError):
    """The role is not one of Engage's roles."""


class CentreRequired(EngageError):
    """Reporting centre staff must belong to a centre."""


class CentreNotAllowed(EngageError):
    """Only reporting centre staff belong to a centre."""


class PasswordTooWeak(EngageError):
    """A new password breaks the password policy; the message says how."""


class CurrentPasswordWrong(EngageError):
    """The current password given to change it is not the member of staff's password."""


class SignInFailed(EngageError):
    """Sign-in refused: unknown, locked or inactive account, or wrong password, all alike."""


class UserNotFound(EngageError):
    """No member of staff has that id."""


class OwnCredentialsNotHere(EngageError):
    """An admin's reset is for others' credentials; one's own change needs re-authentication."""


class CannotDeactivateSelf(EngageError):
    """An admin cannot deactivate their own account."""


class ReportNotFound(EngageError):
    """No report has that id, or it belongs to a centre the member of staff cannot see."""


class InvalidStatusChange(EngageError):
    """A report cannot move from its status to the one asked for; the message says why."""

    def __init__(self, from_status: str, to_status: str, message: str) -> None:
        super().__init__(message)
        self.from_status = from_status
        self.to_status = to_status


class ReportChangedMeanwhile(EngageError):
    """Someone else changed a report between the page being shown and the change being sent."""

    def __init__(self, field: str) -> None:
        super().__init__(
            "Someone else changed this report while you were looking at it. "
            "Check what they did below, then make your change again if it is still needed"
        )
        self.field = field


class InvalidCaseworkInput(EngageError):
    """A casework change is missing a value or has a bad one; `field` names which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ConsultationInvalid(EngageError):
    """A consultation's details cannot be saved: `errors` holds a message for each field to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} consultation details to fix: {', '.join(errors)}")
        self.errors = errors


class ConsultationChangeRefused(EngageError):
    """The consultation's status does not allow that change; the message says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ReceiptCodeNotRecognised(EngageError):
    """No report matches a receipt code: mistyped, made up or never issued, all alike."""


class ContactDetailsInvalid(EngageError):
    """A reporter's contact details cannot be kept: `errors` holds a message for each field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} contact details to fix: {', '.join(errors)}")
        self.errors = errors


class InformationInvalid(EngageError):
    """Information a reporter adds to their report is empty or too long; the message says so."""


class BaselineInvalid(EngageError):
    """An uploaded baseline has problems; each names its line and how to fix it."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problems in the baseline")
        self.problems = problems


class ReportLinkRefused(InvalidCaseworkInput):
    """Two reports cannot be linked, or unlinked, as asked; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__("reference", message)


class LinkedReportNotFound(ReportLinkRefused):
    """No report has the reference an officer gave to link to."""


class LinkToSameReport(ReportLinkRefused):
    """An officer gave a report's own reference to link it to."""


class ReportsAlreadyLinked(ReportLinkRefused):
    """The two reports are linked already."""


class ReportsNotLinked(ReportLinkRefused):
    """The two reports to unlink are not linked (the page was out of date)."""


class RetentionInvalid(EngageError):
    """A retention period cannot be set as typed; the message says what to enter."""


class SubmissionNotFound(EngageError):
    """No sent report or response has the reference given; the message says so."""


class TwoFactorCodeWrong(EngageError):
    """A two-factor code was not right (or was used already); the message says what to enter."""


class NewAppCodeWrong(TwoFactorCodeWrong):
    """The code typed to confirm a new authenticator app is not one that app shows now."""


class FormDraftInvalid(EngageError):
    """A change to a draft form would break it: `errors` holds a message for each field to fix."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} things to fix: {', '.join(errors)}")
        self.errors = errors


class FormDraftRefused(EngageError):
    """A draft form cannot be started, changed or published as asked; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FormDraftChangedMeanwhile(FormDraftRefused):
    """Someone saved the draft after the page being used was shown."""

    def __init__(self) -> None:
        super().__init__(
            "Someone else changed this form since you opened the page, so your change was not "
            "saved. Check the form as it is now, then save your change again if it is still needed"
        )
