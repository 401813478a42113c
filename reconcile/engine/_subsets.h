/*
 * What the two sources of reconcile.engine._subsets share: ``_subsets.c`` (the bounded subset-sum search and the
 * module), ``_subsets_runs.c`` (the payment-run search, ``run_search``, which runs that search over its pools) and
 * ``_subsets_window.c`` (every subset of two to five of a payment run's whole window, ``window_subsets``).
 */
#ifndef RECONCILE_ENGINE_SUBSETS_H
#define RECONCILE_ENGINE_SUBSETS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>

/* Shared by the two sources only: not exported from the module's shared object (only PyInit__subsets is). */
#if defined(__GNUC__) || defined(__clang__)
#define SUBSETS_INTERNAL __attribute__((visibility("hidden")))
#else
#define SUBSETS_INTERNAL
#endif

typedef struct {
    const int64_t *vals;  /* amounts in search order */
    const int64_t *prefix; /* prefix[i]: sum of the i largest amounts */
    const Py_ssize_t *order; /* original index of each search position */
    Py_ssize_t n, min_size, max_size, limit;
    long long nodes, max_nodes;
    int complete;
    Py_ssize_t *chosen;
    Py_ssize_t depth;
    PyObject *found; /* list of tuples */
    int error;
} search;

typedef struct {
    int64_t amount;
    Py_ssize_t index;
} item;

/* One bounded depth-first search (``_subsets.c``): returns 1 to stop the whole search, 0 to go on. */
SUBSETS_INTERNAL int subsets_dfs(search *s, Py_ssize_t start, int64_t remaining);
/* qsort order of items: amount descending, ties by index. */
SUBSETS_INTERNAL int subsets_cmp_item(const void *a, const void *b);

/* The payment-run search (``_subsets_runs.c``), a method of the module. */
SUBSETS_INTERNAL extern const char subsets_run_search_doc[];
SUBSETS_INTERNAL PyObject *subsets_run_search(PyObject *self, PyObject *args);

/* Every subset of two to five of a run's whole window (``_subsets_window.c``), a method of the module. */
SUBSETS_INTERNAL extern const char subsets_window_doc[];
SUBSETS_INTERNAL PyObject *subsets_window(PyObject *self, PyObject *args);

#endif
