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
