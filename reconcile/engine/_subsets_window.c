/*
 * reconcile.engine._subsets, its third source: ``window_subsets``, every subset of two to five entries of a payment
 * run's whole window that adds up to the bank line (``run_window.python_window_subsets`` in C, which stays the
 * reference: the same solutions in the same order, the same refusals). Pairs sorted by sum meet single entries
 * (three), pairs (four) and the triples that can still reach the total (five); numpy builds every hit as an array
 * first, this looks each sum up in a hash table of the pairs' sums.
 */
#include "_subsets.h"

/* The pairs' sums, hashed: each distinct sum with its pairs in (i, j) order (a chain through ``next``), so that a
 * look-up costs a probe or two instead of a binary search over sorted sums. */
typedef struct {
    int64_t sum;
    int32_t head, tail, count; /* head -1: an empty slot */
} slot;

#define SEEN_BITS 17 /* a bit per hash of a sum, 16 KiB: most look-ups find no pair, and this says so from cache */

typedef struct {
    slot *slots;
    int32_t *next, *pi, *pj;
    size_t mask;
    uint64_t *seen;
} sums_table;

static size_t
hash_sum(int64_t v)
{
    return (size_t)(((uint64_t)v * 0x9E3779B97F4A7C15ULL) >> 20);
}

static const slot *
find(const sums_table *t, int64_t v)
{
    size_t b = hash_sum(v) & ((1u << SEEN_BITS) - 1);
    if (!(t->seen[b >> 6] >> (b & 63) & 1))
        return NULL;
    for (size_t h = hash_sum(v) & t->mask;; h = (h + 1) & t->mask) {
        const slot *e = &t->slots[h];
        if (e->head < 0)
            return NULL;
        if (e->sum == v)
            return e;
    }
}

static void
insert(sums_table *t, int64_t v, int32_t p)
{
    size_t b = hash_sum(v) & ((1u << SEEN_BITS) - 1);
    t->seen[b >> 6] |= 1ULL << (b & 63);
    size_t h = hash_sum(v) & t->mask;
    while (t->slots[h].head >= 0 && t->slots[h].sum != v)
        h = (h + 1) & t->mask;
    slot *e = &t->slots[h];
    t->next[p] = -1;
    if (e->head < 0) {
        e->sum = v;
        e->head = e->tail = p;
        e->count = 1;
    } else {
        t->next[e->tail] = p;
        e->tail = p;
        e->count++;
    }
}

static int
cmp_item_up(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->amount != y->amount)
        return x->amount < y->amount ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* First position in ``c`` (ascending, length n) above ``v``, or not below it with ``above`` 0. */
