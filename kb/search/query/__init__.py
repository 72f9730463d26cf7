"""Understanding a query: from what a person typed to a Whoosh query tree.

1. :mod:`.prepare` -- normalise (NFKC, control characters, length), convert
   traditional to simplified Chinese (OpenCC ``tw2sp``), split into language
   runs;
2. :mod:`.expansion` -- carry each run into the other language through the
   build's cross-language dictionary;
3. :mod:`.typos` -- English words the index lacks matched to the nearest
   index words, and ``did_you_mean``;
4. :mod:`.syntax` -- quotes, AND/OR/NOT, ``field:value`` and bounded patterns,
   when the query uses them;
5. :mod:`.question` -- a question's content words, what it asks about, the city or
   document it names, a translation request;
6. :mod:`.plan` -- the query tree for the words: fields and weights, all
   words above some, phrases, expansions;
7. :mod:`.budget` -- the work one query may ask for (clauses, NOT terms,
   pattern words, index words and postings), refused beyond it.
"""
