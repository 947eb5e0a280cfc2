"""The caching proxy in front of the application (Varnish), told what changed.

The contract the page cache and the invalidation rely on (issue #14):

- :func:`purge_urls` purges the given absolute page URLs from the proxy
  (Wagtail's front-end cache invalidation, ``WAGTAILFRONTENDCACHE``);
- :func:`purge_everything` empties the proxy, for changes every page shows
  (branding, sites, locales);
- :func:`mark_shared` marks a response the proxy may keep, and for how long.

With no proxy configured, they do nothing.
"""


def purge_urls(urls):
    """Purge ``urls`` (absolute URLs of pages) from the proxy, if there is one."""


def purge_everything():
    """Purge every page from the proxy, if there is one."""


def mark_shared(response, seconds):
    """Let the proxy keep ``response`` for at most ``seconds``, if there is one."""
    return response
