"""A cache of rendered public pages that never shows one person's page to another.

How it works, in one paragraph (README.md, "Performance", says why it is
built this way rather than on Django's cache middleware):

- Reads never create entries. A warmer renders every live, public page of
  every Site through the whole middleware stack, as a reader with no cookies
  would get it, and stores the final body and headers, with a copy compressed
  once for readers that accept gzip (``warming.py``, ``store.py``). It runs
  as a background task after each change (``tasks.py``) and as
  ``manage.py warm_page_cache`` after a deploy. A fast answer therefore says
  nothing about whether anyone read that page recently.
- One generation number is part of every key (``store.py``). Any change to
  something pages show bumps it when the transaction commits
  (``home/signals.py``), which retires every stored page at once.
- ``PageCacheMiddleware`` (``middleware.py``), outermost in ``MIDDLEWARE``,
  answers a GET with no cookies, no query string and no credentials from the
  entry for its Site and path, with exactly the headers the warmer's render
  had. Everything else goes through to Django and Wagtail untouched.
- ``rules.py`` holds what may be shared: only a 200 from a Wagtail page that
  sets no cookie, does not vary on Cookie, is not private, no-store or
  no-cache, is not streamed, used no CSP nonce and showed no flash message.
"""

from home.page_cache.middleware import PageCacheMiddleware
from home.page_cache.store import current_generation, retire_pages

__all__ = ["PageCacheMiddleware", "current_generation", "retire_pages"]
