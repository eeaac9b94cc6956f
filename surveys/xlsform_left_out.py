"""What Engage says about each XLSForm type and column it has no place for, and what to do."""

from __future__ import annotations

MAP = (
    "Engage has no map question; it was left out. Ask for a place in a free-text question or a "
    "ward question instead."
)
CALCULATION = "Engage has no calculations; it was left out, and so is any rule that uses it."
UPLOAD = (
    "Engage takes no files, photos or recordings; it was left out. Ask people to describe it in a "
    "free-text question instead."
)
TIME = (
    "Engage asks for dates without times; it was left out. Use a date question, and a single "
    "choice for the time of day."
)
EXTERNAL = (
    "Engage needs the choices in the choices sheet; it was left out. Copy the choices into the "
    "choices sheet."
)
METADATA = (
    "Engage records nothing about people's devices, accounts or times beyond what they answer; it "
    "was left out. Nothing needs doing."
)

TYPES = {
    "geopoint": MAP,
    "geotrace": MAP,
    "geoshape": MAP,
    "start-geopoint": METADATA,
    "calculate": CALCULATION,
    "hidden": CALCULATION,
    "image": UPLOAD,
    "audio": UPLOAD,
    "video": UPLOAD,
    "file": UPLOAD,
    "background-audio": METADATA,
    "background-video": METADATA,
    "barcode": (
        "Engage cannot scan barcodes; it was left out. Ask for the code in a free-text question "
        "instead."
    ),
    "time": TIME,
    "datetime": TIME,
    "range": (
        "Engage has no slider; it was left out. Use an integer question with a constraint like '. "
        ">= 1 and . <= 10'."
    ),
    "rank": (
        "Engage has no ranking question; it was left out. Use a select_multiple with a constraint "
        "like 'count-selected(.) <= 3' for the most important ones."
    ),
    "select_one_from_file": EXTERNAL,
    "select_multiple_from_file": EXTERNAL,
    "select_one_external": EXTERNAL,
    "trigger": (
        "Engage has no trigger question; it was left out. Use acknowledge for something people "
        "must agree to."
    ),
    "xml-external": "Engage reads no external data; it was left out.",
    "csv-external": "Engage reads no external data; it was left out.",
    "start": METADATA,
    "end": METADATA,
    "today": METADATA,
    "deviceid": METADATA,
    "phonenumber": METADATA,
    "username": METADATA,
    "email": METADATA,
    "simserial": METADATA,
    "subscriberid": METADATA,
    "audit": METADATA,
}
REPEAT = (
    "Engage has no repeating questions; the repeat and every row in it were left out. Ask the "
    "questions once, or ask how many in an integer question."
)
IN_REPEAT = "it is inside the repeat '{}', so it was left out with it."


def unknown_type(kind: str) -> str:
    """What to say about a type Engage does not know at all."""
    return (
        f"Engage does not know the type '{kind}'; it was left out. Use one of the types listed "
        "in surveys/README.md."
    )


SOUND_OR_PICTURE = "Engage shows no pictures, sounds or videos with a question; it was left out."
COLUMNS = {
    "constraint_message": (
        "Engage writes its own message when an answer fails a check; this one was left out."
    ),
    "required_message": (
        "Engage writes its own message when a required answer is missing; this one was left out."
    ),
    "default": (
        "Engage has no default answers; it was left out. People choose every answer themselves."
    ),
    "calculation": CALCULATION,
    "choice_filter": (
        "Engage has no filtered choices; it was left out, and every choice in the list is offered."
    ),
    "read_only": "Engage has no read-only questions; it was left out.",
    "parameters": "Engage has no parameters for this type; they were left out.",
    "guidance_hint": (
        "Engage has no guidance hints; it was left out. Put what people need to know in the hint."
    ),
    "trigger": "Engage has no triggers; it was left out.",
    "repeat_count": REPEAT,
    "image": SOUND_OR_PICTURE,
    "audio": SOUND_OR_PICTURE,
    "video": SOUND_OR_PICTURE,
    "big-image": SOUND_OR_PICTURE,
}
CHOICE_COLUMN = (
    "Engage's choices have only a list_name, a name and a label; it was left out (a column "
    "like this is often for a choice_filter, which Engage does not have)"
)
SETTINGS = {
    "instance_name": "Engage names each response itself; it was left out.",
    "style": "Engage splits a form into pages itself; it was left out.",
    "public_key": "Engage stores responses itself; it was left out.",
    "submission_url": "Engage stores responses itself; it was left out.",
}


def column_message(heading: str, settings: bool = False) -> str:
    """What to say about a filled-in column Engage has no place for."""
    base = heading.split("::")[0].strip().lower()
    if heading.lower().startswith("media::"):
        return SOUND_OR_PICTURE
    known = SETTINGS if settings else COLUMNS
    return known.get(base, "Engage has no such setting; it was left out.")
