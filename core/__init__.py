"""The shared kernel both apps build on: what a document, a key or a rule needs, whatever app uses it."""
