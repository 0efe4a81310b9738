# Production image: slim Python, non-root, gunicorn, static files collected at build.
# Behind an HTTPS reverse proxy; every setting comes from the environment (see README).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PRODUCTION=true STATIC_MANIFEST=true \
    PORT=8000 WEB_CONCURRENCY=3
WORKDIR /app

COPY pyproject.toml ./
COPY quartier/ quartier/
COPY directory/ directory/
RUN pip install --no-cache-dir .

COPY . .
# collectstatic reads the settings, which want a key; this one never serves a request.
# The code stays root's: the app user can read it, not change it.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --no-create-home --home-dir /app quartier
USER quartier

EXPOSE 8000
# /healthz answers over plain http from inside; Host is one the app accepts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip(' .*') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), headers={'Host': host}), timeout=4)"]
# gunicorn binds 0.0.0.0:$PORT with $WEB_CONCURRENCY workers of GUNICORN_THREADS threads
# (gunicorn.conf.py, read from /app); request logs come from the app.
CMD ["gunicorn", "quartier.wsgi"]