static Py_ssize_t
bound(const int64_t *c, Py_ssize_t n, int64_t v, int above)
{
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (above ? c[mid] <= v : c[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int64_t
floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

typedef struct {
    const Py_ssize_t *orig; /* original position of each sorted position */
    PyObject *out;
    Py_ssize_t limit;
} sink;

/* Add one solution (sorted positions) as a tuple of original positions, ascending; -1 on error. */
static int
emit(sink *s, const Py_ssize_t *pos, int m)
{
    Py_ssize_t v[5];
    for (int a = 0; a < m; a++)
        v[a] = s->orig[pos[a]];
    for (int a = 1; a < m; a++) /* insertion sort of at most five */
        for (int b = a; b > 0 && v[b - 1] > v[b]; b--) {
            Py_ssize_t t = v[b];
            v[b] = v[b - 1];
            v[b - 1] = t;
        }
    PyObject *t = PyTuple_New(m);
    if (t == NULL)
        return -1;
    for (int a = 0; a < m; a++) {
        PyObject *x = PyLong_FromSsize_t(v[a]);
        if (x == NULL) {
            Py_DECREF(t);
            return -1;
        }
        PyTuple_SET_ITEM(t, a, x);
    }
    int rc = PyList_Append(s->out, t);
    Py_DECREF(t);
    return rc;
}

const char subsets_window_doc[] = PyDoc_STR(
    "window_subsets(cents, target, max_parts, limit, max_triples, max_hits) -> list of tuples or None\n\n"
    "``run_window.python_window_subsets`` in C (the reference; see there).");

/* Walk the pairs of sum ``need`` whose smaller member is above ``above``, emitting ``pos[0..m-3]`` with each; adds
 * the pairs of that sum (whatever their members) to *hits. -1 on error. */
static int
meet(const sums_table *t, int64_t need, Py_ssize_t above, Py_ssize_t *pos, int m, sink *s, long long *hits)
{
    const slot *e = find(t, need);
    if (e == NULL)
        return 0;
    *hits += e->count;
    for (int32_t q = e->head; q >= 0 && PyList_GET_SIZE(s->out) < s->limit; q = t->next[q])
        if (above < t->pi[q]) {
            pos[m - 2] = t->pi[q];
            pos[m - 1] = t->pj[q];
            if (emit(s, pos, m) < 0)
                return -1;
        }
    return 0;
}

PyObject *
subsets_window(PyObject *self, PyObject *args)
{
    PyObject *c_obj;
    long long target, max_triples, max_hits;
    Py_ssize_t max_parts, limit;
    if (!PyArg_ParseTuple(args, "OLnnLL:window_subsets", &c_obj, &target, &max_parts, &limit, &max_triples,
                          &max_hits))
        return NULL;
    Py_buffer cb;
    if (PyObject_GetBuffer(c_obj, &cb, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    PyObject *out = PyList_New(0), *result = NULL;
    Py_ssize_t n = cb.len / 8, m = n * (n - 1) / 2;
    item *items = NULL;
    int64_t *c = NULL;
    Py_ssize_t *orig = NULL;
    sums_table t = {NULL, NULL, NULL, NULL, 0, NULL};
    if (out == NULL)
        goto done;
    if (cb.len % 8 || n > 4096) {
        PyErr_SetString(PyExc_ValueError, "cents must be an int64 array of at most 4096 entries");
        goto done;
    }
    if (n < 2) {
        result = out;
        Py_INCREF(result);
        goto done;
    }
    const int64_t *raw = cb.buf;
    size_t size = 16;
    while (size < 2 * (size_t)m)
        size *= 2;
    t.mask = size - 1;
    items = PyMem_Malloc(sizeof(item) * (size_t)n);
    c = PyMem_Malloc(sizeof(int64_t) * (size_t)n);
    orig = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)n);
    t.slots = PyMem_Malloc(sizeof(slot) * size);
    t.next = PyMem_Malloc(sizeof(int32_t) * (size_t)m);
    t.pi = PyMem_Malloc(sizeof(int32_t) * (size_t)m);
    t.pj = PyMem_Malloc(sizeof(int32_t) * (size_t)m);
    t.seen = PyMem_Calloc((size_t)1 << (SEEN_BITS - 6), sizeof(uint64_t));
    if (!items || !c || !orig || !t.slots || !t.next || !t.pi || !t.pj || !t.seen) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        items[i].amount = raw[i];
        items[i].index = i;
    }
    qsort(items, (size_t)n, sizeof(item), cmp_item_up); /* ascending, ties by position: numpy's stable argsort */
    for (Py_ssize_t i = 0; i < n; i++) {
        c[i] = items[i].amount;
        orig[i] = items[i].index;
    }
    sink s = {orig, out, limit};
    Py_ssize_t pos[5];
    /* Two: pairs in (i, j) order. */
    for (Py_ssize_t i = 0; i < n; i++)
        for (Py_ssize_t j = i + 1; j < n; j++)
            if (c[i] + c[j] == target && PyList_GET_SIZE(out) < limit) {
                pos[0] = i;
                pos[1] = j;
                if (emit(&s, pos, 2) < 0)
                    goto done;
            }
    if (PyList_GET_SIZE(out) >= limit || max_parts < 3)
        goto finish;
    for (size_t h = 0; h < size; h++)
        t.slots[h].head = -1;
    for (Py_ssize_t i = 0, p = 0; i < n; i++) /* in (i, j) order, so each chain is too: numpy's stable sort */
        for (Py_ssize_t j = i + 1; j < n; j++, p++) {
            t.pi[p] = (int32_t)i;
            t.pj[p] = (int32_t)j;
            insert(&t, c[i] + c[j], (int32_t)p);
        }
    long long hits = 0;
    /* Three: a single k below both of a pair. */
    for (Py_ssize_t k = 0; k < n; k++) {
        pos[0] = k;
        if (meet(&t, target - c[k], k, pos, 3, &s, &hits) < 0)
            goto done;
    }
    if (hits > max_hits)
        goto refuse;
    if (PyList_GET_SIZE(out) >= limit || max_parts < 4)
        goto finish;
    /* Four: a pair below another pair; the smaller sums to at most half the total. */
    for (Py_ssize_t i = 0; i < n; i++)
        for (Py_ssize_t j = i + 1; j < n; j++) {
            if (2 * (c[i] + c[j]) > target)
                continue;
            pos[0] = i;
            pos[1] = j;
            if (meet(&t, target - c[i] - c[j], j, pos, 4, &s, &hits) < 0)
                goto done;
        }
    if (hits > max_hits)
        goto refuse;
    if (PyList_GET_SIZE(out) >= limit || max_parts < 5 || n < 5)
        goto finish;
    /* Five: a triple (i, j, k) of the three smallest and a pair above k; c[i] + c[j] + 3 c[k] <= total, and the
     * pair adds at most the two largest. The triples are counted first: too many, and nothing is known. */
    int64_t top = c[n - 1] + c[n - 2];
    long long triples = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (Py_ssize_t i = 0; i < n; i++)
            for (Py_ssize_t j = i + 1; j < n; j++) {
                int64_t ps = c[i] + c[j];
                Py_ssize_t lo = bound(c, n, target - ps - top, 0), hi = bound(c, n, floordiv(target - ps, 3), 1);
                if (lo < j + 1)
                    lo = j + 1;
                if (hi > n - 2)
                    hi = n - 2;
                if (pass == 0) {
                    triples += hi > lo ? hi - lo : 0;
                    continue;
                }
                pos[0] = i;
                pos[1] = j;
                for (Py_ssize_t k = lo; k < hi; k++) {
                    pos[2] = k;
                    if (meet(&t, target - ps - c[k], k, pos, 5, &s, &hits) < 0)
                        goto done;
                }
            }
        if (triples > max_triples)
            goto refuse;
    }
    if (hits > max_hits)
        goto refuse;
finish:
    result = out;
    Py_INCREF(result);
    goto done;
refuse:
    result = Py_None;
    Py_INCREF(result);
done:
    Py_XDECREF(out);
    PyMem_Free(items);
    PyMem_Free(c);
    PyMem_Free(orig);
    PyMem_Free(t.slots);
    PyMem_Free(t.next);
    PyMem_Free(t.pi);
    PyMem_Free(t.pj);
    PyMem_Free(t.seen);
    PyBuffer_Release(&cb);
    return result;
}
