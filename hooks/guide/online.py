"""Compare each DOI's bibliography entry with what Crossref says about it.

Reports mismatched titles, years and first authors, DOIs Crossref does not know, answers
that are not what Crossref's API documents (one line each, never a traceback), and cited
Cochrane reviews that a newer version has superseded (the stale-evidence alarm). Busy or
failing answers (429, 5xx) are retried a bounded number of times with backoff. Without a
network, or when Crossref keeps failing, it says so and the command exits with its own
code, so a maintainer (or a scheduled job) can tell "offline" from "found problems".
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

import requests
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .bibliography import Bibliography
from .problem import Problem
from .sources import describe

CROSSREF = "https://api.crossref.org/works/"
USER_AGENT = "music-therapy-evidence-guide (maintainer DOI check)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
ATTEMPTS = 4  # one request and at most three retries per DOI
BACKOFF = 2.0  # seconds; urllib3 doubles it on each retry (2, 4, 8)
RETRY_AFTER_MAX = 60  # seconds: a longer Retry-After is cut to this
# A Cochrane review's versions share one DOI stem: CD004381, CD004381.pub2, CD004381.pub3 ...
COCHRANE = re.compile(r"^(10\.1002/14651858\.CD[0-9]+)(?:\.pub([0-9]+))?$", re.IGNORECASE)
NEWER_VERSIONS_CHECKED = 10  # how far past a cited version the alarm looks
# Crossref relation types that say a work has been replaced by another
REPLACED_BY = ("is-replaced-by",)
# Crossref update types that leave the cited version standing (it was only mended)
MENDED = ("correction", "erratum", "corrigendum", "addendum", "clarification")


class Offline(Exception):
    """No network, or a Crossref that keeps failing: nothing more could be checked."""

    def __init__(self, reason: str, problems: list[Problem] | None = None):
        super().__init__(reason)
        self.problems = problems or []  # what was found before the network went away


# --- Crossref's answer, as its API documents it; anything else is a malformed answer ---

class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, populate_by_name=True)


class CrossrefAuthor(_Lenient):
    family: Optional[str] = None
    given: Optional[str] = None
    name: Optional[str] = None  # an organisation as author


class CrossrefDate(_Lenient):
    date_parts: list[list[Optional[int]]] = Field(alias="date-parts", min_length=1)


class CrossrefUpdate(_Lenient):
    doi: str = Field(alias="DOI")
    type: Optional[str] = None


class CrossrefRelated(_Lenient):
    id: str
    id_type: Optional[str] = Field(default=None, alias="id-type")


class CrossrefWork(_Lenient):
    title: list[str] = Field(min_length=1)
    issued: Optional[CrossrefDate] = None
    author: list[CrossrefAuthor] = []
    updated_by: list[CrossrefUpdate] = Field(default=[], alias="updated-by")
    relation: dict[str, list[CrossrefRelated]] = {}


class CrossrefAnswer(_Lenient):
    message: CrossrefWork


@dataclass
class CrossrefRecord:
    title: str
    year: str
    first_author: str
    newer: list[str]  # DOIs Crossref says replace this work (a new version, a retraction)


class Malformed(Exception):
    """Crossref answered, but not with a record its API documents."""


class CappedRetry(Retry):
    """urllib3's retry with backoff, but never waiting longer than RETRY_AFTER_MAX."""

    def get_retry_after(self, response):
        seconds = super().get_retry_after(response)
        return None if seconds is None else min(seconds, RETRY_AFTER_MAX)


