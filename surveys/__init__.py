"""Form definitions and the flow engine that walks a person through them."""

from surveys.condition_words import describe_condition
from surveys.definition import definition_from_dict
from surveys.differences import (
    Differences,
    QuestionDifference,
    SectionDifference,
    compare_definitions,
)
from surveys.flow import Flow
from surveys.form_errors import AnswerError, DefinitionError, Problem
from surveys.imported import Imported, LeftOut
from surveys.language_names import language_name, named_languages, text_direction
from surveys.loader import (
    DEFINITIONS_DIR,
    load_definition,
    load_definition_bytes,
    load_definitions,
)
from surveys.model import (
    Condition,
    FormDefinition,
    Option,
    Question,
    QuestionType,
    Section,
    Text,
)
from surveys.route_model import AskedWhen, Decision, Route, RouteCheck, RouteWarning
from surveys.routes import check_routes
from surveys.steps import Step
from surveys.ward_lists import changed_ward_lists
from surveys.xlsform_reading import load_xlsform, read_xlsform
from surveys.xlsform_writing import definition_xlsform
from surveys.yaml_writing import definition_yaml

__all__ = [
    "language_name",
    "named_languages",
    "text_direction",
    "DEFINITIONS_DIR",
    "AnswerError",
    "AskedWhen",
    "Condition",
    "Decision",
    "DefinitionError",
    "Differences",
    "Flow",
    "FormDefinition",
    "Imported",
    "LeftOut",
    "Option",
    "Problem",
    "Question",
    "QuestionDifference",
    "QuestionType",
    "Route",
    "RouteCheck",
    "RouteWarning",
    "Section",
    "SectionDifference",
    "Step",
    "Text",
    "changed_ward_lists",
    "check_routes",
    "compare_definitions",
    "describe_condition",
    "definition_from_dict",
    "definition_xlsform",
    "definition_yaml",
    "load_definition",
    "load_definition_bytes",
    "load_definitions",
    "load_xlsform",
    "read_xlsform",
]
