"""Depesha's server side: the store on disk, the build, the Flask app and the command line."""

__version__ = "0.3.0"  # the one version number (pyproject.toml reads it from here)
SOFTWARE = f"Depesha {__version__}"  # as the VoID and the build activities name the software
USER_AGENT = f"Depesha/{__version__}"  # the start of every User-Agent this software sends
