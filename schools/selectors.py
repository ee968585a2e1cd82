"""Reads of the schools app that are more than one line."""


def next_stage_packs(page, request):
    """Cards of packs for the next key stage on the same topics (progression).
    (Filled in by the finding work.)"""
    return []
