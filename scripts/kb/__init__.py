"""The Erasmus+ knowledge base core: load, validate and render. Knows nothing of MkDocs."""
