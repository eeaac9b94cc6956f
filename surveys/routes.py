"""Checking every route through a form's skip logic before it is published."""

from __future__ import annotations

from surveys.condition_words import rule_words
from surveys.empty_sections import section_warnings
from surveys.model import FormDefinition
from surveys.route_listing import list_routes
from surveys.route_model import AskedWhen, RouteCheck
from surveys.rule_chains import rule_chains
from surveys.rule_checks import check_rules


def check_routes(
    definition: FormDefinition, most_routes: int = 50, language: str = "en"
) -> RouteCheck:
    """Every route through the skip logic (when there are at most `most_routes`), when each
    question is asked, and warnings about questions never asked and sections left empty."""
    report = check_rules(definition, language)
    routes = list_routes(definition, report.reachable, most_routes, language)
    warnings = report.warnings + tuple(section_warnings(definition, report.reachable, language))
    return RouteCheck(
        routes=None if routes is None else tuple(routes),
        most_routes=most_routes,
        asked_when=asked_when(definition, report.reachable, language),
        warnings=warnings,
    )


def asked_when(
    definition: FormDefinition, reachable: frozenset[str], language: str = "en"
) -> dict[str, AskedWhen]:
    """For every question, the chain of rules under which it is asked, worded."""
    by_id = {question.id: question for question in definition.questions}
    words = {
        question.id: rule_words(question.show_if, by_id[question.show_if.question], language)
        for question in definition.questions
        if question.show_if is not None
    }
    chains = rule_chains(definition)
    return {
        question.id: AskedWhen(
            question_id=question.id,
            label=question.label.get(language),
            conditions=tuple(words[ruled.id] for ruled in chains[question.id]),
            reachable=question.id in reachable,
        )
        for question in definition.questions
    }
