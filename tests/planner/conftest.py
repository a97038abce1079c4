"""Test support for the planner tests."""

import warnings

# When a hypothesis test fails, its pytest plugin imports libcst (to suggest an @example patch)
# while reporting; libcst subclasses mypy_extensions.TypedDict, which warns, and with
# filterwarnings=error that warning turns the real failure into a pytest INTERNALERROR.
# Importing it once here, quietly, keeps failure reports readable. Not needed when absent.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import libcst.metadata  # noqa: F401
    except ImportError:
        pass
