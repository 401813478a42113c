"""The portal's pages, one module per area (urls.py imports them): home and accounts, statements and answers,
signing, the workbench and its rules, imports, documents, ops pages, tokens, two-factor, errors and verification."""
