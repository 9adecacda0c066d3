"""The read API under /api/v1/ (Django REST Framework): the sociale kaart, the coach's
aggregates and the neighbourhoods, for clients holding a token the administrator issued."""
