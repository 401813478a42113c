/*
 * reconcile.engine._subsets, its second source: the payment-run search ``run_search``
 * (``payment_runs.python_run_search`` in C, which stays the reference). The module and the subset-sum search it
 * runs over each pool are ``_subsets.c``.
 */
#include "_subsets.h"

/* --- payment runs ---------------------------------------------------------------------------------------- */

typedef struct {
    const int64_t *cents, *days, *ranks;
    int64_t oday;
} cands;

static const cands *SORT_CTX = NULL; /* qsort has no context argument in C99; the GIL serialises callers */

static int
cmp_near(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    const cands *c = SORT_CTX;
    int64_t dx = c->days[x] - c->oday, dy = c->days[y] - c->oday;
    dx = dx < 0 ? -dx : dx;
    dy = dy < 0 ? -dy : dy;
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return (c->ranks[x] > c->ranks[y]) - (c->ranks[x] < c->ranks[y]);
}

static int
cmp_rank(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    const cands *c = SORT_CTX;
    return (c->ranks[x] > c->ranks[y]) - (c->ranks[x] < c->ranks[y]);
}

static int
cmp_day_rank(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    const cands *c = SORT_CTX;
    if (c->days[x] != c->days[y])
        return c->days[x] < c->days[y] ? -1 : 1;
    return (c->ranks[x] > c->ranks[y]) - (c->ranks[x] < c->ranks[y]);
}

/* A pool of candidates sorted for the search once (amount descending, ties by position in the pool), so that
 * several searches over it (one per size, one per pinned candidate) do not sort it again. */
typedef struct {
    const cands *c;
    const Py_ssize_t *pool;
    Py_ssize_t n;
    int64_t *vals, *prefix;
    Py_ssize_t *order, *chosen;
} prepared;

static void
release(prepared *p)
{
    PyMem_Free(p->vals);
    PyMem_Free(p->prefix);
    PyMem_Free(p->order);
    PyMem_Free(p->chosen);
    p->vals = p->prefix = NULL;
    p->order = p->chosen = NULL;
}

static int
prepare(prepared *p, const cands *c, const Py_ssize_t *pool, Py_ssize_t n)
{
    p->c = c;
    p->pool = pool;
    p->n = n;
    item *items = PyMem_Malloc(sizeof(item) * (size_t)(n + 1));
    p->vals = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    p->prefix = PyMem_Malloc(sizeof(int64_t) * (size_t)(n + 1));
    p->order = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    p->chosen = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    if (!items || !p->vals || !p->prefix || !p->order || !p->chosen) {
        PyMem_Free(items);
        release(p);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        items[i].amount = c->cents[pool[i]];
        items[i].index = i;
    }
    qsort(items, (size_t)n, sizeof(item), subsets_cmp_item);
    for (Py_ssize_t i = 0; i < n; i++) {
        p->vals[i] = items[i].amount;
        p->order[i] = items[i].index;
    }
    p->prefix[0] = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        p->prefix[i + 1] = p->prefix[i] + p->vals[i];
    PyMem_Free(items);
    return 0;
}

/* One bounded search over a prepared pool; adds its solutions, as candidate indices sorted by rank, to ``out``
 * unless already there. With ``pinned`` >= 0 (a candidate outside the pool) the subsets of the pool that add up to
 * the target less its amount, each with ``pinned`` added. Returns -1 on error, 1 when it stopped at its second
 * solution and one of the two is larger than ``min_size`` (a smaller one may be hidden), else 0; clears *complete
 * when the budget ran out. */
