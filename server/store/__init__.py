"""The store on disk and what reads or writes it: snapshots and the catalog, users' RDF, validation, publishing to
another store, a remote endpoint read as a store, look-ups."""
