/*
 * reconcile.engine._columns: the per-line pass of ``normalize.Side`` in C.
 *
 * ``columns(lines, ordinal, day_of)`` reads every ``Line`` once and returns
 * its columns (see ``normalize._fast_columns`` for the Python side), or None
 * when any line is outside the fast path: an amount that is not a C
 * ``decimal.Decimal`` of exact positive cents fitting in int64, a direction
 * other than "in"/"out", a date the calendar cannot place, a field of an
 * unexpected type.  None means "use the Python pass", which validates and
 * names the bad line exactly as it always did; this file never raises for
 * bad data and never decides what is valid on its own.
 *
 * Why C: at a million lines the Python pass (C-level ``map`` chains over
 * transposed chunks) costs ~1.5 us per line, most of it allocating
 * temporaries (scaled Decimals, ints, lists); here it is one loop.
 *
 * Amounts are read from the Decimal's libmpdec coefficient and exponent
 * (CPython's ``_decimal`` object layout, stable since 3.3).  The Python side
 * checks this reading against ``Decimal`` arithmetic on a table of values
 * when the module is first used and does not use the module if any differs.
 *
 * References are normalised here when every character is ASCII, a CJK
 * ideograph (U+4E00-U+9FFF, which are neither digits nor changed by upper())
 * or one of the three full-width separators; any other reference is left to
 * ``fields.norm_refs`` (its index is returned), so the result is the same.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <stdint.h>
#include <string.h>

/* --- libmpdec / _decimal layout (CPython Modules/_decimal) --------------- */
typedef struct {
    uint8_t flags;
    Py_ssize_t exp;
    Py_ssize_t digits;
    Py_ssize_t len;
    Py_ssize_t alloc;
    uint64_t *data;
} mpd_view;

typedef struct {
    PyObject_HEAD
    Py_hash_t hash;
    mpd_view dec;
} dec_view;

#define MPD_NEG 1
#define MPD_SPECIAL 14 /* INF | NAN | SNAN */
#define MPD_RADIX 10000000000000000000ULL /* 10**19 */

static PyTypeObject *DecimalType = NULL;
static PyObject *EMPTY = NULL; /* "" */

static const uint64_t POW10[19] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
    1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
    1000000000000000000ULL};

/* Exact cents of a positive Decimal, or -1 when not exact whole cents in (0, 2**63). */
static int64_t
decimal_cents(PyObject *obj)
{
    const mpd_view *d = &((const dec_view *)obj)->dec;
    if (d->flags & (MPD_NEG | MPD_SPECIAL) || d->len != 1 || d->data == NULL)
        return -1;
    uint64_t coeff = d->data[0];
    if (coeff == 0 || coeff >= MPD_RADIX)
        return -1;
    Py_ssize_t shift = d->exp + 2; /* cents = coeff * 10**shift */
    if (shift >= 0) {
        if (shift > 18)
            return -1;
        uint64_t p = POW10[shift];
        if (coeff > (uint64_t)INT64_MAX / p)
            return -1;
        return (int64_t)(coeff * p);
    }
    if (shift < -18)
        return -1;
    uint64_t p = POW10[-shift];
    if (coeff % p)
        return -1; /* fractions of a cent */
    coeff /= p;
    return coeff > (uint64_t)INT64_MAX ? -1 : (int64_t)coeff;
}

/* --- references (mirror of fields.norm_refs) ----------------------------- */
#define MIN_REF_LEN 4

static int
is_simple(Py_UCS4 c)
{
    return c < 128 || (c >= 0x4E00 && c <= 0x9FFF) || c == 0x3000 || c == 0xFF1A || c == 0xFF0C;
}

static int
is_separator(Py_UCS4 c)
{
    switch (c) {
    case ' ': case '\t': case '\r': case '\n': case 0x3000: case '-': case '_': case '/': case '\\':
    case '.': case ':': case 0xFF1A: case '#': case ',': case 0xFF0C:
        return 1;
    default:
        return 0;
    }
}

