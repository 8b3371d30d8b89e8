"""Language rules shared by the stages: sentences, time expressions, word lists."""

from mapapp.text.datelines import dateline_end
from mapapp.text.sentences import Sentence, paragraph_starts, split_sentences
from mapapp.text.timex import ResolvedDate, default_date, find_dates, names_a_time, resolve_date

__all__ = [
    "ResolvedDate",
    "Sentence",
    "dateline_end",
    "default_date",
    "find_dates",
    "names_a_time",
    "paragraph_starts",
    "resolve_date",
    "split_sentences",
]
