"""``depesha build``: converting files on all cores, loading them, the dataset's description (VoID) and its dumps."""
