/*
 * reconcile.engine._columns, its second source: what the engine builds from the columns without a Python frame per
 * line: sort keys of short ids (``id_keys``), codes of values in order of first appearance (``first_seen``) and the
 * 1:1 groups of a vectorised stage (``pair_groups``). The per-line pass and the module are ``_columns.c``.
 */
#include "_columns.h"

const char columns_id_keys_doc[] = PyDoc_STR(
"id_keys(ids) -> bytearray | None\n\n"
"One int64 per id that sorts like the id strings: the prefix every id shares is left out (it orders nothing), then\n"
"7 bits per ASCII character, first character highest, shorter ids padded with zeros (below any character, as NUL\n"
"is refused). None unless every id is a str of ASCII characters without NUL and at most 9 of them after the\n"
"shared prefix (b000000001 ... b001000000: 10 characters, 8 after the shared b00).");

PyObject *
columns_id_keys(PyObject *self, PyObject *ids_in)
{
    PyObject *seq = PySequence_Fast(ids_in, "ids must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    /* First pass: every id an ASCII str, and the length of the prefix all of them share. */
    Py_ssize_t skip = 0;
    const Py_UCS1 *first = NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *id = items[i];
        if (!PyUnicode_Check(id) || !PyUnicode_IS_ASCII(id)) {
            Py_DECREF(seq);
            Py_RETURN_NONE;
        }
        const Py_UCS1 *c = PyUnicode_1BYTE_DATA(id);
        Py_ssize_t len = PyUnicode_GET_LENGTH(id);
        if (first == NULL) {
            first = c;
            skip = len;
        }
        else {
            Py_ssize_t k = 0;
            while (k < skip && k < len && c[k] == first[k])
                k++;
            skip = k;
        }
    }
    PyObject *out = columns_new_bytearray(n * 8);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    int64_t *keys = (int64_t *)PyByteArray_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *id = items[i];
        Py_ssize_t len = PyUnicode_GET_LENGTH(id) - skip;
        if (len > 9) {
            Py_DECREF(out);
            Py_DECREF(seq);
            Py_RETURN_NONE;
        }
        const Py_UCS1 *c = PyUnicode_1BYTE_DATA(id) + skip;
        uint64_t k = 0;
        for (Py_ssize_t j = 0; j < 9; j++) {
            uint64_t ch = j < len ? c[j] : 0;
            if (j < len && ch == 0) {
                Py_DECREF(out);
                Py_DECREF(seq);
                Py_RETURN_NONE;
            }
            k = (k << 7) | ch;
        }
        keys[i] = (int64_t)k;
    }
    Py_DECREF(seq);
    return out;
}


const char columns_first_seen_doc[] = PyDoc_STR(
"first_seen(hashes, values) -> (codes, distinct)\n\n"
"Codes 0..k-1 of ``values`` in order of first appearance (int64 bytearray) and the k distinct values (list).\n"
"``hashes`` holds hash(value) for each value (int64, computed earlier while the value was in cache).\n"
"A hash table of (hash, code) slots; equal hashes are compared with ==, so it is exact for any values.");

typedef struct {
    int64_t hash;
    int64_t code1; /* code + 1; 0 = empty slot */
} seen_slot;

static size_t
seen_index(int64_t hash, size_t mask)
{
    return (size_t)((uint64_t)hash * 0x9E3779B97F4A7C15ULL >> 20) & mask; /* spread CPython's hashes */
}

