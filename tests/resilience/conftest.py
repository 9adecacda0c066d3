def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "drill: starts gunicorn and restarts its own PostgreSQL (about 20 s); "
        'part of make test, skip with -m "not drill"',
    )
