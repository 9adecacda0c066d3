"""A PostgreSQL backend that starts the embedded server on its first connection."""
