"""The one certainty vocabulary: how sure the best evidence for a finding is.

Four GRADE levels, as rated by the source itself, and two states for evidence nobody graded.
Every table, the map, the overview and the legend show a level the same way: its symbol, its
word and its colour (the colour is never the only cue). "Not yet read" is deliberately not a
level: a review whose results the maintainers have not read waits in the report's queue and
never reaches a page.
"""
from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Certainty:
    name: str  # the value written in the findings data
    label: str  # the word readers see
    symbol: str  # GRADE's circles, so the level reads without colour
    explanation: str
    graded: bool  # rated with GRADE by the source

    @property
    def css(self) -> str:
        return f"certainty-{self.name}"

    def badge(self) -> str:
        """The level as HTML: symbol and word, with an accessible name for the symbol."""
        return (f'<span class="certainty {self.css}" title="{html.escape(self.explanation)}">'
                f'<span class="certainty-symbol" aria-hidden="true">{self.symbol}</span> '
                f'{html.escape(self.label)}</span>')


LEVELS: dict[str, Certainty] = {
    c.name: c
    for c in (
        Certainty("high", "High", "⊕⊕⊕⊕", "The source rated this high certainty (GRADE): further research is "
                  "very unlikely to change the estimate.", True),
        Certainty("moderate", "Moderate", "⊕⊕⊕◯", "The source rated this moderate certainty (GRADE): the true "
                  "effect is probably close to the estimate.", True),
        Certainty("low", "Low", "⊕⊕◯◯", "The source rated this low certainty (GRADE): the true effect may be "
                  "quite different.", True),
        Certainty("very-low", "Very low", "⊕◯◯◯", "The source rated this very low certainty (GRADE): we do not "
                  "know what the true effect is.", True),
        Certainty("not-rated", "Not rated by the source", "◌", "The review did not rate the certainty of its "
                  "evidence with GRADE.", False),
        Certainty("single-study", "Single study", "①", "No review exists: this is one study, which has not been "
                  "pooled with others.", False),
    )
}
