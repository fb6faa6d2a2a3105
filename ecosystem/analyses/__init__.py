"""The analyses layer (see ARCHITECTURE.md)."""
