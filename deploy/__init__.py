"""Deployment helpers that read the one settings object (``api.settings.ApiSettings``)."""
