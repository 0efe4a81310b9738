# Production image: slim Python, non-root, gunicorn, static files collected at build.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_MANIFEST=true
WORKDIR /app

COPY pyproject.toml ./
COPY quartier/ quartier/
COPY directory/ directory/
RUN pip install --no-cache-dir .

COPY . .
RUN python manage.py collectstatic --noinput \
    && useradd --system --home /app quartier \
    && chown -R quartier /app
USER quartier

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["gunicorn", "quartier.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
