"""Reads that views share."""

from home.models import visible_pages


def search_pages(query, *, site):
    """Pages of this site a reader may see that match their query, best first."""
    return visible_pages(site).search(query, operator="and")
