"""Naming policies, one module per target language."""
