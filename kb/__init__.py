"""A bilingual (Chinese/English) knowledge base of China's foreign-talent policy.

The package turns the raw PDF extractions in ``corpus/`` into two kinds of
items that the search, the web UI and the command line share:

* **sections** -- every document as a tree of headed sections, one tree per
  language the document exists in, with Chinese and English counterparts
  aligned where a translation exists;
* **occupation records** -- the rows of the occupation tables (Qianhai's list
  of occupations in short supply, Beijing's catalogue of urgently needed
  positions), each with its requirements in both languages and normalised
  values (degree, years of experience, shortage duration, severity) that are
  comparable across cities.

The pipeline, one subpackage per stage:

1. :mod:`kb.reading` -- the corpus in; documents, sections and occupation
   records out;
2. :mod:`kb.terms` -- the term base mined from their aligned units;
3. :mod:`kb.search` -- the bilingual index over records, sections and terms,
   and the searches over it;
4. :mod:`kb.services` -- what a person asks of a build: the self-check,
   related occupations, figures, the consistency check, exports.

``kb build`` (:mod:`kb.build`) runs the first three and writes a build to a
data directory; everything else reads that built copy through
:class:`kb.store.KnowledgeBase`. The package never imports Flask: the CLI
(:mod:`kb.cli`) and the web app (:mod:`web`, served by :mod:`kb.serving`) are
thin callers.
"""

__version__ = "0.1.0"
