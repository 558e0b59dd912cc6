"""Linking people, groups and places to Wikidata: the client, scoring, the review file, the link triples."""
