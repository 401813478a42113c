/*
 * What the sources of reconcile.engine._columns share: ``_columns.c`` (the per-line pass, the reference
 * normaliser and the module) and ``_columns_groups.c`` (the id sort keys, first-seen codes, the 1:1 groups
 * and the document numbers of texts) and ``_columns_find.c`` (a literal's offsets in a text).
 */
#ifndef RECONCILE_ENGINE_COLUMNS_H
#define RECONCILE_ENGINE_COLUMNS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* Shared by the two sources only: not exported from the module's shared object (only PyInit__columns is). */
#if defined(__GNUC__) || defined(__clang__)
#define COLUMNS_INTERNAL __attribute__((visibility("hidden")))
#else
#define COLUMNS_INTERNAL
#endif

/* A bytearray of ``size`` bytes (0 for a negative size), its contents not set (``_columns.c``). */
COLUMNS_INTERNAL PyObject *columns_new_bytearray(Py_ssize_t size);

/* Methods of the module defined in ``_columns_groups.c``. */
COLUMNS_INTERNAL extern const char columns_id_keys_doc[];
COLUMNS_INTERNAL PyObject *columns_id_keys(PyObject *self, PyObject *ids_in);
COLUMNS_INTERNAL extern const char columns_first_seen_doc[];
COLUMNS_INTERNAL PyObject *columns_first_seen(PyObject *self, PyObject *args);
COLUMNS_INTERNAL extern const char columns_pair_groups_doc[];
COLUMNS_INTERNAL PyObject *columns_pair_groups(PyObject *self, PyObject *args);
COLUMNS_INTERNAL extern const char columns_doc_numbers_doc[];
COLUMNS_INTERNAL PyObject *columns_doc_numbers(PyObject *self, PyObject *texts_in);

/* Defined in ``_columns_find.c``: a literal's offsets in a text. */
COLUMNS_INTERNAL extern const char columns_find_all_doc[];
COLUMNS_INTERNAL PyObject *columns_find_all(PyObject *self, PyObject *args);

#endif
