"""Services: what a person asks of a built knowledge base, beyond finding a text.

Each reads a loaded build (:class:`kb.store.KnowledgeBase`) and returns plain
JSON-serialisable data that the command line and the web pages render alike:

- :mod:`.eligibility` -- the self-check: which occupations a degree and years
  of experience qualify for, and the near misses;
- :mod:`.related` -- occupations in the other city like a given one, found with
  the search, their requirements compared;
- :mod:`.stats` -- the occupation lists counted from the records, and the
  figures the documents state about themselves recomputed;
- :mod:`.check` -- ``kb check``: alignment gaps, disagreements, errata and
  unofficial translations, and whether the corpus is consistent with its notes;
- :mod:`.export` -- records and sections as JSON Lines or CSV;
- :mod:`.tmx` -- the translation memory of aligned segments as TMX 1.4b.
"""

from .check import GROUPS, run_check
from .eligibility import DEGREE_LABELS, DEGREES, check_eligibility
from .export import export_csv, export_jsonl
from .related import related_occupations
from .stats import FACETS as STATS_FACETS
from .stats import compare_stated, compute_stats

__all__ = ["DEGREES", "DEGREE_LABELS", "GROUPS", "STATS_FACETS", "check_eligibility", "compare_stated",
           "compute_stats", "export_csv", "export_jsonl", "related_occupations", "run_check"]
