"""The term base: Chinese/English term pairs mined from the aligned corpus.

The second stage of the pipeline: mined from the records and sections of the
reading stage (:mod:`kb.reading`), written into the build, read by the search.

Translators use it to check that a term is rendered the same way everywhere;
the search uses it as its bilingual dictionary. It is built from *aligned
units*: pieces of text that say the same thing in both languages, each with
the id of the record or section it comes from (a record's title, each
competency when both versions list the same number, its specialties and
value labels; a section's heading; a section's paragraphs when both versions
have the same number of them, else its whole body).

Two kinds of pairs come out:

* **whole-unit pairs** -- an aligned unit that is itself a term: occupation
  titles (the curated Beijing titles marked unofficial), industry names, the
  tables' column labels, value labels (紧缺程度 values, durations, degrees)
  and section headings;
* **sub-term pairs** -- terms inside aligned units (区块链 ↔ blockchain). The
  Chinese side is segmented with jieba, grammar words dropped by part of
  speech (adjacent tokens are merged when the dictionary knows the compound,
  since jieba splits newer words such as 区块链); CC-CEDICT proposes English
  glosses for each word; a pair is kept only where the gloss occurs in the
  English side of the same aligned unit. Matching ignores case, plurals,
  common derivations (coordinate ~ coordination) and spaces or hyphens inside
  a word, so "block chain" is found as a rendering of 区块链 too, and the form
  found in the text is what the pair records. Competitive linking gives each
  English span to one word per unit, the best supported across the corpus.
  For words CC-CEDICT does not know (专才), co-occurrence across short aligned
  units proposes the pair (Dice ≥ 0.75 over at least 3 units).

Every pair carries its kind, how it was found, its frequency (aligned units
it occurs in), every place (record or section id), its termhood and whether it
is general language (:mod:`.termhood`). Pairs found only in curated
translations join the base marked unofficial.

Modules: :mod:`.units` (aligned units), :mod:`.segment` (jieba words),
:mod:`.cedict` (the dictionary), :mod:`.english` (finding a gloss in
English), :mod:`.mining` (the pairs), :mod:`.numbers` and :mod:`.report`
(consistency), :mod:`.termhood` (ranking), :mod:`.tbx` (TBX-Basic, CSV and xlsx exchange),
:mod:`.places` (places cited, reliability). A term's renderings across the corpus, with
example pairs, are :mod:`kb.services.concordance`'s.
"""

from .cedict import CEDICT_NOTICE, cedict
from .english import EN_STOPWORDS
from .mining import build_term_base
from .numbers import number_mismatches
from .report import consistency_report, lookup, renderings_report
from .segment import new_jieba_tokenizer
from .tbx import TBXError, export_tbx, export_terms_csv, validate_tbx_basic
from .units import TermPair, Unit, aligned_units, curated_units

__all__ = ["CEDICT_NOTICE", "EN_STOPWORDS", "TBXError", "TermPair", "Unit", "aligned_units", "build_term_base",
           "cedict", "consistency_report", "curated_units", "export_tbx", "export_terms_csv", "lookup", "new_jieba_tokenizer",
           "number_mismatches", "renderings_report", "validate_tbx_basic"]
