"""The linked-data site: a page for every thing, browsing, search, dumps, reconciliation, the query UI."""
