"""The translation stage: paragraph units, their alignment, curated translations and their QA.

Between reading the corpus and mining the term base, every section body is cut into
**units** -- a paragraph, a numbered clause, a list item -- each with a stable id
(``liu-migration:zh:s2:p3``), its order, parent section and citation. Units are what
is aligned, translated, indexed and cited:

* :mod:`.units` cuts sections into units and gives each its id and citation;
* :mod:`.align` pairs the units of two aligned sections (the Qianhai list and its
  official English) one-to-one or n-to-m with a length-based (Gale-Church) aligner
  anchored by the numbers both sides state;
* :mod:`.catalog` reads and writes the curated English of Chinese-only text, kept as
  gettext PO files in ``corpus/translations/<doc>.en.po`` (``msgctxt`` the unit id or
  record field, ``msgid`` the Chinese as parsed, ``msgstr`` the English), and tells
  a current entry from a stale one;
* :mod:`.catalogs` is ``kb translations`` (status and updates of every catalog, from a read
  of the corpus);
* :mod:`.qa` checks curated translations the way the project checks the official pair:
  every number of the Chinese is in the English, and the renderings the official
  Qianhai English established are used.
"""
