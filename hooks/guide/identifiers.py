"""Persistent identifiers: what a well-formed DOI, ISBN, PMID and URL look like here.

Each function returns ``None`` when the value is fine, or a message saying what to fix.
Values end up inside ``href`` attributes, so anything that could break out of an attribute
or run script is refused outright rather than escaped.
"""
from __future__ import annotations

import re

UNSAFE = re.compile(r'[<>"\s]')
DOI = re.compile(r"^10\.\d{4,9}/[^\s]+$")
DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.IGNORECASE)
PMID = re.compile(r"^[1-9][0-9]{0,8}$")


def doi_problem(value: str) -> str | None:
    if UNSAFE.search(value):
        return f"doi {value!r} holds a space, quote or angle bracket; store the bare DOI"
    if DOI_PREFIX.match(value):
        return f"doi {value!r} carries a resolver prefix; store it bare, e.g. 10.1002/14651858.CD004381.pub4"
    if not DOI.match(value):
        return f"doi {value!r} is not a DOI; it must look like 10.NNNN/suffix"
    return None


def url_problem(value: str) -> str | None:
    if UNSAFE.search(value):
        return f"url {value!r} holds a space, quote or angle bracket; percent-encode it or fix it"
    if not value.startswith("https://"):
        return f"url {value!r} is not an https:// address; only https links are allowed"
    return None


def pmid_problem(value: str) -> str | None:
    if not PMID.match(value):
        return f"pmid {value!r} is not a PubMed ID; it must be digits only"
    return None


def isbn_problem(value: str) -> str | None:
    digits = value.replace("-", "")
    if not re.fullmatch(r"\d{13}|\d{9}[\dX]", digits):
        return f"isbn {value!r} must be 13 digits (or 10 with a final X), optionally with hyphens"
    if not _isbn_checksum_ok(digits):
        return f"isbn {value!r} fails its checksum; copy it again from the publisher or a library catalogue"
    return None


def _isbn_checksum_ok(digits: str) -> bool:
    if len(digits) == 13:
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        return total % 10 == 0
    total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
    return total % 11 == 0
