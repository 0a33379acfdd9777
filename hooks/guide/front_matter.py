"""The schema of a page's front matter, checked with pydantic; each problem names its line.

``title`` and ``description`` are plain text (see plain_text.py), ``type`` is one of the page
types, ``last_reviewed`` is a real date written YYYY-MM-DD and not in the future, ``level`` is
introductory, intermediate or advanced. A few of
Material's own page settings are allowed; any other key is refused, which catches typos such
as ``last_review:``.
"""
from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from .page_types import LEVELS, PAGE_TYPES
from .plain_text import check_plain
from .sources import load_yaml, validate

TITLE_MAX = 120
DESCRIPTION_MAX = 300
RULE = "page-front-matter"
# Scripts in docs/assets/javascripts/ that only some pages need; a page loads one by naming it
# under ``scripts:`` (overrides/main.html), so the other pages do not download it.
PAGE_SCRIPTS = ("evidence-map.js", "references.js")
ADVICE = " (see CONTRIBUTING.md, page templates)"


def _real_date(value: Any) -> Any:
    # YAML reads 2026-11-25 as a date; a string here is a date YAML could not build
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as err:
            raise ValueError(f"is not a real date written YYYY-MM-DD ({err})") from None
    if isinstance(value, datetime.datetime):
        raise ValueError("must be a date without a time, YYYY-MM-DD")
    return value


def _not_in_future(value: datetime.date) -> datetime.date:
    if value > datetime.date.today():
        raise ValueError("is in the future; write the day the page's evidence was last checked")
    return value


PageType = Literal[tuple(PAGE_TYPES)]  # type: ignore[valid-type]


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX), AfterValidator(check_plain)]
    description: Annotated[str, Field(min_length=1, max_length=DESCRIPTION_MAX), AfterValidator(check_plain)]
    type: PageType
    last_reviewed: Annotated[datetime.date, BeforeValidator(_real_date), AfterValidator(_not_in_future)]
    level: Literal[LEVELS] | None = None  # type: ignore[valid-type]  # required on content pages (content_check)
    # Material's own page settings, allowed so a page can use them
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] | None = None
    search: dict[str, bool] | None = None
    scripts: list[Literal[PAGE_SCRIPTS]] | None = None  # type: ignore[valid-type]


def check(raw: str, first_line: int) -> tuple[dict, list[tuple[int, str]]]:
    """(the fields that passed, (line, message) for each failure) for the YAML between the
    --- lines, which starts on file line ``first_line``.

    Fields that fail are left out of the returned mapping, so no later check ever meets a
    title that is a list or a date that is a string."""
    data, node, problems = load_yaml(raw, "", RULE, first_line)
    failed: set = set()
    if not problems:
        _, problems, failed = validate(FrontMatter, {} if data is None else data, node, "", RULE,
                                       first_line, ADVICE)
    meta = {k: v for k, v in data.items() if k not in failed} if isinstance(data, dict) else {}
    return meta, [(p.line, "front matter: " + p.message) for p in problems]
