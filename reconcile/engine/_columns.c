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

#include "_columns.h"

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
static const Py_UCS4 PFX_CHEQUE[] = {'C', 'H', 'E', 'Q', 'U', 'E'};
static const Py_UCS4 PFX_CHECK[] = {'C', 'H', 'E', 'C', 'K'};
static const Py_UCS4 PFX_CHQ[] = {'C', 'H', 'Q'};
static const Py_UCS4 PFX_ZPH[] = {0x652F, 0x7968, 0x53F7};         /* 支票号 */
static const Py_UCS4 PFX_ZPH_T[] = {0x652F, 0x7968, 0x865F};       /* 支票號 */
static const Py_UCS4 PFX_ZP[] = {0x652F, 0x7968};                  /* 支票 */
static const Py_UCS4 PFX_PH[] = {0x7968, 0x53F7};                  /* 票号 */
static const Py_UCS4 PFX_PH_T[] = {0x7968, 0x865F};                /* 票號 */
static const Py_UCS4 PFX_PZH[] = {0x51ED, 0x8BC1, 0x53F7};         /* 凭证号 */
static const Py_UCS4 PFX_LSH[] = {0x6D41, 0x6C34, 0x53F7};         /* 流水号 */
static const Py_UCS4 PFX_YWBH[] = {0x4E1A, 0x52A1, 0x7F16, 0x53F7}; /* 业务编号 */
static const Py_UCS4 PFX_JYLS[] = {0x4EA4, 0x6613, 0x6D41, 0x6C34}; /* 交易流水 */
static const struct { const Py_UCS4 *s; Py_ssize_t n; } PREFIXES[] = {
    {PFX_NO, 2}, {PFX_REF, 3}, {PFX_CHEQUE, 6}, {PFX_CHECK, 5}, {PFX_CHQ, 3}, {PFX_ZPH, 3}, {PFX_ZPH_T, 3},
    {PFX_ZP, 2}, {PFX_PH, 2}, {PFX_PH_T, 2}, {PFX_PZH, 3}, {PFX_LSH, 3}, {PFX_YWBH, 4}, {PFX_JYLS, 4},
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
        /* One known word after another (CHEQUE NO. 001700), as fields._strip_prefix; then a number loses its
         * leading zeros. */
        int stripped = 1, any = 0;
        while (stripped) {
            stripped = 0;
            for (size_t p = 0; p < N_PREFIXES; p++) {
                Py_ssize_t k = PREFIXES[p].n;
                if (end - start > k && memcmp(buf + start, PREFIXES[p].s, (size_t)k * sizeof(Py_UCS4)) == 0) {
                    start += k;
                    stripped = any = 1;
                    break;
                }
            }
        }
        if (any && all_ascii_digits(buf + start, end - start))
            while (start < end && buf[start] == '0')
                start++;
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

PyObject *
columns_new_bytearray(Py_ssize_t size)
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
    PyObject *b_cents = columns_new_bytearray(n * 8), *b_day = columns_new_bytearray(n * 8);
    PyObject *b_dirn = columns_new_bytearray(n);
    PyObject *b_cph = columns_new_bytearray(n * 8), *b_txh = columns_new_bytearray(n * 8);
    PyObject *b_rfh = columns_new_bytearray(n * 8);
    PyObject *b_has = columns_new_bytearray(n);
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

static PyMethodDef methods[] = {
    {"pair_groups", columns_pair_groups, METH_VARARGS, columns_pair_groups_doc},
    {"first_seen", columns_first_seen, METH_VARARGS, columns_first_seen_doc},
    {"id_keys", columns_id_keys, METH_O, columns_id_keys_doc},
    {"doc_numbers", columns_doc_numbers, METH_O, columns_doc_numbers_doc},
    {"find_all", columns_find_all, METH_VARARGS, columns_find_all_doc},
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
