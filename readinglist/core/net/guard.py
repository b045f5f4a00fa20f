"""What a service may send us: which hosts, how many bytes, for how long.

A misbehaving or hostile server (or a captive portal, or a proxy gone
wrong) must not be able to exhaust memory, hang a fetch forever, or send us
somewhere else. So every request has a :class:`ServiceLimits`: the size cap
applies to the body *after* decompression (a gzip bomb is counted as what
it expands to, and expansion stops at the cap), the deadline covers the
whole request (connect, headers, every redirect and retry, the body), and a
redirect may only go to the host asked or to a host allow-listed for that
service (doi.org hands over to the registration agencies; arXiv's API and
web hosts are one service).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from readinglist.core.errors import ImportFailed

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
DEFAULT_DEADLINE_S = 60.0
CHUNK = 64 * 1024

# Hosts each service may redirect to, besides the one asked (suffix match on
# a dot boundary: "crossref.org" allows "api.crossref.org").
_ARXIV = ("arxiv.org", "export.arxiv.org", "rss.arxiv.org")
_DOI = ("doi.org", "crossref.org", "datacite.org", "medra.org", "jalc.or.jp")
SERVICE_HOSTS: dict[str, tuple[str, ...]] = {
    "arXiv": _ARXIV,
    "arXiv's announcement feed": _ARXIV,
    "doi.org": _DOI,
    "Hugging Face": ("huggingface.co",),
}
# Per-service caps on one answer, decompressed: far above the real sizes
# (an HF day is ~100 kB, 2,000 arXiv API entries ~5 MB, a CSL record ~50 kB).
SERVICE_MAX_BYTES: dict[str, int] = {
    "Hugging Face": 20 * MB,
    "arXiv": 20 * MB,
    "arXiv's announcement feed": 20 * MB,
    "doi.org": 5 * MB,
}


@dataclass(frozen=True, slots=True)
class ServiceLimits:
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float = DEFAULT_DEADLINE_S
    hosts: tuple[str, ...] = ()


def limits_for(what: str, deadline: float, max_bytes: int | None = None) -> ServiceLimits:
    return ServiceLimits(
        max_bytes=max_bytes if max_bytes is not None else SERVICE_MAX_BYTES.get(what, DEFAULT_MAX_BYTES),
        deadline=deadline,
        hosts=SERVICE_HOSTS.get(what, ()),
    )


def _host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    return any(host == a or host.endswith("." + a) for a in allowed)


def check_redirect(origin: str, target: str, limits: ServiceLimits, what: str) -> None:
    """Refuse a redirect that leaves the service (or drops https)."""
    src, dst = urlsplit(origin), urlsplit(target)
    if dst.scheme not in ("http", "https"):
        raise ImportFailed(f"{what} redirected to a {dst.scheme or 'relative'} address; not followed")
    if src.scheme == "https" and dst.scheme == "http":
        raise ImportFailed(f"{what} redirected from https to plain http ({dst.hostname}); not followed")
    src_host, dst_host = (src.hostname or "").lower(), (dst.hostname or "").lower()
    if dst_host == src_host and (dst.port == src.port or dst.port in (None, 80, 443)):
        return
    if _host_allowed(dst_host, limits.hosts) and (
        _host_allowed(src_host, limits.hosts) or not limits.hosts
    ):
        return
    raise ImportFailed(
        f"{what} redirected to another site ({dst.netloc}); not followed for your safety"
    )


class BodyDecoder:
    """Undo Content-Encoding chunk by chunk, never producing more than ``room`` bytes.

    zlib's ``max_length`` stops expansion at the cap, so a 10 MB gzip bomb
    costs at most the cap in memory, not the 10 GB it would expand to.
    """

    def __init__(self, encoding: str, what: str) -> None:
        encoding = encoding.strip().lower()
        self.what = what
        self._may_be_raw_deflate = encoding == "deflate"
        if encoding in ("", "identity"):
            self._z = None
        elif encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise ImportFailed(f"{what} sent its answer in an unsupported encoding ({encoding})")

    def feed(self, data: bytes, room: int) -> tuple[bytes, bool]:
        """Decoded bytes (at most ``room`` + 1) and whether more were pending past that."""
        if self._z is None:
            return data, len(data) > room
        try:
            out = self._z.decompress(self._z.unconsumed_tail + data, room + 1)
        except zlib.error:
            if self._may_be_raw_deflate:
                # Some servers send raw deflate (no zlib header) as "deflate".
                self._may_be_raw_deflate = False
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, room)
            raise ImportFailed(f"the answer from {self.what} is damaged (bad compression)") from None
        self._may_be_raw_deflate = False
        return out, len(out) > room or bool(self._z.unconsumed_tail)

    def flush(self, room: int) -> tuple[bytes, bool]:
        if self._z is None:
            return b"", False
        out, more = self.feed(b"", room)
        return out, more


def too_large(what: str, max_bytes: int) -> ImportFailed:
    return ImportFailed(
        f"{what} sent an answer larger than {max_bytes / MB:g} MB; it was not read to the end "
        "and nothing was changed"
    )