def make_session(backoff: float | None = None) -> requests.Session:
    session = requests.Session()
    retry = CappedRetry(total=ATTEMPTS - 1, connect=0, status_forcelist=RETRY_STATUSES,
                        backoff_factor=BACKOFF if backoff is None else backoff, allowed_methods=("GET",),
                        respect_retry_after_header=True, raise_on_status=False)
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def parse_answer(body: bytes) -> CrossrefRecord:
    """A Crossref /works answer as a record, or Malformed saying what is wrong with it."""
    try:
        answer = CrossrefAnswer.model_validate_json(body)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        if errors[0]["type"] == "json_invalid":
            raise Malformed("it is not JSON") from None
        raise Malformed("; ".join(describe(e) for e in errors[:3])) from None
    work = answer.message
    parts = work.issued.date_parts[0] if work.issued else []
    year = str(parts[0]) if parts and parts[0] is not None else ""
    first = work.author[0] if work.author else CrossrefAuthor()
    newer = [f"{u.doi} ({u.type})" if u.type else u.doi for u in work.updated_by if u.type not in MENDED]
    newer += [r.id for kind in REPLACED_BY for r in work.relation.get(kind, [])]
    return CrossrefRecord(work.title[0], year, first.family or first.name or "", newer)


def fetch(doi: str, session: requests.Session, timeout: float = 15) -> CrossrefRecord | None:
    """Crossref's record for a DOI, or None when Crossref does not know it."""
    try:
        response = session.get(CROSSREF + doi, timeout=timeout, headers={"User-Agent": USER_AGENT})
    except (requests.ConnectionError, requests.Timeout) as err:
        raise Offline(str(err)) from err
    if response.status_code == 404:
        return None
    if response.status_code in RETRY_STATUSES:
        raise Offline(f"Crossref still answered {response.status_code} for {doi} after {ATTEMPTS} tries")
    if response.status_code != 200:
        raise Malformed(f"Crossref answered HTTP {response.status_code}")
    return parse_answer(response.content)


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


def newer_cochrane_version(doi: str, session: requests.Session) -> str | None:
    """The newest later version of a Cochrane review that Crossref knows, or None.

    Cochrane numbers a review's versions .pub2, .pub3 ... on one stem; the next number
    resolving at Crossref means the cited version has been superseded."""
    match = COCHRANE.match(doi)
    if not match:
        return None
    stem, number = match.group(1), int(match.group(2) or 1)
    newest = None
    for later in range(number + 1, number + 1 + NEWER_VERSIONS_CHECKED):
        candidate = f"{stem}.pub{later}"
        try:
            if fetch(candidate, session) is None:
                break
        except Malformed:
            pass  # it resolved: a version exists even if its record is odd
        newest = candidate
    return newest


def check(bib: Bibliography, session: requests.Session | None = None) -> list[Problem]:
    session = session or make_session()
    problems: list[Problem] = []
    for key, entry in bib.entries.items():
        doi = entry.fields.get("doi")
        if not doi:
            continue
        line = entry.line_of("doi")
        try:
            record = fetch(doi, session)
            if record is None:
                problems.append(Problem(bib.path, line, "online-doi-unknown",
                                        f"{key}: Crossref does not know DOI {doi}; check it at the publisher"))
                continue
            first = (entry.persons.get("author") or entry.persons.get("editor") or [""])[0]
            for mismatch in compare(key, entry.fields, first, record):
                problems.append(Problem(bib.path, line, "online-mismatch", f"{key}: {mismatch}"))
            if not entry.retired:
                problems += _superseded(bib.path, line, key, doi, record, session)
        except Malformed as err:
            problems.append(Problem(bib.path, line, "online-malformed",
                                    f"{key}: Crossref's answer for DOI {doi} is not a record its API documents "
                                    f"({err}); nothing was compared: run check-online again later"))
        except Offline as err:
            raise Offline(str(err), problems) from err
    return problems


def _superseded(path: str, line: int, key: str, doi: str, record: CrossrefRecord,
                session: requests.Session) -> list[Problem]:
    newer = [d for d in record.newer if not d.lower().startswith(doi.lower() + " ") and d.lower() != doi.lower()]
    if not newer and (probed := newer_cochrane_version(doi, session)):
        newer = [probed]
    if not newer:
        return []
    return [Problem(path, line, "online-superseded",
                    f"{key}: a newer version of this work exists ({', '.join(newer)}, per Crossref); read it, "
                    "update the entry and the pages citing it, and list this version in sources-not-cited.yml")]
