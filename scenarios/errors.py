"""The errors a user can cause: each says in one line what is wrong and what is allowed.

The command line prints their message alone (no traceback) and exits with status 2.
"""


class FloatpopError(Exception):
    """An error in what the user gave or asked for, not in floatpop itself."""


class ScenarioError(FloatpopError, ValueError):
    """A scenario file or value that cannot be used; the message names file, key and rule."""