PyObject *
columns_first_seen(PyObject *self, PyObject *args)
{
    PyObject *hashes_obj, *values_in;
    if (!PyArg_ParseTuple(args, "OO:first_seen", &hashes_obj, &values_in))
        return NULL;
    Py_buffer hb;
    if (PyObject_GetBuffer(hashes_obj, &hb, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    PyObject *seq = PySequence_List(values_in); /* a copy: __eq__ could change the caller's list */
    if (seq == NULL) {
        PyBuffer_Release(&hb);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *codes = NULL, *distinct = NULL, *result = NULL;
    seen_slot *table = NULL;
    if (hb.len != n * 8) {
        PyErr_SetString(PyExc_ValueError, "hashes and values differ in length");
        goto done;
    }
    const int64_t *h = (const int64_t *)hb.buf;
    /* Sized by the distinct values seen so far (grown 4x past half full), not by n: most columns repeat a lot,
     * and a table sized for n would be tens of MB of fresh memory per call at a million lines. */
    size_t cap = 1024, mask = cap - 1, used = 0;
    table = PyMem_Calloc(cap, sizeof(seen_slot));
    codes = columns_new_bytearray(n * 8);
    distinct = PyList_New(0);
    if (table == NULL || codes == NULL || distinct == NULL) {
        if (table == NULL)
            PyErr_NoMemory();
        goto done;
    }
    int64_t *out = (int64_t *)PyByteArray_AS_STRING(codes);
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t hv = h[i];
        size_t slot = seen_index(hv, mask);
        for (;;) {
            seen_slot *e = &table[slot];
            if (e->code1 == 0) {
                e->hash = hv;
                e->code1 = PyList_GET_SIZE(distinct) + 1;
                if (PyList_Append(distinct, items[i]) < 0)
                    goto done;
                out[i] = e->code1 - 1;
                if (++used * 2 > cap) {
                    size_t new_cap = cap * 4;
                    seen_slot *grown = PyMem_Calloc(new_cap, sizeof(seen_slot));
                    if (grown == NULL) {
                        PyErr_NoMemory();
                        goto done;
                    }
                    for (size_t k = 0; k < cap; k++) {
                        if (table[k].code1 == 0)
                            continue;
                        size_t to = seen_index(table[k].hash, new_cap - 1);
                        while (grown[to].code1)
                            to = (to + 1) & (new_cap - 1);
                        grown[to] = table[k];
                    }
                    PyMem_Free(table);
                    table = grown;
                    cap = new_cap;
                    mask = cap - 1;
                }
                break;
            }
            if (e->hash == hv) {
                int eq = PyObject_RichCompareBool(items[i], PyList_GET_ITEM(distinct, e->code1 - 1), Py_EQ);
                if (eq < 0)
                    goto done;
                if (eq) {
                    out[i] = e->code1 - 1;
                    break;
                }
            }
            slot = (slot + 1) & mask;
        }
    }
    result = PyTuple_Pack(2, codes, distinct);
done:
    PyMem_Free(table);
    Py_XDECREF(codes);
    Py_XDECREF(distinct);
    Py_DECREF(seq);
    PyBuffer_Release(&hb);
    return result;
}


const char columns_pair_groups_doc[] = PyDoc_STR(
"pair_groups(cls, bank_ids, journal_ids, b, j, rule, scores, reasons) -> list\n\n"
"cls((bank_ids[b[k]],), (journal_ids[j[k]],), rule, score_k, reasons_k) for every k: the 1:1 groups of a\n"
"vectorised stage (``State.take_pairs``), built without a Python frame or a temporary per group.\n"
"``b`` and ``j`` are int64 index arrays, ``scores`` and ``reasons`` iterables at least as long.");

static PyObject *
one_tuple(PyObject *ids, int64_t index)
{
    if (index < 0 || index >= PyList_GET_SIZE(ids)) {
        PyErr_SetString(PyExc_IndexError, "line index out of range");
        return NULL;
    }
    PyObject *t = PyTuple_New(1);
    if (t == NULL)
        return NULL;
    PyObject *id = PyList_GET_ITEM(ids, index);
    Py_INCREF(id);
    PyTuple_SET_ITEM(t, 0, id);
    return t;
}

/* One object per distinct score (a few hundred rounded floats): the groups share them instead of holding ~900k
 * copies at 1M lines. Steals ``obj``; an unhashable one is kept. */
static PyObject *
shared(PyObject *memo, PyObject *obj)
{
    PyObject *kept = PyDict_SetDefault(memo, obj, obj); /* borrowed */
    if (kept == NULL) {
        PyErr_Clear();
        return obj;
    }
    Py_INCREF(kept);
    Py_DECREF(obj);
    return kept;
}

PyObject *
columns_pair_groups(PyObject *self, PyObject *args)
{
    PyObject *cls_obj, *bank_ids, *journal_ids, *b_obj, *j_obj, *rule, *scores_in, *reasons_in;
    if (!PyArg_ParseTuple(args, "OO!O!OOOOO:pair_groups", &cls_obj, &PyList_Type, &bank_ids, &PyList_Type,
                          &journal_ids, &b_obj, &j_obj, &rule, &scores_in, &reasons_in))
        return NULL;
    if (!PyType_Check(cls_obj) || !PyType_IsSubtype((PyTypeObject *)cls_obj, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "cls must be a tuple subclass");
        return NULL;
    }
    PyTypeObject *cls = (PyTypeObject *)cls_obj;
    Py_buffer bb, jb;
    if (PyObject_GetBuffer(b_obj, &bb, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    if (PyObject_GetBuffer(j_obj, &jb, PyBUF_C_CONTIGUOUS) < 0) {
        PyBuffer_Release(&bb);
        return NULL;
    }
    PyObject *scores = NULL, *reasons = NULL, *out = NULL, *result = NULL, *memo = PyDict_New();
    Py_ssize_t n = bb.len / 8;
    if (memo == NULL)
        goto done;
    if (bb.len != jb.len || bb.len % 8) {
        PyErr_SetString(PyExc_ValueError, "b and j must be int64 arrays of one length");
        goto done;
    }
    scores = PyObject_GetIter(scores_in);
    reasons = scores ? PyObject_GetIter(reasons_in) : NULL;
    out = reasons ? PyList_New(n) : NULL;
    if (out == NULL)
        goto done;
    const int64_t *b = (const int64_t *)bb.buf, *j = (const int64_t *)jb.buf;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *score = PyIter_Next(scores), *why = score ? PyIter_Next(reasons) : NULL;
        if (why == NULL) {
            Py_XDECREF(score);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "fewer scores or reasons than pairs");
            goto done;
        }
        /* Reasons are shared by the stages that can, and unique where they name the reference. */
        score = shared(memo, score);
        PyObject *g = cls->tp_alloc(cls, 5);
        PyObject *tb = g ? one_tuple(bank_ids, b[k]) : NULL, *tj = tb ? one_tuple(journal_ids, j[k]) : NULL;
        if (tj == NULL) {
            Py_XDECREF(g);
            Py_XDECREF(tb);
            Py_DECREF(score);
            Py_DECREF(why);
            goto done;
        }
        Py_INCREF(rule);
        PyTuple_SET_ITEM(g, 0, tb);
        PyTuple_SET_ITEM(g, 1, tj);
        PyTuple_SET_ITEM(g, 2, rule);
        PyTuple_SET_ITEM(g, 3, score);
        PyTuple_SET_ITEM(g, 4, why);
        PyList_SET_ITEM(out, k, g);
    }
    result = out;
    out = NULL;
done:
    Py_XDECREF(out); /* unfilled slots are NULL, which list deallocation skips */
    Py_XDECREF(memo);
    Py_XDECREF(scores);
    Py_XDECREF(reasons);
    PyBuffer_Release(&bb);
    PyBuffer_Release(&jb);
    return result;
}


const char columns_doc_numbers_doc[] = PyDoc_STR(
"doc_numbers(texts) -> list\n\n"
"Per text, ``documents.document_numbers``: its runs of at least 3 digits (ASCII, or full-width as the Python\n"
"function translates them) with leading zeros dropped, kept when 4 digits or more are left, or 3 after dropped\n"
"zeros. None for a text holding a run of exactly 3 digits (it counts only after an invoice word: the Python\n"
"function's regex reads those) or that is not a str.");

/* The digit a character stands for (0-9), or -1: ASCII digits, and full-width ones (U+FF10-U+FF19), which
 * ``WIDE_TO_ASCII`` turns into ASCII before ``document_numbers`` reads a text that holds any. */
static inline int
doc_digit(Py_UCS4 ch)
{
    if (ch >= '0' && ch <= '9')
        return (int)(ch - '0');
    if (ch >= 0xFF10 && ch <= 0xFF19)
        return (int)(ch - 0xFF10);
    return -1;
}

/* The numbers of one text as a new list, or None (Py_None, new reference) when Python must read it. */
static PyObject *
doc_numbers_one(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t i = 0;
    while (i < len) {
        if (doc_digit(PyUnicode_READ(kind, data, i)) < 0) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < len && doc_digit(PyUnicode_READ(kind, data, i)) >= 0)
            i++;
        Py_ssize_t run = i - start;
        if (run < 3)
            continue;
        if (run == 3) { /* kept only when it follows an invoice word: the Python function's regex decides */
            Py_DECREF(out);
            Py_RETURN_NONE;
        }
        Py_ssize_t lead = start;
        while (lead < i && doc_digit(PyUnicode_READ(kind, data, lead)) == 0)
            lead++;
        Py_ssize_t digits = i - lead;
        if (digits >= 4 || (digits >= 3 && run > digits)) {
            PyObject *number = PyUnicode_New(digits, 127);
            if (number == NULL) {
                Py_DECREF(out);
                return NULL;
            }
            Py_UCS1 *w = PyUnicode_1BYTE_DATA(number);
            for (Py_ssize_t k = 0; k < digits; k++)
                w[k] = (Py_UCS1)('0' + doc_digit(PyUnicode_READ(kind, data, lead + k)));
            if (PyList_Append(out, number) < 0) {
                Py_DECREF(number);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(number);
        }
    }
    return out;
}

PyObject *
columns_doc_numbers(PyObject *self, PyObject *texts_in)
{
    PyObject *seq = PySequence_Fast(texts_in, "texts must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *out = PyList_New(n);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *numbers = PyUnicode_Check(items[k]) ? doc_numbers_one(items[k]) : Py_NewRef(Py_None);
        if (numbers == NULL) {
            Py_DECREF(out);
            Py_DECREF(seq);
            return NULL;
        }
        PyList_SET_ITEM(out, k, numbers);
    }
    Py_DECREF(seq);
    return out;
}
