"""How two versions of a form differ: questions and sections added, removed, reworded or
otherwise changed, for results pages that compare answers across versions."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.condition_words import describe_condition
from surveys.model import FormDefinition, Question, Section
from surveys.question_differences import other_changes, rewording, text_changes


@dataclass(frozen=True)
class QuestionDifference:
    """A question added, removed or changed, and how, in plain English."""

    question_id: str
    label: str  # in the new version; in the old one for a question removed
    changes: tuple[str, ...]  # like "Option 'Parking' added" or "Now required"


@dataclass(frozen=True)
class SectionDifference:
    """A section added, removed or reworded, and how, in plain English."""

    section_id: str
    title: str  # in the new version; in the old one for a section removed
    changes: tuple[str, ...]


Sections = tuple[SectionDifference, ...]


@dataclass(frozen=True)
class Differences:
    """Everything that differs between two versions of a form; questions and sections are
    matched by id, and the lists keep the new version's order (the old one's for removals)."""

    added: tuple[QuestionDifference, ...] = ()
    removed: tuple[QuestionDifference, ...] = ()
    reworded: tuple[QuestionDifference, ...] = ()  # a label or hint changed, in any language
    changed: tuple[QuestionDifference, ...] = ()  # type, options, required, rule, limits, section
    sections_added: tuple[SectionDifference, ...] = ()
    sections_removed: tuple[SectionDifference, ...] = ()
    sections_reworded: tuple[SectionDifference, ...] = ()
    form: tuple[str, ...] = ()  # the form's own title or description reworded

    @property
    def none(self) -> bool:
        """Whether the versions ask the same questions in the same words."""
        return not any(
            (
                self.added,
                self.removed,
                self.reworded,
                self.changed,
                self.sections_added,
                self.sections_removed,
                self.sections_reworded,
                self.form,
            )
        )


def compare_definitions(
    old: FormDefinition, new: FormDefinition, language: str = "en"
) -> Differences:
    """How the new version of a form differs from the old one."""
    before = {question.id: question for question in old.questions}
    after = {question.id for question in new.questions}
    reworded, changed = [], []
    for now in new.questions:
        was = before.get(now.id)
        if was is None:
            continue
        label = now.label.get(language)
        if words := rewording(was, now):
            reworded.append(QuestionDifference(now.id, label, tuple(words)))
        if changes := _changes(was, now, old, new, language):
            changed.append(QuestionDifference(now.id, label, tuple(changes)))
    sections_added, sections_removed, sections_reworded = _section_differences(old, new, language)
    return Differences(
        added=tuple(_added(q, new, language) for q in new.questions if q.id not in before),
        removed=tuple(_removed(q, old, language) for q in old.questions if q.id not in after),
        reworded=tuple(reworded),
        changed=tuple(changed),
        sections_added=sections_added,
        sections_removed=sections_removed,
        sections_reworded=sections_reworded,
        form=tuple(
            text_changes("Title", old.title, new.title)
            + text_changes("Description", old.description, new.description)
        ),
    )


def _section_differences(
    old: FormDefinition, new: FormDefinition, language: str
) -> tuple[Sections, Sections, Sections]:
    """The sections added, removed and reworded."""
    before = {section.id: section for section in old.sections}
    after = {section.id for section in new.sections}
    reworded = []
    for section in new.sections:
        was = before.get(section.id)
        changes = _section_rewording(was, section) if was else ()
        if changes:
            reworded.append(SectionDifference(section.id, section.title.get(language), changes))
    return (
        tuple(_section(s, language, "Added") for s in new.sections if s.id not in before),
        tuple(_section(s, language, "Removed") for s in old.sections if s.id not in after),
        tuple(reworded),
    )


def _changes(
    was: Question, now: Question, old: FormDefinition, new: FormDefinition, language: str
) -> list[str]:
    """A question's changes other than its wording, its moving to another section first."""
    moved = []
    if was.section_id != now.section_id:
        old_title = _section_title(old, was.section_id, language)
        new_title = _section_title(new, now.section_id, language)
        moved.append(f"Moved from section '{old_title}' to section '{new_title}'")
    return moved + other_changes(was, now, old, new, language)


def _added(question: Question, new: FormDefinition, language: str) -> QuestionDifference:
    changes = [f"Added to section '{_section_title(new, question.section_id, language)}'"]
    if question.show_if is not None:
        changes.append(f"Asked only if {describe_condition(question.show_if, new, language)}")
    return QuestionDifference(question.id, question.label.get(language), tuple(changes))


def _removed(question: Question, old: FormDefinition, language: str) -> QuestionDifference:
    title = _section_title(old, question.section_id, language)
    return QuestionDifference(
        question.id, question.label.get(language), (f"Removed from section '{title}'",)
    )


def _section(section: Section, language: str, what: str) -> SectionDifference:
    count = len(section.questions)
    questions = f"{count} question{'s' if count != 1 else ''}"
    change = f"{what}, with {questions}" if what == "Added" else f"{what}, with its {questions}"
    return SectionDifference(section.id, section.title.get(language), (change,))


def _section_rewording(old: Section, new: Section) -> tuple[str, ...]:
    return tuple(
        text_changes("Title", old.title, new.title)
        + text_changes("Description", old.description, new.description)
    )


def _section_title(definition: FormDefinition, section_id: str, language: str) -> str:
    section = next(s for s in definition.sections if s.id == section_id)
    return section.title.get(language)
