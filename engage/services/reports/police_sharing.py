"""What a reporter said the police may have of their report: the one rule that referral, the
police referral export and the reporter's own status page all follow.

The report form asks "Can we share your report with the police?":

- "share": the report may be referred, and the police export holds all of it;
- "anonymous": it may be referred, but the police get only what cannot identify the reporter
  (`referrals` lists what is withheld);
- "do-not-share", or no answer at all: it is never referred nor exported.
"""

from engage.models import Report

SHARING_QUESTION = "share_with_police"
SHARE = "share"
ANONYMOUS = "anonymous"
DO_NOT_SHARE = "do-not-share"
REFERABLE = (SHARE, ANONYMOUS)
SHARING_NAMES = {SHARE: "Share in full", ANONYMOUS: "Anonymous information only"}

# For the privacy notice: what each answer lets the partnership do.
WHAT_EACH_CHOICE_ALLOWS = {
    SHARE: "The partnership may pass your whole report to West Midlands Police, with your "
    "contact details if you left any.",
    ANONYMOUS: "The partnership may pass what happened to West Midlands Police, but not your "
    "contact details, your own words, your postcode, the exact dates or the centre that logged "
    "it.",
    DO_NOT_SHARE: "The partnership never passes your report to the police.",
}
# For the officer, as the report is referred: what the police may be given.
WHAT_THE_POLICE_GET = {
    SHARE: "The reporter agreed to share their report in full, with their contact details "
    "if they left any.",
    ANONYMOUS: "The reporter agreed to anonymous information only: pass on only what the "
    "police referral export holds, which leaves out their contact details, their own words, "
    "their postcode, the exact dates and the centre that logged it.",
}
# In the report's history.
REFERRAL_RECORD = {
    SHARE: "Referred to the police in full, as the reporter agreed",
    ANONYMOUS: "Referred to the police as anonymous information only, as the reporter chose",
}
# For the reporter, on their status page.
WHAT_WE_PASSED_ON = {
    SHARE: "We have passed your report to West Midlands Police, as you agreed.",
    ANONYMOUS: "We have passed what happened to West Midlands Police as anonymous information, "
    "as you chose: not your contact details, your own words or anything else that could "
    "identify you.",
}
# A report referred before this rule held, whatever its reporter chose: no consent is claimed.
PASSED_ON_WITHOUT_A_CHOICE = "We have passed your report to West Midlands Police."


def choice_of(report: Report) -> str | None:
    """The reporter's answer: "share", "anonymous", "do-not-share", or None if not asked."""
    chosen = (a.value for a in report.submission.answers if a.question_id == SHARING_QUESTION)
    return next(chosen, None)


def may_refer(report: Report) -> bool:
    """Whether the reporter agreed that the police may have the report, in full or not."""
    return choice_of(report) in REFERABLE


def why_not_referable(report: Report) -> str:
    """Why a report that may not be referred cannot be, and what to do instead."""
    if choice_of(report) == DO_NOT_SHARE:
        return (
            "This report cannot be referred to the police: the reporter chose not to share it "
            "with them. Close it with an outcome instead, or keep reviewing it"
        )
    return (
        "This report cannot be referred to the police: the reporter was not asked whether the "
        "police may see it. Close it with an outcome instead, or keep reviewing it"
    )


def what_the_police_get(report: Report) -> str:
    """For the officer referring the report: what the reporter allows the police to have.

    Only for a report that `may_refer`; any other has nothing to say.
    """
    return WHAT_THE_POLICE_GET.get(choice_of(report) or "", "")


def referral_record(report: Report) -> str:
    """The history's line for the referral, saying what the reporter allowed."""
    return REFERRAL_RECORD.get(choice_of(report) or "", "Referred to the police")


def what_we_passed_on(report: Report) -> str:
    """For the reporter whose report was referred: what the police were given."""
    return WHAT_WE_PASSED_ON.get(choice_of(report) or "", PASSED_ON_WITHOUT_A_CHOICE)
