"""`make bench`: the load benchmark of issue 11 (see "Performance" in README.md).

Not shipped in the wheel: it drives a running site from outside.
"""
