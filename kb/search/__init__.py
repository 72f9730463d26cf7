"""Search: the bilingual index and the searches over it.

The third stage of the pipeline. At build time, :mod:`.indexing` writes the
records, sections and term pairs into a Whoosh index, analysed by
:mod:`.analysis` (jieba for Chinese, stems for English), decodes its text
fields' postings into a table beside it (:mod:`.execution.table`), and
:mod:`.crosslang` writes the cross-language dictionary from the term base and
CC-CEDICT. At
query time, a :class:`Searcher` (:mod:`.searcher`) takes a query through three
steps:

- **understanding** it (:mod:`.query`): normalise, convert, language runs,
  expansions, typos, syntax, and the query tree;
- **executing** it (:mod:`.execution`): BM25F over whole posting lists with
  numpy, filters and facet counts;
- **presenting** the hits (:mod:`.hits`): both languages, snippets and
  highlights.

:mod:`.evaluate` runs relevance cases against it (``kb eval``). The names below
are the stage's interface for the services, the command line and the web.
"""

from .analysis import jieba_tokens
from .query.prepare import normalise_query, strip_syntax, to_simplified
from .searcher import KINDS, MAX_LIMIT, QueryError, Searcher, searcher_for
# The facets a search reports and takes as filters: the indexed ones and ``status``.
from .searcher import FILTER_KEYS as FACETS

__all__ = ["FACETS", "KINDS", "MAX_LIMIT", "QueryError", "Searcher", "jieba_tokens", "normalise_query",
           "searcher_for", "strip_syntax", "to_simplified"]
