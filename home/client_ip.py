"""The address of the client a request came from, for rate limits and lock-outs.

By default that is ``REMOTE_ADDR``: the peer that opened the connection. Behind
a load balancer or reverse proxy every request comes from the proxy, so every
visitor would share one rate-limit bucket. Setting ``TRUSTED_PROXY_COUNT`` to
the number of proxies in front of the app servers makes Clearsight read the
address from ``X-Forwarded-For`` instead (``TRUSTED_PROXY_HEADER`` names
another header): each trusted proxy appends the address it saw, so the client
is the entry that many places from the right. Entries further left were sent
by the client itself and are never trusted.
"""

from ipaddress import ip_address

from django.conf import settings


def _meta_key(header):
    return "HTTP_" + header.upper().replace("-", "_")


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    header = request.META.get(_meta_key(settings.TRUSTED_PROXY_HEADER), "")
    chain = [part.strip() for part in header.split(",") if part.strip()]
    if len(chain) < hops:
        # Not every trusted proxy added its entry: the request did not come
        # through them, so fall back to the peer address.
        return remote
    candidate = chain[-hops]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
