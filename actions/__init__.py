"""Custom Rasa actions: thin adapters from the tracker to knowledge/ and back to messages."""
