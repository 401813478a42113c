"""The matching stages, run in order by ``reconcile.engine.api.match``."""