/* fields._REF_PREFIXES, in the same order. */
static const Py_UCS4 PFX_NO[] = {'N', 'O'};
static const Py_UCS4 PFX_REF[] = {'R', 'E', 'F'};
static const Py_UCS4 PFX_ZPH[] = {0x652F, 0x7968, 0x53F7};         /* 支票号 */
static const Py_UCS4 PFX_ZP[] = {0x652F, 0x7968};                  /* 支票 */
static const Py_UCS4 PFX_PH[] = {0x7968, 0x53F7};                  /* 票号 */
static const Py_UCS4 PFX_PZH[] = {0x51ED, 0x8BC1, 0x53F7};         /* 凭证号 */
static const Py_UCS4 PFX_LSH[] = {0x6D41, 0x6C34, 0x53F7};         /* 流水号 */
static const Py_UCS4 PFX_YWBH[] = {0x4E1A, 0x52A1, 0x7F16, 0x53F7}; /* 业务编号 */
static const Py_UCS4 PFX_JYLS[] = {0x4EA4, 0x6613, 0x6D41, 0x6C34}; /* 交易流水 */
static const struct { const Py_UCS4 *s; Py_ssize_t n; } PREFIXES[] = {
    {PFX_NO, 2}, {PFX_REF, 3}, {PFX_ZPH, 3}, {PFX_ZP, 2}, {PFX_PH, 2},
    {PFX_PZH, 3}, {PFX_LSH, 3}, {PFX_YWBH, 4}, {PFX_JYLS, 4},
};
#define N_PREFIXES (sizeof(PREFIXES) / sizeof(PREFIXES[0]))

static int
all_ascii_digits(const Py_UCS4 *s, Py_ssize_t n)
{
    if (n == 0)
        return 0; /* "".isdigit() is False */
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* The normalised reference as a new str; NULL with no error set when the
 * string is outside the simple set (the caller leaves it to Python);
 * NULL with an error set on a real failure. */
static PyObject *
norm_ref(PyObject *raw, Py_UCS4 *buf)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(raw);
    int kind = PyUnicode_KIND(raw);
    const void *data = PyUnicode_DATA(raw);
    Py_ssize_t m = 0, start;
    int digits = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!is_simple(c))
            return NULL;
        if (c < '0' || c > '9')
            digits = 0;
        if (!is_separator(c))
            buf[m++] = (c >= 'a' && c <= 'z') ? c - 32 : c; /* translate, then upper() */
    }
    if (digits) { /* raw.isdigit(): strip leading zeros of the raw string */
        for (start = 0; start < n && PyUnicode_READ(kind, data, start) == '0'; start++)
            ;
        if (n - start < MIN_REF_LEN) {
            Py_INCREF(EMPTY);
            return EMPTY;
        }
        return PyUnicode_Substring(raw, start, n);
    }
    start = 0;
    Py_ssize_t end = m;
    if (all_ascii_digits(buf, m)) {
        while (start < end && buf[start] == '0')
            start++;
    }
    else {
        for (size_t p = 0; p < N_PREFIXES; p++) {
            Py_ssize_t k = PREFIXES[p].n;
            if (m > k && memcmp(buf, PREFIXES[p].s, (size_t)k * sizeof(Py_UCS4)) == 0) {
                start = k;
                if (all_ascii_digits(buf + start, end - start))
                    while (start < end && buf[start] == '0')
                        start++;
                break;
            }
        }
    }
    if (end - start < MIN_REF_LEN) {
        Py_INCREF(EMPTY);
        return EMPTY;
    }
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf + start, end - start);
}

/* --- the pass -------------------------------------------------------------- */

