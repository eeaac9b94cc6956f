"""From the phrases found in a text to its labels, following the labelling guide's rules.

Order matters and mirrors the guide: "does not count" phrases remove what they overlap;
characteristics are settled first, so that themes can use them (a hate incident is hostility
towards a monitored characteristic); within a family, a label that outranks another takes
the words they share (people exploited into dealing are harm reduction, not offending);
a theme then gives its priority; urgency comes last and may use everything.
"""

from collections import defaultdict
from dataclasses import dataclass

from analysis.lexicon import Combination, Lexicons
from analysis.matcher import Hit, Source

# (sentence number, start, end) of a piece of evidence in the original text.
Located = tuple[int, int, int]
HOSTILITY_CUE = "cue:hostility"


def combination_source(label: str, number: int, part: int) -> Source:
    """The source under which the inline terms of a combination are indexed."""
    return (label, f"combination {number} part {part}")


@dataclass(frozen=True)
class _Rule:
    """A combination, with the sources or labels each of its parts needs."""

    label: str
    whole_text: bool
    parts: tuple[tuple[bool, tuple[str, ...] | tuple[Source, ...]], ...]  # (is_label, names)


class Resolver:
    """The guide's rules, prepared once for a set of lexicons."""

    def __init__(self, lexicons: Lexicons) -> None:
        taxonomy = lexicons.taxonomy
        self.families = [
            taxonomy.characteristics,
            (*taxonomy.themes, *taxonomy.priorities),
            ("urgent",),
        ]
        self.labels = {label for family in self.families for label in family}
        self.theme_priority = taxonomy.theme_priority
        self.rules = [
            [rule for label in family for rule in _rules(label, lexicons)]
            for family in self.families
        ]
        self.outranks = [
            [
                (label, lexicons.labels[label].outranks)
                for label in family
                if lexicons.labels[label].outranks
            ]
            for family in self.families
        ]
        self.hostile_sources = [(label, "hostile") for label in taxonomy.characteristics]
        # A rule can fire only if something of its first part that is not a label was found:
        # index the rules by those sources, so that a text wakes up only a few of them.
        self.triggers = [_triggers(rules) for rules in self.rules]

    def resolve(self, hits: list[Hit]) -> dict[str, list[Located]]:
        """Return the evidence for every label that applies, keyed by label."""
        by_source = _without_excluded(hits)
        if not by_source:
            return {}
        # A slur is hostility as well as a reference to a group ("called him a p*ki").
        hostile = [loc for source in self.hostile_sources for loc in by_source.get(source, ())]
        if hostile:
            by_source[(HOSTILITY_CUE, "term")] = (
                by_source.get((HOSTILITY_CUE, "term"), []) + hostile
            )
        found: dict[str, list[Located]] = {}
        for (owner, role), located in by_source.items():
            if owner in self.labels and role in ("term", "hostile"):
                found[owner] = found.get(owner, []) + located
        for number in range(len(self.rules)):
            before = dict(found)
            for rule in self._woken(number, by_source):
                evidence = _evidence(rule, by_source, before)
                if evidence:
                    found[rule.label] = found.get(rule.label, []) + evidence
            _apply_outranks(found, self.outranks[number])
            if number == 1:
                for theme in [label for label in found if label in self.theme_priority]:
                    priority = self.theme_priority[theme]
                    found[priority] = found.get(priority, []) + found[theme]
        return {label: evidence for label, evidence in found.items() if evidence}

    def _woken(self, number: int, by_source: dict[Source, list[Located]]) -> list[_Rule]:
        """The rules of a family that may fire on what was found, in their usual order."""
        triggered, always = self.triggers[number]
        woken = set(always)
        for source in by_source:
            woken.update(triggered.get(source, ()))
        rules = self.rules[number]
        return [rules[k] for k in sorted(woken)]


def _triggers(rules: list[_Rule]) -> tuple[dict[Source, list[int]], list[int]]:
    """For each source, the rules (by number) whose first part not a label it can meet; and
    the rules made of labels only, which must always be tried."""
    triggered: dict[Source, list[int]] = {}
    always: list[int] = []
    for k, rule in enumerate(rules):
        names = next((names for is_label, names in rule.parts if not is_label), None)
        if names is None:
            always.append(k)
            continue
        for name in names:
            triggered.setdefault(name, []).append(k)  # type: ignore[arg-type]
    return triggered, always


def _rules(label: str, lexicons: Lexicons) -> list[_Rule]:
    rules = []
    for number, combination in enumerate(lexicons.labels[label].combinations):
        rules.append(_Rule(label, combination.scope == "text", _parts(label, number, combination)))
    return rules


def _parts(
    label: str, number: int, combination: Combination
) -> tuple[tuple[bool, tuple[str, ...] | tuple[Source, ...]], ...]:
    parts: list[tuple[bool, tuple[str, ...] | tuple[Source, ...]]] = []
    for part, requirement in enumerate(combination.requires):
        if requirement.kind == "terms":
            parts.append((False, (combination_source(label, number, part),)))
        elif requirement.kind == "cue":
            parts.append((False, tuple(("cue:" + name, "term") for name in requirement.values)))
        else:
            parts.append((True, requirement.values))
    return tuple(parts)


def _evidence(
    rule: _Rule, by_source: dict[Source, list[Located]], found: dict[str, list[Located]]
) -> list[Located]:
    """Evidence for a combination when every part is met (in one sentence unless whole_text)."""
    parts: list[list[Located]] = []
    for is_label, names in rule.parts:
        table: dict = found if is_label else by_source
        located = [loc for name in names for loc in table.get(name, ())]
        if not located:
            return []
        parts.append(located)
    if rule.whole_text:
        return [loc for located in parts for loc in located]
    shared = set.intersection(*({loc[0] for loc in located} for located in parts))
    return [loc for located in parts for loc in located if loc[0] in shared]


def _without_excluded(hits: list[Hit]) -> dict[Source, list[Located]]:
    exclusions: defaultdict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        if hit.source[1] == "exclude":
            exclusions[hit.source[0]].append(hit)
    kept: dict[Source, list[Located]] = {}
    if not exclusions:  # the common case
        for hit in hits:
            kept.setdefault(hit.source, []).append((hit.sentence, hit.start, hit.end))
        return kept
    for hit in hits:
        owner, role = hit.source
        if role == "exclude":
            continue
        blockers = exclusions.get(owner, []) + exclusions.get("*", [])
        if not any(hit.start < b.end and b.start < hit.end for b in blockers):
            kept.setdefault(hit.source, []).append((hit.sentence, hit.start, hit.end))
    return kept


def _apply_outranks(
    found: dict[str, list[Located]], outranks: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Remove a weaker label's evidence where a stronger label claims the same words."""
    for label, weaker_labels in outranks:
        stronger = found.get(label)
        if not stronger:
            continue
        for weaker in weaker_labels:
            if weaker in found:
                found[weaker] = [
                    loc
                    for loc in found[weaker]
                    if not any(loc[1] < claim[2] and claim[1] < loc[2] for claim in stronger)
                ]
