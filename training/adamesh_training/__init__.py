"""AdaMesh Studio offline training tools (Python, Debian packages only)."""
