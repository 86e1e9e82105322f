-- Run once by the postgres image on a new volume: Rasa's tracker store gets its own database beside the
-- knowledge base (POSTGRES_DB=afwezig).
CREATE DATABASE rasa_tracker;
