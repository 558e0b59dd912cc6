"""The web server: the app factory, gunicorn, errors as HTTP answers, content negotiation, caching."""
