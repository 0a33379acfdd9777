"""Rules that keep the site's promise: every claim links to a valid, verified reference.

Plain Python with no MkDocs objects, so the rules outlive the site generator. The MkDocs
hook in ``hooks/citations.py`` is a thin adapter around these modules; the tests and the
``python -m guide`` command import them directly.
"""
