"""The stores layer (see ARCHITECTURE.md)."""