static int
day_ordinal(PyObject *date, PyObject *ordinal, PyObject *day_of, int64_t *out)
{
    PyObject *v = PyDict_GetItemWithError(ordinal, date); /* borrowed */
    if (v == NULL) {
        if (PyErr_Occurred() || !PyDate_Check(date))
            return -1;
        PyObject *r = PyObject_CallOneArg(day_of, date);
        if (r == NULL)
            return -1;
        v = PyNumber_Long(r);
        Py_DECREF(r);
        if (v == NULL)
            return -1;
        int rc = PyDict_SetItem(ordinal, date, v);
        Py_DECREF(v); /* the dict holds it */
        if (rc < 0)
            return -1;
    }
    if (!PyLong_Check(v))
        return -1;
    int overflow = 0;
    long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
    if (overflow || (x == -1 && PyErr_Occurred()))
        return -1;
    *out = (int64_t)x;
    return 0;
}

static PyObject *
new_bytearray(Py_ssize_t size)
{
    return PyByteArray_FromStringAndSize(NULL, size > 0 ? size : 0);
}

PyDoc_STRVAR(columns_doc,
"columns(lines, ordinal, day_of) -> tuple | None\n\n"
"ids, counterparties, summaries (lists); cents, day, cp_hash, text_hash, ref_hash (int64 bytes);\n"
"direction, has_ref (int8 bytes); nref (list, None where Python must normalise); the indices of those;\n"
"or None when a line is outside the fast path.");

