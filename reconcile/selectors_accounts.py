"""Temporary alias of reconcile.selectors.accounts, for statements.services.onboarding only.

That module is being reworked on another branch (issue 21, item 7 moved the reads into the reconcile.selectors
package); once both are merged, its import becomes `from reconcile.selectors.accounts import company_registrations`
and this file is deleted. Nothing else may import it.
"""

from reconcile.selectors.accounts import company_registrations

__all__ = ["company_registrations"]
