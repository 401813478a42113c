"""Pure renderers (PDF/XLSX) for reconciliation documents; no Django imports."""
