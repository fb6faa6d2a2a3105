"""The model layer (see ARCHITECTURE.md)."""
