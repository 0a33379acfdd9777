"""Start a new page from its type's template, with the front matter the checks expect."""
from __future__ import annotations

import datetime
from pathlib import Path

from .page_types import PAGE_TYPES

TEMPLATED = ("population", "modality", "mechanism", "practice", "orientation", "evidence", "faq")


def new_page(root: Path, page_type: str, path: str, title: str, today: datetime.date) -> Path:
    if page_type not in TEMPLATED:
        raise ValueError(f"no template for type {page_type!r}; use one of {', '.join(TEMPLATED)}")
    assert page_type in PAGE_TYPES
    if not path.endswith(".md"):
        raise ValueError(f"{path}: a page path ends in .md")
    target = root / "docs" / path
    if target.exists():
        raise FileExistsError(f"{target.relative_to(root)} exists already; choose another path")
    text = (root / "templates" / f"{page_type}.md").read_text(encoding="utf-8")
    text = text.replace("TITLE", title).replace("YYYY-MM-DD", today.isoformat())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
