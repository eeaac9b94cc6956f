"""Form definitions and the flow engine that walks a person through them."""

from surveys.definition import definition_from_dict
from surveys.flow import Flow
from surveys.form_errors import AnswerError, DefinitionError, Problem
from surveys.loader import DEFINITIONS_DIR, load_definition, load_definitions
from surveys.model import (
    Condition,
    FormDefinition,
    Option,
    Question,
    QuestionType,
    Section,
    Text,
)
from surveys.steps import Step

__all__ = [
    "DEFINITIONS_DIR",
    "AnswerError",
    "Condition",
    "DefinitionError",
    "Flow",
    "FormDefinition",
    "Option",
    "Problem",
    "Question",
    "QuestionType",
    "Section",
    "Step",
    "Text",
    "definition_from_dict",
    "load_definition",
    "load_definitions",
]
