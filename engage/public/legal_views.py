"""The pages every page's footer links to: the privacy notice, the accessibility statement,
the cookies page and how to contact the partnership.

What they say about Engage comes from what Engage does (its retention periods, its cookies,
the police-sharing choices), so that the pages cannot drift from the service.
"""

from flask import current_app, render_template
from flask.typing import ResponseReturnValue

from engage.config import chat_idle_lifetime, draft_lifetime, report_draft_lifetime
from engage.extensions import db
from engage.public import public
from engage.services import retention
from engage.services.reports import police_sharing
from engage.staff.access import SESSION_LIMIT
from engage.staff.cookies import STAFF_COOKIE
from engage.wording import counted


@public.get("/privacy")
def privacy() -> ResponseReturnValue:
    """What Engage collects, why, who sees it, how long it is kept, and people's rights."""
    return render_template(
        "public/legal/privacy.html",
        periods=[
            (period.title, _duration(period.days))
            for period in retention.periods(db.session, current_app.config)
        ],
        draft_hours=_hours(draft_lifetime(current_app.config).total_seconds()),
        report_draft_hours=_hours(report_draft_lifetime(current_app.config).total_seconds()),
        chat_hours=_hours(chat_idle_lifetime(current_app.config).total_seconds()),
        sharing_choices=_sharing_choices(),
    )


@public.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    """The accessibility statement, in the GOV.UK model form."""
    return render_template("public/legal/accessibility.html")


@public.get("/cookies")
def cookies() -> ResponseReturnValue:
    """The cookies Engage sets: only the two that make it work."""
    return render_template(
        "public/legal/cookies.html",
        public_cookie=current_app.config["SESSION_COOKIE_NAME"],
        staff_cookie=STAFF_COOKIE,
        public_hours=_hours(current_app.permanent_session_lifetime.total_seconds()),
        staff_hours=_hours(SESSION_LIMIT.total_seconds()),
    )


@public.get("/contact")
def contact() -> ResponseReturnValue:
    """How to reach the partnership, and where to go in an emergency."""
    return render_template("public/legal/contact.html")


def _sharing_choices() -> list[tuple[str, str]]:
    """Each answer to "Can we share your report with the police?", with what it allows."""
    names = {
        police_sharing.SHARE: "Share my report",
        police_sharing.ANONYMOUS: "Anonymous information only",
        police_sharing.DO_NOT_SHARE: "Do not share it",
    }
    return [
        (names[choice], text) for choice, text in police_sharing.WHAT_EACH_CHOICE_ALLOWS.items()
    ]


def _duration(days: int) -> str:
    """Days as a person would say them: "3 years", or "400 days" when not whole years."""
    if days % 365 == 0:
        return counted(days // 365, "year")
    return counted(days, "day")


def _hours(seconds: float) -> int:
    return round(seconds / 3600)
