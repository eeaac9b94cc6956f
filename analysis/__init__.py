"""Text analysis for Engage: tag free text with priorities, themes and characteristics.

Plain Python on strings; imports nothing of the web app, the bot or the database.
"""

from analysis.evaluation import Report, evaluate, render_report, report_to_dict
from analysis.jsonlines import LineError, read_jsonlines
from analysis.lexicon import LexiconError, Lexicons, load_lexicons
from analysis.sentiment import Sentiment
from analysis.tagger import Tagger, Tags, tag, tag_many, tag_records

__all__ = [
    "LexiconError",
    "Lexicons",
    "LineError",
    "Report",
    "Sentiment",
    "Tagger",
    "Tags",
    "evaluate",
    "load_lexicons",
    "read_jsonlines",
    "render_report",
    "report_to_dict",
    "tag",
    "tag_many",
    "tag_records",
]
