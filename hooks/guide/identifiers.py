"""Persistent identifiers: what a well-formed DOI, ISBN, PMID and URL look like here.

Each function returns ``None`` when the value is fine, or a message saying what to fix.
Values end up inside ``href`` attributes, so anything that could break out of an attribute
or run script is refused outright rather than escaped.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from stdnum import isbn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

UNSAFE = re.compile(r'[<>"\s]')
# ASCII only: a DOI with a full-width digit or a look-alike letter resolves nowhere
DOI = re.compile(r"^10\.[0-9]{4,9}/[!-~]+$")
DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)", re.IGNORECASE)
PMID = re.compile(r"^[1-9][0-9]{0,8}$")


def doi_problem(value: str) -> str | None:
    if UNSAFE.search(value):
        return f"doi {value!r} holds a space, quote or angle bracket; store the bare DOI"
    if DOI_PREFIX.match(value):
        return f"doi {value!r} carries a resolver prefix; store it bare, e.g. 10.1002/14651858.CD004381.pub4"
    if not DOI.match(value):
        return f"doi {value!r} is not a DOI; it must look like 10.NNNN/suffix, in ASCII characters"
    return None


def url_problem(value: str) -> str | None:
    if UNSAFE.search(value):
        return f"url {value!r} holds a space, quote or angle bracket; percent-encode it or fix it"
    if not value.startswith("https://"):
        return f"url {value!r} is not an https:// address; only https links are allowed"
    try:
        host = urlsplit(value).hostname
    except ValueError as err:
        return f"url {value!r} cannot be read as an address ({err}); copy it again from the browser"
    if not host:
        return f"url {value!r} names no host; write the full address, e.g. https://example.org/page"
    return None


def pmid_problem(value: str) -> str | None:
    if not PMID.match(value):
        return f"pmid {value!r} is not a PubMed ID; it must be digits only"
    return None


def isbn_problem(value: str) -> str | None:
    """python-stdnum checks the form, the checksum and that a 13-digit number is an ISBN (978/979)."""
    if not re.fullmatch(r"[0-9Xx -]+", value):
        return f"isbn {value!r} must be ASCII digits (the last may be X), optionally with hyphens"
    try:
        isbn.validate(value)
    except InvalidChecksum:
        return f"isbn {value!r} fails its checksum; copy it again from the publisher or a library catalogue"
    except InvalidComponent:
        return f"isbn {value!r} is not an ISBN: a 13-digit ISBN starts with 978 or 979"
    except ValidationError:
        return f"isbn {value!r} must be 13 digits (or 10 with a final X), optionally with hyphens"
    return None
