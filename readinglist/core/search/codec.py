"""The index codec for edit commits: a term in one document is stored in its term info.

An edit commits a one-document segment of ~240 terms, and Whoosh writes
each term's single posting as a block of its own (a pickled header, a
pickled and zlib-compressed body, a block on disk): a third of the commit a
user waits for after an edit. Whoosh means to inline such postings into the
term info (``inlinelimit``), but in whoosh-reloaded 2.7.5 that never
happens: the test is ``len < inlinelimit`` (one posting is not < 1) and
the branch calls ``set_inline``, a method that does not exist
(``set_inlined`` does). The reader side handles inlined terms already
(``W3Codec.postings_reader`` serves them from the term info).
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter


class _InliningPostingsWriter(W3PostingsWriter):
    def finish_postings(self) -> Any:
        terminfo = self._terminfo
        if not self.written() and len(self) <= self._inlinelimit:
            # WORKAROUND: Whoosh's own branch (see the module docstring), fixed.
            terminfo.add_block(self)
            # A field without values (numbers, ids) must still give b"" per
            # posting: Whoosh's list matcher answers "" (a str), which its
            # own merge then refuses.
            values = self._values or [b""] * len(self._ids)
            terminfo.set_inlined(self._ids, self._weights, values)
            self._terminfo = None
            return terminfo
        return super().finish_postings()


class InliningCodec(W3Codec):
    """Whoosh's codec, with terms of one posting kept in their term info."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                       compression=self._compression,
                                       inlinelimit=self._inlinelimit)


def edit_writer_options(procs: int) -> dict[str, Any]:
    """Writer arguments for an edit drain (one process; children keep Whoosh's codec)."""
    return {"codec": InliningCodec()} if procs <= 1 else {}


def record_whoosh_codec(writer: Any) -> None:
    """Let the new segment name Whoosh's own codec as the one that reads it.

    The segment's codec is pickled into the table of contents: with this
    class there, any process without this module (an older version, a
    recovery tool) could not open the index. Reading needs nothing of it.
    """
    segment = getattr(writer, "newsegment", None)
    if segment is not None and isinstance(segment._codec, InliningCodec):  # noqa: SLF001
        segment._codec = W3Codec()  # noqa: SLF001
