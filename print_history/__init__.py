"""The migration history of the former ``print`` app (label ``print``), kept for existing databases.

``print`` was split into ``bulletins``, ``stickers`` and ``pdf``; their models keep
the ``print_*`` tables. This app has no model: its migrations 0001–0005 are the
old ones, and 0006 removes the moved models from the ``print`` state once the new
apps have taken them over. A package of its own, so that nothing shadows the
built-in ``print``.
"""
