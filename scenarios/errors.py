class ScenarioError(ValueError):
    """A scenario file or value that cannot be used; the message names file, key and rule."""
