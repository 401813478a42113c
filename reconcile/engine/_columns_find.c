/*
 * ``find_all(text, literal)``: the offsets of ``literal`` in ``text``, left to right and not overlapping (the
 * places ``text.split(literal)`` cuts), as the bytes of an int64 array.
 *
 * Why C: ``joined.Joined.codes`` finds the summaries holding a word in a side's summaries joined as one text. With
 * ``str.split`` every summary holding a common word (货款, 手续费 in a mainland journal where most summaries hold
 * one) became a new string and a length read back by Python: at a million lines most of that reader's time. Here
 * the search is the C library's ``memmem`` over the text's own buffer, with the literal written in the text's
 * character width; a hit at an offset that is not a whole character (the tail bytes of one character and the head
 * of the next) is skipped.
 */
#define _GNU_SOURCE
#include <string.h>

#include "_columns.h"

const char columns_find_all_doc[] =
    "find_all(text, literal) -> bytes: int64 offsets of the non-overlapping occurrences of a non-empty literal.";

PyObject *
columns_find_all(PyObject *self, PyObject *args)
{
    PyObject *text, *literal;
    if (!PyArg_ParseTuple(args, "UU", &text, &literal))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), m = PyUnicode_GET_LENGTH(literal);
    if (m == 0) {
        PyErr_SetString(PyExc_ValueError, "empty literal");
        return NULL;
    }
    int kind = PyUnicode_KIND(text), lkind = PyUnicode_KIND(literal);
    if (lkind > kind || m > n) /* a character wider than any of the text's cannot be in it */
        return PyBytes_FromStringAndSize(NULL, 0);
    /* The literal in the text's width. */
    char *needle = PyMem_Malloc((size_t)m * kind);
    if (needle == NULL)
        return PyErr_NoMemory();
    const void *ldata = PyUnicode_DATA(literal);
    for (Py_ssize_t i = 0; i < m; i++)
        PyUnicode_WRITE(kind, needle, i, PyUnicode_READ(lkind, ldata, i));
    const char *hay = PyUnicode_DATA(text);
    size_t size = (size_t)n * kind, nsize = (size_t)m * kind;
    Py_ssize_t cap = 64, count = 0;
    int64_t *found = PyMem_Malloc(cap * sizeof(int64_t));
    if (found == NULL) {
        PyMem_Free(needle);
        return PyErr_NoMemory();
    }
    const char *p = hay, *end = hay + size;
    while ((size_t)(end - p) >= nsize) {
        const char *q = memmem(p, (size_t)(end - p), needle, nsize);
        if (q == NULL)
            break;
        size_t at = (size_t)(q - hay);
        if (at % kind) {
            p = q + 1;
            continue;
        }
        if (count == cap) {
            cap *= 2;
            int64_t *more = PyMem_Realloc(found, cap * sizeof(int64_t));
            if (more == NULL) {
                PyMem_Free(found);
                PyMem_Free(needle);
                return PyErr_NoMemory();
            }
            found = more;
        }
        found[count++] = (int64_t)(at / kind);
        p = q + nsize;
    }
    PyObject *out = PyBytes_FromStringAndSize((const char *)found, count * (Py_ssize_t)sizeof(int64_t));
    PyMem_Free(found);
    PyMem_Free(needle);
    return out;
}
