import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
# A statement of a web request is cancelled after 3 s: the visitor gets the 503 page, not
# a wait. Commands have no such limit (settings.py; 0 means none).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "3")
application = get_wsgi_application()
