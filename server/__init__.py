"""Depesha's server side: the store on disk, the build, the Flask app and the command line."""
