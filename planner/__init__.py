"""Pure planning domain and optimisation for Yunce (no Qt, no file I/O)."""
