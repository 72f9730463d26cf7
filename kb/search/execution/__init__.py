"""Executing a query: the matches, their scores, the filters and the facet counts.

Whoosh describes the query; :mod:`.scoring` executes its common node types a
whole posting list at a time with numpy, with Whoosh's BM25F, and hands the
rest to Whoosh's matchers. The text fields' lists come from the posting table
the build decoded beside the index (:mod:`.table`); :mod:`.postings` reads
anything else from Whoosh and caches it.
A result is two index-sized arrays (which documents match, their scores);
:mod:`.facets` turns kind and filters into a mask and counts every match by
facet value, and :func:`.scoring.top` picks the best allowed hits.
"""
