# The Rasa image: Rasa Open Source 3.6.21 with the trained model, the Dutch spaCy pipeline and the custom component.
# `make setup` must have run first (models/afwezig.tar.gz, var/spacy-nl).
# Build from the repository root: docker build -f deploy/docker/rasa.Dockerfile -t afwezig-rasa .
FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 PYTHONPATH=/app
WORKDIR /app
COPY requirements/rasa.txt requirements/rasa.lock requirements/
RUN pip install --no-cache-dir -r requirements/rasa.txt -c requirements/rasa.lock
COPY bot/__init__.py bot/__init__.py
COPY bot/components bot/components
COPY bot/tracker_store.py bot/rasa_run.py bot/rasa_speedups.py bot/
COPY bot/credentials.yml bot/credentials.yml
COPY var/spacy-nl var/spacy-nl
COPY models/afwezig.tar.gz models/afwezig.tar.gz
RUN useradd --system --uid 10001 rasa && chown -R rasa /app
USER rasa
EXPOSE 5005
# The endpoints file (tracker store, lock store, action server) is written from the settings by
# `python -m deploy.endpoints` (docker-compose.yml: the `config` job) and mounted at /config/endpoints.yml.
# The token of Rasa's HTTP API comes from RASA_TOKEN through bot/rasa_run.py (not on the command line).
CMD exec python -m bot.rasa_run run --enable-api -p 5005 -m models/afwezig.tar.gz \
    --credentials bot/credentials.yml --endpoints "${ENDPOINTS_FILE:-/config/endpoints.yml}"
