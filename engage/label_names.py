"""The analysis labels as officers read them, in the guide's order."""

from analysis.tagger import default_tagger

FAMILIES = ("priority", "theme", "characteristic")
FAMILY_NAMES = {
    "priority": "Priorities",
    "theme": "Workstreams",
    "characteristic": "Protected characteristics",
}
NAMES = {
    "reducing_offending": "Reducing offending",
    "preventing_violence": "Preventing violence",
    "harm_reduction": "Harm reduction",
    "building_community_capacity": "Building community capacity",
    "offender_management": "Offender management",
    "repeat_offenders": "Repeat offenders",
    "public_place_violence": "Violence in public places",
    "alcohol_substance_offending": "Alcohol and substance related offending",
    "gangs_youth_violence": "Gangs and youth violence",
    "interpersonal_violence": "Interpersonal violence",
    "vawg": "Violence against women and girls",
    "homelessness_aggressive_begging": "Homelessness and aggressive begging",
    "anti_social_behaviour": "Anti-social behaviour",
    "modern_slavery_trafficking": "Modern slavery and trafficking",
    "child_exploitation": "Child exploitation",
    "hate_crime": "Hate crime",
    "child_to_adult_transition": "Transition from child to adult services",
    "vulnerability": "Vulnerability",
    "community_engagement": "Community engagement",
    "community_cohesion": "Community cohesion",
    "age": "Age",
    "disability": "Disability",
    "gender_reassignment": "Gender reassignment",
    "marriage_civil_partnership": "Marriage and civil partnership",
    "pregnancy_maternity": "Pregnancy and maternity",
    "race": "Race",
    "religion_belief": "Religion or belief",
    "sex": "Sex",
    "sexual_orientation": "Sexual orientation",
}


def labels_of(family: str) -> tuple[str, ...]:
    """A family's labels, in the guide's order."""
    taxonomy = default_tagger().lexicons.taxonomy
    by_family = {
        "priority": taxonomy.priorities,
        "theme": taxonomy.themes,
        "characteristic": taxonomy.characteristics,
    }
    return tuple(by_family[family])


def family_of(label: str) -> str | None:
    return next((f for f in FAMILIES if label in labels_of(f)), None)


def name_of(label: str) -> str:
    return NAMES.get(label, label.replace("_", " ").capitalize())
