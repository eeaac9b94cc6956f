"""How the equalities analysis names monitoring groups and tags in its sentences."""

# How a group is named in a sentence; "{}" is the option's label.
NAME_PATTERNS = {
    "age_band": "respondents aged {lower}",
    "sex": "{lower} respondents",
    "sexual_orientation": "{lower} respondents",
    "ethnic_group": "respondents whose ethnic group is {label}",
    "religion": "respondents whose religion is {label}",
    "first_language": "respondents whose first language is {label}",
}
NAMES = {
    ("disability", "yes"): "disabled respondents",
    ("disability", "no"): "respondents who are not disabled",
    ("trans_history", "yes"): "respondents whose gender is the sex registered at their birth",
    ("trans_history", "no"): "trans respondents (gender not the sex registered at birth)",
    ("sexual_orientation", "other-sexual-orientation"): "respondents of another sexual orientation",
    ("pregnancy_maternity", "yes"): "respondents who are pregnant or gave birth recently",
    (
        "pregnancy_maternity",
        "no",
    ): "respondents neither pregnant nor recently given birth",
    ("religion", "no-religion"): "respondents with no religion",
    ("religion", "any-other-religion"): "respondents of another religion or belief",
    ("first_language", "other"): "respondents with another first language",
}
TAG_NAMES = {
    "vawg": "violence against women and girls",
    "religion_belief": "religion or belief",
    "marriage_civil_partnership": "marriage and civil partnership",
    "pregnancy_maternity": "pregnancy and maternity",
    "homelessness_aggressive_begging": "homelessness and aggressive begging",
    "alcohol_substance_offending": "alcohol and substance-related offending",
    "gangs_youth_violence": "gangs and youth violence",
    "modern_slavery_trafficking": "modern slavery and trafficking",
    "child_to_adult_transition": "the move from children's to adults' services",
}


def upper_first(text: str) -> str:
    """A name at the start of a sentence: only its first letter changes ("English" stays)."""
    return text[:1].upper() + text[1:]


def tag_name(tag: str) -> str:
    """A tag's label as it reads in a sentence: "harm reduction"."""
    return TAG_NAMES.get(tag, tag.replace("_", " "))


def group_name(question: str, values: tuple[str, ...], label: str, options: dict[str, str]) -> str:
    """A group as a sentence names it: "disabled respondents"."""
    if len(values) == 1:
        value = values[0]
        if (question, value) in NAMES:
            return NAMES[question, value]
        text = options.get(value, label)
        pattern = NAME_PATTERNS.get(question, "respondents who answered ‘{label}’")
        return pattern.format(label=text, lower=text[0].lower() + text[1:])
    return f"respondents in the group ‘{label}’"