static int
search_prepared(const prepared *p, int64_t target, Py_ssize_t min_size, Py_ssize_t max_size, long long max_nodes,
                PyObject *out, int *complete, Py_ssize_t pinned, long long *left)
{
    const cands *c = p->c;
    if (pinned >= 0)
        target -= c->cents[pinned];
    if (p->n < min_size || target <= 0)
        return 0;
    if (*left <= 0) { /* the run's budget is spent: this search is not made, so nothing is certain */
        *complete = 0;
        return 0;
    }
    PyObject *found = PyList_New(0);
    if (found == NULL)
        return -1;
    int rc = -1;
    long long cap = max_nodes < *left ? max_nodes : *left;
    search s = {p->vals, p->prefix, p->order, p->n, min_size, max_size, 2, 0, cap, 1, p->chosen, 0, found, 0};
    subsets_dfs(&s, 0, target);
    *left -= s.nodes < cap ? s.nodes : cap;
    if (s.error)
        goto done;
    if (!s.complete)
        *complete = 0;
    int hidden = 0;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(found); k++) {
        PyObject *sol = PyList_GET_ITEM(found, k); /* positions in pool, ascending */
        Py_ssize_t m = PyTuple_GET_SIZE(sol);
        if (m > min_size && PyList_GET_SIZE(found) >= 2)
            hidden = 1;
        Py_ssize_t idx[17];
        if (m > 16) {
            PyErr_SetString(PyExc_ValueError, "max_size above 16");
            goto done;
        }
        for (Py_ssize_t i = 0; i < m; i++)
            idx[i] = p->pool[PyLong_AsSsize_t(PyTuple_GET_ITEM(sol, i))];
        if (pinned >= 0)
            idx[m++] = pinned;
        qsort(idx, (size_t)m, sizeof(Py_ssize_t), cmp_rank);
        PyObject *t = PyTuple_New(m);
        if (t == NULL)
            goto done;
        for (Py_ssize_t i = 0; i < m; i++) {
            PyObject *v = PyLong_FromSsize_t(idx[i]);
            if (v == NULL) {
                Py_DECREF(t);
                goto done;
            }
            PyTuple_SET_ITEM(t, i, v);
        }
        int has = PySequence_Contains(out, t);
        if (has < 0 || (!has && PyList_Append(out, t) < 0)) {
            Py_DECREF(t);
            goto done;
        }
        Py_DECREF(t);
    }
    rc = hidden;
done:
    Py_DECREF(found);
    return rc;
}

/* ``search_prepared`` over ``pool`` for sizes ``min_size``..``max_size``; when it stops at a second solution larger
 * than ``min_size``, a second smaller one may be hidden behind it, so each size is then searched on its own too. */
static int
search_sizes(const cands *c, const Py_ssize_t *pool, Py_ssize_t n, int64_t target, Py_ssize_t min_size,
             Py_ssize_t max_size, long long max_nodes, PyObject *out, int *complete, long long *left)
{
    if (n < min_size)
        return 0;
    prepared p;
    if (prepare(&p, c, pool, n) < 0)
        return -1;
    int rc = search_prepared(&p, target, min_size, max_size, max_nodes, out, complete, -1, left);
    if (rc == 1 && max_size > min_size) {
        rc = 0;
        for (Py_ssize_t size = min_size; size <= max_size && rc >= 0; size++)
            rc = search_prepared(&p, target, size, size, max_nodes, out, complete, -1, left);
    }
    release(&p);
    return rc < 0 ? -1 : 0;
}

/* Four of ``four`` (a prepared day) with each candidate of ``one`` (the adjacent day) pinned. */
static int
search_pinned(const cands *c, const Py_ssize_t *four, Py_ssize_t n_four, const Py_ssize_t *one, Py_ssize_t n_one,
              int64_t target, long long max_nodes, PyObject *out, int *complete, long long *left)
{
    if (n_four < 4 || n_one < 1)
        return 0;
    prepared p;
    if (prepare(&p, c, four, n_four) < 0)
        return -1;
    int rc = 0;
    for (Py_ssize_t k = 0; k < n_one && rc >= 0; k++)
        rc = search_prepared(&p, target, 4, 4, max_nodes, out, complete, one[k], left);
    release(&p);
    return rc < 0 ? -1 : 0;
}

/* The most parts (at least 3, at most ``max_parts``) whose subsets of a date of ``m`` entries number at most
 * ``max_subsets`` (0: no bound): larger subsets of that date are too many for one that adds up to be evidence. */
