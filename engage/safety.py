"""Emergency signposting: who to call when someone is in danger, said once for every channel.

The web's emergency page renders these; the Telegram bot sends `emergency_text()`. Change the
words here and both change. When to show them is `engage.services.signposting`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Helpline:
    """A number to call, what it is for, and how to dial it from a phone."""

    name: str
    number: str
    when: str

    @property
    def dial(self) -> str:
        """The number as a `tel:` link wants it, without spaces."""
        return "tel:" + self.number.replace(" ", "")


EMERGENCY_TITLE = "If anyone is in danger now, call 999"
EMERGENCY_INTRO = (
    "Call 999 now if anyone is in danger, if someone is hurt, or if the people responsible "
    "are still there."
)
SILENT_CALL = (
    "If you cannot speak, call 999 from a mobile, listen to the questions, and press 55 when "
    "you are asked. The police will know it is an emergency."
)

HELPLINES = (
    Helpline("Police, in an emergency", "999", "If anyone is in danger now."),
    Helpline(
        "Police, when it is not an emergency",
        "101",
        "To report a crime or get advice from West Midlands Police.",
    ),
    Helpline(
        "Police textphone, when it is not an emergency",
        "18001 101",
        "If you are deaf, hard of hearing or speech impaired.",
    ),
    Helpline(
        "Crimestoppers",
        "0800 555 111",
        "To tell the police about a crime without giving your name. It is free.",
    ),
    Helpline(
        "Victim Support",
        "0808 1689 111",
        "Free, confidential support for anyone affected by crime, 24 hours a day.",
    ),
)

CONTINUE_ADVICE = (
    "When you and everyone else are safe, you can carry on where you left off. "
    "Your answers so far are saved."
)


def emergency_text() -> str:
    """The emergency signposting as plain text, for a chat message."""
    lines = [EMERGENCY_TITLE, "", EMERGENCY_INTRO, "", SILENT_CALL, ""]
    lines += [f"{h.name}: {h.number}. {h.when}" for h in HELPLINES]
    return "\n".join([*lines, "", CONTINUE_ADVICE])