static PyObject *
columns(PyObject *self, PyObject *args)
{
    PyObject *lines_in, *ordinal, *day_of;
    if (!PyArg_ParseTuple(args, "OO!O:columns", &lines_in, &PyDict_Type, &ordinal, &day_of))
        return NULL;
    /* A copy: the calendar and __hash__ are Python code that could change the caller's list under us. */
    PyObject *seq = PySequence_List(lines_in);
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *ids = PyList_New(n), *cps = PyList_New(n), *texts = PyList_New(n), *nref = PyList_New(n);
    PyObject *later = PyList_New(0);
    PyObject *b_cents = new_bytearray(n * 8), *b_day = new_bytearray(n * 8), *b_dirn = new_bytearray(n);
    PyObject *b_cph = new_bytearray(n * 8), *b_txh = new_bytearray(n * 8), *b_rfh = new_bytearray(n * 8);
    PyObject *b_has = new_bytearray(n);
    Py_UCS4 *buf = NULL;
    Py_ssize_t buf_len = 0;
    PyObject *result = NULL;
    int fast = 1;
    if (!ids || !cps || !texts || !nref || !later || !b_cents || !b_day || !b_dirn || !b_cph || !b_txh || !b_rfh
        || !b_has)
        goto done;
    int64_t *cents = (int64_t *)PyByteArray_AS_STRING(b_cents), *day = (int64_t *)PyByteArray_AS_STRING(b_day);
    int64_t *cph = (int64_t *)PyByteArray_AS_STRING(b_cph), *txh = (int64_t *)PyByteArray_AS_STRING(b_txh);
    int64_t *rfh = (int64_t *)PyByteArray_AS_STRING(b_rfh);
    int8_t *dirn = (int8_t *)PyByteArray_AS_STRING(b_dirn), *has = (int8_t *)PyByteArray_AS_STRING(b_has);

    for (Py_ssize_t i = 0; i < n && fast; i++) {
        PyObject *line = items[i];
        if (!PyTuple_Check(line) || PyTuple_GET_SIZE(line) != 7) {
            fast = 0;
            break;
        }
        PyObject *id = PyTuple_GET_ITEM(line, 0), *date = PyTuple_GET_ITEM(line, 1);
        PyObject *amount = PyTuple_GET_ITEM(line, 2), *direction = PyTuple_GET_ITEM(line, 3);
        PyObject *ref = PyTuple_GET_ITEM(line, 4), *cp = PyTuple_GET_ITEM(line, 5);
        PyObject *text = PyTuple_GET_ITEM(line, 6);

        if (Py_TYPE(amount) != DecimalType || (cents[i] = decimal_cents(amount)) <= 0) {
            fast = 0;
            break;
        }
        if (!PyUnicode_Check(direction)) {
            fast = 0;
            break;
        }
        if (PyUnicode_CompareWithASCIIString(direction, "in") == 0)
            dirn[i] = 1;
        else if (PyUnicode_CompareWithASCIIString(direction, "out") == 0)
            dirn[i] = 0;
        else {
            fast = 0;
            break;
        }
        if (day_ordinal(date, ordinal, day_of, &day[i]) < 0) {
            fast = 0;
            break;
        }
        Py_hash_t h1 = PyObject_Hash(cp), h2;
        if (h1 == -1 || (h2 = PyObject_Hash(text)) == -1) {
            fast = 0;
            break;
        }
        cph[i] = (int64_t)h1;
        txh[i] = (int64_t)h2;

        PyObject *normed;
        has[i] = 0;
        rfh[i] = 0;
        if (PyUnicode_Check(ref)) {
            Py_ssize_t len = PyUnicode_GET_LENGTH(ref);
            if (len == 0) {
                normed = EMPTY;
                Py_INCREF(normed);
            }
            else {
                if (len > buf_len) {
                    PyMem_Free(buf);
                    buf_len = len * 2;
                    buf = PyMem_Malloc((size_t)buf_len * sizeof(Py_UCS4));
                    if (buf == NULL) {
                        PyErr_NoMemory();
                        goto done;
                    }
                }
                normed = norm_ref(ref, buf);
                if (normed == NULL) {
                    if (PyErr_Occurred())
                        goto done;
                    PyObject *index = PyLong_FromSsize_t(i);
                    int rc = index == NULL ? -1 : PyList_Append(later, index);
                    Py_XDECREF(index);
                    if (rc < 0)
                        goto done;
                    normed = Py_None;
                    Py_INCREF(normed);
                }
                else if (PyUnicode_GET_LENGTH(normed)) {
                    Py_hash_t h = PyObject_Hash(normed);
                    if (h == -1) {
                        Py_DECREF(normed);
                        goto done;
                    }
                    rfh[i] = (int64_t)h;
                    has[i] = 1;
                }
            }
        }
        else {
            int truth = PyObject_IsTrue(ref);
            if (truth != 0) { /* a non-str reference: the Python pass decides (and raises) */
                if (truth < 0)
                    PyErr_Clear();
                fast = 0;
                break;
            }
            normed = EMPTY;
            Py_INCREF(normed);
        }
        PyList_SET_ITEM(nref, i, normed);
        Py_INCREF(id);
        PyList_SET_ITEM(ids, i, id);
        Py_INCREF(cp);
        PyList_SET_ITEM(cps, i, cp);
        Py_INCREF(text);
        PyList_SET_ITEM(texts, i, text);
    }
    if (!fast) {
        PyErr_Clear(); /* whatever the fast path met, the Python pass reports it */
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    result = PyTuple_Pack(12, ids, cps, texts, b_cents, b_day, b_dirn, b_cph, b_txh, b_rfh, b_has, nref, later);
done:
    /* Unfilled list slots are NULL, which list deallocation skips. */
    PyMem_Free(buf);
    Py_XDECREF(ids);
    Py_XDECREF(cps);
    Py_XDECREF(texts);
    Py_XDECREF(nref);
    Py_XDECREF(later);
    Py_XDECREF(b_cents);
    Py_XDECREF(b_day);
    Py_XDECREF(b_dirn);
    Py_XDECREF(b_cph);
    Py_XDECREF(b_txh);
    Py_XDECREF(b_rfh);
    Py_XDECREF(b_has);
    Py_DECREF(seq);
    return result;
}

PyDoc_STRVAR(cents_doc, "cents(d) -> int | None: exact positive cents of a C Decimal (the layout check uses it).");

static PyObject *
cents_one(PyObject *self, PyObject *obj)
{
    if (Py_TYPE(obj) != DecimalType)
        Py_RETURN_NONE;
    int64_t c = decimal_cents(obj);
    if (c <= 0)
        Py_RETURN_NONE;
    return PyLong_FromLongLong(c);
}

PyDoc_STRVAR(norm_doc, "norm_ref(s) -> str | None: the C reference normaliser (None: left to Python).");

static PyObject *
norm_one(PyObject *self, PyObject *obj)
{
    if (!PyUnicode_Check(obj)) {
        PyErr_SetString(PyExc_TypeError, "norm_ref takes a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(obj);
    if (n == 0) {
        Py_INCREF(EMPTY);
        return EMPTY;
    }
    Py_UCS4 *buf = PyMem_Malloc((size_t)n * sizeof(Py_UCS4));
    if (buf == NULL)
        return PyErr_NoMemory();
    PyObject *r = norm_ref(obj, buf);
    PyMem_Free(buf);
    if (r == NULL && !PyErr_Occurred())
        Py_RETURN_NONE;
    return r;
}


PyDoc_STRVAR(id_keys_doc,
"id_keys(ids) -> bytearray | None\n\n"
"One int64 per id that sorts like the id strings: 7 bits per ASCII character, first character highest,\n"
"shorter ids padded with zeros (below any character, as NUL is refused). None unless every id is a str of\n"
"at most 9 ASCII characters without NUL.");

static PyObject *
id_keys(PyObject *self, PyObject *ids_in)
{
    PyObject *seq = PySequence_Fast(ids_in, "ids must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *out = new_bytearray(n * 8);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    int64_t *keys = (int64_t *)PyByteArray_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *id = items[i];
        if (!PyUnicode_Check(id) || !PyUnicode_IS_ASCII(id) || PyUnicode_GET_LENGTH(id) > 9) {
            Py_DECREF(out);
            Py_DECREF(seq);
            Py_RETURN_NONE;
        }
        const Py_UCS1 *c = PyUnicode_1BYTE_DATA(id);
        Py_ssize_t len = PyUnicode_GET_LENGTH(id);
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


PyDoc_STRVAR(first_seen_doc,
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

static PyObject *
first_seen(PyObject *self, PyObject *args)
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
    codes = new_bytearray(n * 8);
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


PyDoc_STRVAR(pair_groups_doc,
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

static PyObject *
pair_groups(PyObject *self, PyObject *args)
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

static PyMethodDef methods[] = {
    {"pair_groups", pair_groups, METH_VARARGS, pair_groups_doc},
    {"first_seen", first_seen, METH_VARARGS, first_seen_doc},
    {"id_keys", id_keys, METH_O, id_keys_doc},
    {"columns", columns, METH_VARARGS, columns_doc},
    {"cents", cents_one, METH_O, cents_doc},
    {"norm_ref", norm_one, METH_O, norm_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_columns", "The per-line pass of normalize.Side in C.", -1, methods,
};

PyMODINIT_FUNC
PyInit__columns(void)
{
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL)
        return NULL;
    PyObject *dec = PyImport_ImportModule("_decimal"); /* the C implementation only */
    if (dec == NULL)
        return NULL;
    DecimalType = (PyTypeObject *)PyObject_GetAttrString(dec, "Decimal");
    Py_DECREF(dec);
    if (DecimalType == NULL)
        return NULL;
    if (!PyType_Check(DecimalType) || ((PyTypeObject *)DecimalType)->tp_basicsize < (Py_ssize_t)sizeof(dec_view)) {
        PyErr_SetString(PyExc_ImportError, "unexpected _decimal.Decimal layout");
        return NULL;
    }
    EMPTY = PyUnicode_New(0, 0);
    if (EMPTY == NULL)
        return NULL;
    return PyModule_Create(&module);
}
