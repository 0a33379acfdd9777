"""While serving: a page whose Markdown has not changed since the last rebuild is not
converted to HTML again.

``mkdocs serve`` rebuilds every page after any edit, and converting Markdown is most of a
rebuild. A page's HTML depends only on its final Markdown (after every plugin's
page_markdown), its own address, the site's files (links resolve against them), the Markdown
settings in mkdocs.yml and the files snippets can include; when all of these are unchanged,
the HTML, table of contents, title and anchors of the last conversion are reused, and the
warnings that conversion logged are logged again, so a problem does not vanish from the
terminal because its page was not touched. ``mkdocs build`` never uses this (MkDocs 1.6's
``Page.render``; the tests prove a reused page is the same as a converted one).
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from mkdocs.structure.pages import Page

MKDOCS_LOG = logging.getLogger("mkdocs")


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class RenderCache:
    def __init__(self):
        self._kept: dict[str, tuple[str, dict]] = {}  # page source -> (digest of inputs, results)
        self._files = None  # the Files of the build whose digest is below
        self._site_digest = ""
        self.reused = 0  # pages taken from the cache, over the whole session

    def attach(self, page: Page) -> None:
        """Make this page's next render go through the cache (an instance attribute, so only
        this Page object, which MkDocs makes anew on every build, is affected)."""
        page.render = lambda config, files: self._render(page, config, files)

    def _site(self, config, files) -> str:
        """What every page's HTML depends on besides its own Markdown, once per build."""
        if files is not self._files:
            digest = hashlib.sha256()
            digest.update(repr((config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
                                config["validation"])).encode())
            for file in sorted(files, key=lambda f: f.src_uri):
                digest.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.is_documentation_page()}\n".encode())
            root = Path(config.config_file_path).parent
            snippets = (config["mdx_configs"] or {}).get("pymdownx.snippets", {})
            bases = snippets.get("base_path", ["."])
            for base in [bases] if isinstance(bases, str) else bases:
                folder = root / base
                for path in sorted(folder.rglob("*")) if folder.is_dir() and base != "." else []:
                    if path.is_file():
                        digest.update(path.as_posix().encode() + b"\0" + path.read_bytes())
            self._files, self._site_digest = files, digest.hexdigest()
        return self._site_digest

    def _render(self, page: Page, config, files) -> None:
        if page.markdown is None:
            return Page.render(page, config, files)  # MkDocs's own error
        key = hashlib.sha256("\0".join((self._site(config, files), page.file.src_uri, page.file.url,
                                        page.markdown or "")).encode()).hexdigest()
        kept = self._kept.get(page.file.src_uri)
        if kept is not None and kept[0] == key:
            result = kept[1]
            self.reused += 1
            for record in result["warnings"]:
                logging.getLogger(record.name).handle(record)
            page.content, page.toc = result["content"], result["toc"]
            page._title_from_render = result["title"]
            page.present_anchor_ids = set(result["anchors"])
            links = result["links"]
            page.links_to_anchors = None if links is None else {
                files.get_file_from_path(src): dict(anchors) for src, anchors in links.items()
                if files.get_file_from_path(src) is not None}
            return
        keep = _Keep()
        MKDOCS_LOG.addHandler(keep)
        try:
            Page.render(page, config, files)
        finally:
            MKDOCS_LOG.removeHandler(keep)
        links = page.links_to_anchors
        self._kept[page.file.src_uri] = (key, {
            "content": page.content, "toc": page.toc, "title": page._title_from_render,
            "anchors": set(page.present_anchor_ids or ()), "warnings": keep.records,
            "links": None if links is None else {f.src_uri: dict(a) for f, a in links.items()},
        })
