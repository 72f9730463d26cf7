"""The corpus's hand-kept TOML tables (errata, vocabularies, synonyms), read one way: a file
that is not valid TOML is a :class:`CorpusError` naming the line TOML reports."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..errors import CorpusError


def load_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The file's text (to find an entry's line) and its tables."""
    raw = path.read_text(encoding="utf-8")
    try:
        return raw, tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        raise CorpusError(path, int(match.group(1)) if match else None, f"not valid TOML: {exc}") from None
