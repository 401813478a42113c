"""Pure statement renderers (PDF); no Django imports."""
