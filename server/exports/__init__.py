"""Exports of the graph in other communities' formats: CMIF and Linked Art."""
