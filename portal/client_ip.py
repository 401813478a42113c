"""The client's own address, for the login lockout and the answers' "from address"; and the username the lockout
records.

Behind a reverse proxy every request reaches the portal from the proxy's address; the client's address is in the
header the proxy appends to (X-Forwarded-For). Only the entries our own proxies wrote can be trusted: a client can
put anything in the header before it reaches them. With ``TRUSTED_PROXY_COUNT`` proxies in front of the portal, the
client is the ``TRUSTED_PROXY_COUNT``-th address from the right of ``TRUSTED_PROXY_HEADER``; without proxies (0, the
default) the header is ignored and the connection's address is the client's.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware.ip import get_client_ip


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def client_address(request: HttpRequest) -> str | None:
    """The address the lockout keys on (with the username) and an answer records."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    direct = request.META.get("REMOTE_ADDR") or None
    if proxies <= 0:
        return direct
    # ipware's proxy_count counts the hops listed in the header: the last proxy's own address is the connection's,
    # not in the header, so N proxies list N-1 hops after the client. Not strict: entries a client forged in front of
    # the real ones are ignored rather than making the whole header untrusted.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=[_meta_key(getattr(settings, "TRUSTED_PROXY_HEADER", "X-Forwarded-For"))],
        strict=False,
    )
    return address or direct


# The user model's limit: no user has a longer username.
USERNAME_MAX = 150


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a failed sign-in is recorded and locked under (``AXES_USERNAME_CALLABLE``), cut to 150
    characters: the login form hands any length to the lockout, whose record (255 characters) PostgreSQL refused
    for a longer one, and the sign-in page answered 500."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return username[:USERNAME_MAX] if isinstance(username, str) else username
