"""(issue 10: see home/governance/__init__.py)"""
