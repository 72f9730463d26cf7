"""Presenting hits: each result as a Chinese/English pair with the query's words marked.

:mod:`.builder` turns a matched document into the hit of the JSON contract
(title, snippet per language, score, and what kind of item it is);
:mod:`.snippets` picks the window of text with the most matches and marks
them, escaping everything else.
"""
