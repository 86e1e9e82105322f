# The application image: the API (uvicorn api.main:app) and the action server (python -m rasa_sdk) run from it,
# and so do the one-off jobs (the knowledge loader, Rasa's endpoints from the settings).
# Build from the repository root: docker build -f deploy/docker/app.Dockerfile -t afwezig-app .
FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements/app.txt requirements/app.lock requirements/
RUN pip install --no-cache-dir -r requirements/app.txt -c requirements/app.lock
COPY api api
COPY actions actions
COPY knowledge knowledge
COPY deploy deploy
RUN useradd --system --uid 10001 afwezig && mkdir -p /app/var && chown afwezig /app/var
USER afwezig
EXPOSE 8000 5055
CMD ["uvicorn", "api.main:app", "--ws", "none", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
