"""The formats layer (see ARCHITECTURE.md)."""
