"""Compare each DOI's bibliography entry with what Crossref says about it.

Reports mismatched titles, years and first authors, and DOIs Crossref does not know. Without
a network it says so and the command exits with its own code, so a maintainer (or a
scheduled job) can tell "offline" from "found problems".
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

import requests

from .bibliography import Bibliography
from .problem import Problem

CROSSREF = "https://api.crossref.org/works/"
USER_AGENT = "music-therapy-evidence-guide (maintainer DOI check)"


class Offline(Exception):
    """No network: nothing could be checked."""


@dataclass
class CrossrefRecord:
    title: str
    year: str
    first_author: str


def fetch(doi: str, session: requests.Session, timeout: float = 15) -> CrossrefRecord | None:
    """Crossref's record for a DOI, or None when Crossref does not know it."""
    try:
        response = session.get(CROSSREF + doi, timeout=timeout, headers={"User-Agent": USER_AGENT})
    except (requests.ConnectionError, requests.Timeout) as err:
        raise Offline(str(err)) from err
    if response.status_code == 404:
        return None
    response.raise_for_status()
    message = response.json()["message"]
    titles = message.get("title") or [""]
    date = (message.get("issued") or {}).get("date-parts") or [[None]]
    authors = message.get("author") or [{}]
    return CrossrefRecord(titles[0], str(date[0][0] or ""), authors[0].get("family", authors[0].get("name", "")))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"<[^>]+>|[{}]", "", text)).strip()


def compare(key: str, fields: dict, first_author: str, record: CrossrefRecord) -> list[str]:
    mismatches = []
    ours, theirs = _fold(fields.get("title", "")), _fold(record.title)
    if difflib.SequenceMatcher(None, ours, theirs).ratio() < 0.85:
        mismatches.append(f"title differs: Crossref has {record.title!r}")
    if record.year and fields.get("year") != record.year:
        mismatches.append(f"year differs: ours {fields.get('year')}, Crossref {record.year}")
    surname = _fold(first_author.split(",")[0])
    if record.first_author and surname != _fold(record.first_author):
        mismatches.append(f"first author differs: ours {surname!r}, Crossref {record.first_author!r}")
    return mismatches


def check(bib: Bibliography, session: requests.Session | None = None) -> list[Problem]:
    session = session or requests.Session()
    problems = []
    for key, entry in bib.entries.items():
        doi = entry.fields.get("doi")
        if not doi:
            continue
        record = fetch(doi, session)
        line = entry.line_of("doi")
        if record is None:
            problems.append(Problem(bib.path, line, "online-doi-unknown",
                                    f"{key}: Crossref does not know DOI {doi}; check it at the publisher"))
            continue
        first = (entry.persons.get("author") or entry.persons.get("editor") or [""])[0]
        for mismatch in compare(key, entry.fields, first, record):
            problems.append(Problem(bib.path, line, "online-mismatch", f"{key}: {mismatch}"))
    return problems
