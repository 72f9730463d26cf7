"""Query parameters: the rules every route reads them by, in one place.

- **Size.** A parameter is at most :data:`MAX_PARAMETER_CHARS` characters (a 400
  naming it), and the whole query string as sent (percent-encoded) at most
  :data:`MAX_QUERY_BYTES` bytes (a 414). A parameter of 2,000 characters fits
  even when every character is four bytes of UTF-8 (24,000 bytes encoded); the
  front ``kb serve`` runs admits a longer request line than this (see
  :mod:`kb.serving`), so every request these rules accept reaches the app.
- **Numbers** (:func:`number`). Read by the library's one bounded parser
  (:func:`kb.userinput.parse_number`, which ids and CLI options use too): ASCII
  digits, and where a fraction makes sense one decimal point followed by
  digits, a few dozen characters at most, within the parameter's range.
  Anything else is a 400 naming the parameter (and quoting the value, cut
  short). An empty value is the default.
- **Links** (:func:`known`). A page's links carry only the parameters the page
  knows, never the request's whole query string: a parameter named like one of
  ``url_for``'s own arguments (``endpoint``, ``_method``, ``_scheme``,
  ``_external``, ``_anchor``) is an unknown parameter like any other.
"""

from __future__ import annotations

from flask import Flask, abort, request

from kb.userinput import parse_number, quoted

MAX_PARAMETER_CHARS = 2000  # search itself reads the first 256 characters of a query
MAX_QUERY_BYTES = 24 * 1024


def number(name: str, *, low: int, high: int, default: int | None = None, fraction: bool = False) -> int | float:
    """The value of the numeric parameter ``name``; a 400 naming it if it is not a number from
    ``low`` to ``high`` (whole unless ``fraction``). Absent or empty: ``default``, or a 400 if
    there is none."""
    raw = request.args.get(name, "")
    what = "a number" if fraction else "a whole number"
    if raw == "":
        if default is None:
            abort(400, description=f"{name} is required: {what} from {low} to {high}")
        return default
    value = parse_number(raw, low=low, high=high, fraction=fraction)
    if value is None:
        abort(400, description=f"{name} must be {what} from {low} to {high}, not {quoted(raw)}")
    return value


def known(*names: str) -> dict[str, str]:
    """This request's values of the parameters ``names`` (the first of each, empty ones left
    out): all that the page's own links carry."""
    return {name: request.args[name] for name in names if request.args.get(name)}


def install(app: Flask) -> None:
    @app.before_request
    def refuse_huge_parameters() -> None:
        """A query string or a parameter longer than any a person sends is refused, saying which."""
        for name, values in request.args.lists():
            for value in values:
                if len(value) > MAX_PARAMETER_CHARS:
                    abort(400, description=f"parameter {name!r} is {len(value)} characters long; "
                                           f"at most {MAX_PARAMETER_CHARS} are accepted")
        size = len(request.query_string)
        if size > MAX_QUERY_BYTES:
            abort(414, description=f"the query string is {size} bytes long; at most {MAX_QUERY_BYTES} are accepted")
