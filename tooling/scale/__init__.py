"""A large fictional registry for benchmarks, built by `manage.py seed_scale`.

This is a benchmark fixture, not anybody's work: it writes straight to the tables
(`bulk_create` for the few people and places, PostgreSQL COPY for the rest) and does
NOT go through the actions, so it writes no audit entries.

Everything comes from one `random.Random(seed)`: the same size and seed give the
same areas, people, titles and names in the same order. Dates are laid out
backwards from today, so they shift with the day the set is built.

Every name is invented: areas are "Gebied 01", "Gebied 02", ...; neighbourhoods,
people and organisations are made up from the word lists in words.py.

The signals, their history and the collective needs come last (signal_builder.py):
their tables are loaded without their secondary indexes and foreign keys, which are
put back afterwards, since keeping them up to date row by row took most of the time.
"""

from tooling.scale.builder import DOCUMENTED_SIZES, SIZES, ScaleBuilder, ScaleError, Size

__all__ = ["DOCUMENTED_SIZES", "SIZES", "ScaleBuilder", "ScaleError", "Size"]