static Py_ssize_t
countable(Py_ssize_t m, Py_ssize_t max_parts, long long max_subsets)
{
    if (max_subsets <= 0)
        return max_parts;
    long long n = 1; /* comb(m, k), built up exactly */
    Py_ssize_t k = 0;
    while (k < max_parts) {
        n = n * (long long)(m - k) / (long long)(k + 1);
        if (n > max_subsets)
            break;
        k++;
    }
    return k < 3 ? (max_parts < 3 ? max_parts : 3) : k;
}

const char subsets_run_search_doc[] = PyDoc_STR(
"run_search(cents, days, ranks, target, oday, max_wide, max_day, max_parts, max_nodes, budget, max_subsets, probe)\n"
"-> (solutions, certain, n_days, n_wide, largest_day, nodes, unsearched)\n\n"
"``payment_runs.python_run_search`` in C (the reference; see there).");

PyObject *
subsets_run_search(PyObject *self, PyObject *args)
{
    PyObject *c_obj, *d_obj, *r_obj;
    long long target, oday, max_nodes, budget, max_subsets, probe;
    Py_ssize_t max_wide, max_day, max_parts;
    if (!PyArg_ParseTuple(args, "OOOLLnnnLLLL:run_search", &c_obj, &d_obj, &r_obj, &target, &oday, &max_wide,
                          &max_day, &max_parts, &max_nodes, &budget, &max_subsets, &probe))
        return NULL;
    Py_buffer cb, db, rb;
    if (PyObject_GetBuffer(c_obj, &cb, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    if (PyObject_GetBuffer(d_obj, &db, PyBUF_C_CONTIGUOUS) < 0) {
        PyBuffer_Release(&cb);
        return NULL;
    }
    if (PyObject_GetBuffer(r_obj, &rb, PyBUF_C_CONTIGUOUS) < 0) {
        PyBuffer_Release(&cb);
        PyBuffer_Release(&db);
        return NULL;
    }
    PyObject *out = PyList_New(0), *result = NULL;
    Py_ssize_t n = cb.len / 8;
    Py_ssize_t *near = NULL, *pool = NULL;
    if (out == NULL)
        goto done;
    if (cb.len % 8 || db.len != cb.len || rb.len != cb.len || max_parts > 16) {
        PyErr_SetString(PyExc_ValueError, "cents, days and ranks must be int64 arrays of one length");
        goto done;
    }
    cands c = {(const int64_t *)cb.buf, (const int64_t *)db.buf, (const int64_t *)rb.buf, (int64_t)oday};
    int certain = 1, probed = 1; /* probed: every probe of the shapes that cannot count was made and complete */
    long long left = budget, probe_left = probe; /* nodes all the searches of this run may still visit */
    Py_ssize_t n_days = 0, n_wide = 0, largest = 0;
    if (n < 2) {
        result = Py_BuildValue("(OOnnnLO)", out, Py_False, (Py_ssize_t)0, (Py_ssize_t)0, (Py_ssize_t)0, 0LL, Py_False);
        goto done;
    }
    near = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)n);
    pool = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)n * 2);
    if (!near || !pool) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        near[i] = i;
    SORT_CTX = &c;
    qsort(near, (size_t)n, sizeof(Py_ssize_t), cmp_near);
    n_wide = n < max_wide ? n : max_wide;
    /* Pairs and triples among the nearest (each size again on its own when a triple found first may hide a pair). */
    if (search_sizes(&c, near, n_wide, target, 2, 3, max_nodes, out, &certain, &left) < 0)
        goto done;
    /* Day pools: candidates by (day, rank). */
    for (Py_ssize_t i = 0; i < n; i++)
        pool[i] = i;
    SORT_CTX = &c;
    qsort(pool, (size_t)n, sizeof(Py_ssize_t), cmp_day_rank);
    /* With a bound on the subsets that count: a crowded window (a date of more than half the wide pool, or more than
     * twice the wide pool in all: ``run_evidence.crowded``) lets no subset over two dates count, so those shapes are
     * not searched there, nor four of two dates of more than the wide pool; the run is then not certain. */
    int busy = 0;
    if (max_subsets > 0) {
        Py_ssize_t most = 0;
        for (Py_ssize_t b = 0; b < n;) {
            Py_ssize_t y = b;
            while (y < n && c.days[pool[y]] == c.days[pool[b]])
                y++;
            if (y - b > most)
                most = y - b;
            b = y;
        }
        busy = 2 * most > max_wide || n > 2 * max_wide;
    }
    Py_ssize_t a = 0;
    while (a < n) {
        Py_ssize_t z = a;
        while (z < n && c.days[pool[z]] == c.days[pool[a]])
            z++;
        n_days++;
        if (z - a > largest)
            largest = z - a;
        /* On a crowded date (more than half the wide pool) pairs and triples too: the max_wide nearest cut the
         * window inside it or leave it out. */
        Py_ssize_t low = 2 * (z - a) > max_wide ? 2 : 4;
        if (z - a >= low) {
            Py_ssize_t high = countable(z - a, max_parts, max_subsets);
            if (z - a > max_day)
                certain = 0;
            else if (high >= low
                     && search_sizes(&c, pool + a, z - a, target, low, high, max_nodes, out, &certain, &left) < 0)
                goto done;
            /* Larger subsets of this date are too many to count: probed only, for one that would block. */
            else if (high < max_parts && z - a <= max_day
                     && search_sizes(&c, pool + a, z - a, target, high + 1 > low ? high + 1 : low, max_parts,
                                     max_nodes, out, &probed, &probe_left) < 0)
                goto done;
        }
        /* This day and the next, if adjacent: four entries with one booked a day off. */
        if (z < n && c.days[pool[z]] == c.days[pool[a]] + 1) {
            Py_ssize_t e = z;
            while (e < n && c.days[pool[e]] == c.days[pool[z]])
                e++;
            int uncounted = max_subsets > 0 && (busy || e - a > max_wide);
            if (e - a >= 4) {
                if (e - a > 2 * max_day)
                    certain = 0;
                else if (search_sizes(&c, pool + a, e - a, target, 4, 4, max_nodes, out,
                                      uncounted ? &probed : &certain, uncounted ? &probe_left : &left) < 0)
                    goto done;
            }
        }
        a = z;
    }
    /* Five entries with one of them booked the other day (four of one date and one of the next, either way): the
     * least likely shape, searched only when nothing of five entries or fewer adds up. */
    int small = 0; /* a solution of five entries or fewer: a chance subset of six must not hide the shape */
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(out); k++)
        small |= PyTuple_GET_SIZE(PyList_GET_ITEM(out, k)) <= 5;
    if (max_parts >= 5 && !small) {
        int *flag = busy ? &probed : &certain;
        long long *spend = busy ? &probe_left : &left;
        for (a = 0; a < n;) {
            Py_ssize_t z = a, e;
            while (z < n && c.days[pool[z]] == c.days[pool[a]])
                z++;
            if (z < n && c.days[pool[z]] == c.days[pool[a]] + 1) {
                e = z;
                while (e < n && c.days[pool[e]] == c.days[pool[z]])
                    e++;
                if (e - a >= 5 && z - a <= max_day && e - z <= max_day
                    && (search_pinned(&c, pool + a, z - a, pool + z, e - z, target, max_nodes, out, flag, spend) < 0
                        || search_pinned(&c, pool + z, e - z, pool + a, z - a, target, max_nodes, out, flag, spend) < 0))
                    goto done;
            }
            a = z;
        }
    }
    result = Py_BuildValue("(OOnnnLO)", out, certain ? Py_True : Py_False, n_days, n_wide, largest, budget - left + probe - probe_left,
                           probed ? Py_False : Py_True);
done:
    Py_XDECREF(out);
    PyMem_Free(near);
    PyMem_Free(pool);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&db);
    PyBuffer_Release(&rb);
    return result;
}
