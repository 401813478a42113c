/*
 * reconcile.engine._subsets: the bounded exact subset-sum search of ``subsets.subset_sums`` in C.
 *
 * ``subset_sums(amounts, target, min_size, max_size, limit, max_nodes) -> (solutions, complete, nodes)`` walks exactly
 * the same depth-first search as the Python function (items by amount descending, ties by index; the bound
 * pruning; one node per loop step; stop at ``limit`` solutions or after ``max_nodes`` nodes), so it returns the
 * same solutions in the same order and the same ``complete`` flag. ``amounts`` is a buffer of int64 (positive
 * cents). Python stays the reference (``tests/reconcile/engine/test_subsets_c.py`` compares the two); this exists
 * because payment runs search every bank line with a batch marker against up to a few dozen journal lines, which
 * costs milliseconds per line in Python.
 */
#include "_subsets.h"

static int
cmp_index(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

static int
record(search *s)
{
    Py_ssize_t k = s->depth;
    Py_ssize_t *idx = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)k);
    if (idx == NULL) {
        PyErr_NoMemory();
        s->error = 1;
        return -1;
    }
    for (Py_ssize_t i = 0; i < k; i++)
        idx[i] = s->order[s->chosen[i]];
    qsort(idx, (size_t)k, sizeof(Py_ssize_t), cmp_index);
    PyObject *t = PyTuple_New(k);
    if (t == NULL) {
        PyMem_Free(idx);
        s->error = 1;
        return -1;
    }
    for (Py_ssize_t i = 0; i < k; i++) {
        PyObject *v = PyLong_FromSsize_t(idx[i]);
        if (v == NULL) {
            Py_DECREF(t);
            PyMem_Free(idx);
            s->error = 1;
            return -1;
        }
        PyTuple_SET_ITEM(t, i, v);
    }
    PyMem_Free(idx);
    int rc = PyList_Append(s->found, t);
    Py_DECREF(t);
    if (rc < 0)
        s->error = 1;
    return rc;
}

/* Returns 1 to stop the whole search (limit reached, budget spent or an error), 0 to go on. */
int
subsets_dfs(search *s, Py_ssize_t start, int64_t remaining)
{
    /* Amounts are sorted descending: those larger than ``remaining`` form a prefix of the rest and can join no
     * subset here, so the loop starts past them (found by bisection) instead of stepping over each. They still
     * count one node each, as the steps over them did: the budget means what it meant, and so do the results. */
    Py_ssize_t lo = start, hi = s->n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (s->vals[mid] > remaining)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (s->nodes + (lo - start) > s->max_nodes) {
        s->nodes = s->max_nodes + 1;
        s->complete = 0;
        return 1;
    }
    s->nodes += lo - start;
    start = lo;
    for (Py_ssize_t i = start; i < s->n; i++) {
        s->nodes++;
        if (s->nodes > s->max_nodes) {
            s->complete = 0;
            return 1;
        }
        int64_t v = s->vals[i];
        if (v > remaining)
            continue;
        Py_ssize_t last = i + s->max_size - s->depth;
        if (last > s->n)
            last = s->n;
        if (s->prefix[last] - s->prefix[i] < remaining)
            return 0; /* the most the free slots can add from here; sorted descending: later starts add less */
        s->chosen[s->depth++] = i;
        if (v == remaining) {
            if (s->depth >= s->min_size) {
                if (record(s) < 0)
                    return 1;
                if (PyList_GET_SIZE(s->found) >= s->limit) {
                    s->depth--;
                    return 1;
                }
            }
        }
        else if (s->depth < s->max_size) {
            if (subsets_dfs(s, i + 1, remaining - v)) {
                s->depth--;
                return 1;
            }
        }
        s->depth--;
    }
    return 0;
}


int
subsets_cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->amount != y->amount)
        return x->amount > y->amount ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

PyDoc_STRVAR(subset_sums_doc,
"subset_sums(amounts, target, min_size, max_size, limit, max_nodes) -> (list[tuple[int, ...]], bool, nodes)\n\n"
"``subsets.subset_sums`` in C: ``amounts`` an int64 buffer of positive values.");

static PyObject *
subset_sums(PyObject *self, PyObject *args)
{
    PyObject *amounts_obj;
    long long target, max_nodes;
    Py_ssize_t min_size, max_size, limit;
    if (!PyArg_ParseTuple(args, "OLnnnL:subset_sums", &amounts_obj, &target, &min_size, &max_size, &limit,
                          &max_nodes))
        return NULL;
    Py_buffer buf;
    if (PyObject_GetBuffer(amounts_obj, &buf, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    PyObject *found = PyList_New(0), *result = NULL;
    Py_ssize_t n = buf.len / 8;
    item *items = NULL;
    int64_t *vals = NULL, *prefix = NULL;
    Py_ssize_t *order = NULL, *chosen = NULL;
    if (found == NULL)
        goto done;
    if (buf.len % 8) {
        PyErr_SetString(PyExc_ValueError, "amounts must be an int64 buffer");
        goto done;
    }
    const int64_t *amounts = (const int64_t *)buf.buf;
    items = PyMem_Malloc(sizeof(item) * (size_t)(n + 1));
    vals = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    prefix = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    chosen = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    if (!items || !vals || !prefix || !order || !chosen) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (amounts[i] <= 0) {
            PyErr_SetString(PyExc_ValueError, "amounts must be positive");
            goto done;
        }
        items[i].amount = amounts[i];
        items[i].index = i;
    }
    qsort(items, (size_t)n, sizeof(item), subsets_cmp_item);
    for (Py_ssize_t i = 0; i < n; i++) {
        vals[i] = items[i].amount;
        order[i] = items[i].index;
    }
    prefix[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (prefix[i] > INT64_MAX - vals[i]) {
            PyErr_SetString(PyExc_OverflowError, "amounts too large");
            goto done;
        }
        prefix[i + 1] = prefix[i] + vals[i];
    }
    search s = {vals, prefix, order, n, min_size, max_size, limit, 0, max_nodes, 1, chosen, 0, found, 0};
    if (target > 0 && n > 0)
        subsets_dfs(&s, 0, (int64_t)target);
    if (s.error)
        goto done;
    /* The nodes visited, at most max_nodes: what a caller with a budget over several searches counts. */
    result = Py_BuildValue("(OOL)", found, s.complete ? Py_True : Py_False, s.nodes < max_nodes ? s.nodes : max_nodes);
done:
    Py_XDECREF(found);
    PyMem_Free(items);
    PyMem_Free(vals);
    PyMem_Free(prefix);
    PyMem_Free(order);
    PyMem_Free(chosen);
    PyBuffer_Release(&buf);
    return result;
}

static PyMethodDef methods[] = {
    {"subset_sums", subset_sums, METH_VARARGS, subset_sums_doc},
    {"run_search", subsets_run_search, METH_VARARGS, subsets_run_search_doc},
    {"window_subsets", subsets_window, METH_VARARGS, subsets_window_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_subsets", "Bounded exact subset sums in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__subsets(void)
{
    return PyModule_Create(&module);
}
