"""Page types, declared in each page's front matter as ``type:``.

The type says whether a page makes claims about the world (and so must cite a source for
each of them) or only talks about the site itself. Opting out is a property of the page's
kind, declared on the page, never a list of paths hidden in a checker.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    carries_claims: bool
    purpose: str
    required_sections: tuple[str, ...] = ()  # level-2 headings the page must have
    key_points: bool = False  # opens with a "Key points" box right after its H1 (key_points.py)


PAGE_TYPES: dict[str, PageType] = {
    t.name: t
    for t in (
        PageType("orientation", True, "What music therapy is and how it relates to other uses of music."),
        PageType("mechanism", True, "How music may act on the brain, body and relationships.", key_points=True),
        PageType("practice", True, "What therapists do, sessions, training, safety."),
        PageType("population", True, "Music therapy for one group of people, with its evidence.",
                 ("Evidence at a glance", "What is not supported or still uncertain", "Typical outcome measures"),
                 key_points=True),
        PageType("modality", True, "One method or model of music therapy.", key_points=True),
        PageType("evidence", True, "Overviews of the research and how to read it."),
        PageType("faq", True, "Questions readers ask, answered from the evidence."),
        PageType("about", False, "About the site itself: home, disclaimer, how to contribute."),
        PageType("reference", False, "Lists generated from the bibliography or the pages' data."),
    )
}

REQUIRED_META = ("title", "description", "type", "last_reviewed")
# Required too on pages whose type carries claims: how much background the page assumes,
# shown under its title with the reading time.
CONTENT_META = ("level",)
LEVELS = ("introductory", "intermediate", "advanced")
