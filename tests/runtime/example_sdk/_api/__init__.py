"""Per-view APIs of pygen_example:ProductCatalog/v1, created on first access through the client."""
