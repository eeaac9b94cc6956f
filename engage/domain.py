"""The domain's words as types: where a submission is, where a report is, and how it came.

Each is stored as its string, as before, so the database and exports read the same; comparing
a stored string with a member works because they are string enums.
"""

from enum import StrEnum


class SubmissionStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ReportStatus(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    REFERRED = "referred"
    CLOSED = "closed"


class Channel(StrEnum):
    WEB = "web"
    TELEGRAM = "telegram"
    CENTRE = "centre"
