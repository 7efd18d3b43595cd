/* lazylib.h - a shared library opened (dlopen) when a feature first needs
 * it, not when the program starts.
 *
 * libpq, CUPS, espeak-ng, libpinyin, zinnia and zbar bring in dozens of
 * libraries of their own (ssl, krb5, ldap, gnutls, avahi, libstdc++, v4l,
 * jpeg ...) whose loading and relocation cost every start about 11 ms of
 * CPU, for features a session may never use.  So the kiosk does not link
 * them: the one file that calls a library lists the functions it uses and
 * gets a table of pointers to them, filled by lazylib_load:
 *
 *     #define PQ_FUNCS(X, api) X(api, PQfinish) X(api, PQstatus)
 *     LAZYLIB_DEFINE(lazy_libpq, pq, PQ_FUNCS, "libpq.so.5", "libpq5", "the district link");
 *     ...
 *     if (!lazylib_load(&lazy_libpq, err, errcap))
 *         return K_ERR_IO;
 *     pq.PQfinish(conn);
 *
 * Each pointer has the type of the library's own declaration
 * (__typeof__ of the function, from its header), so every call is checked
 * by the compiler as a direct call would be; and no file defines the
 * library's names, so a program or test that links the library directly
 * still can.  The Debian packages are named in the .deb's Depends by hand
 * (CMakeLists.txt): dpkg-shlibdeps no longer sees them. */
#ifndef KIOSK_LAZYLIB_H
#define KIOSK_LAZYLIB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *name; /* the function's name in the library */
    void **slot;      /* where its address goes */
} LazySym;

typedef struct {
    const char *soname;  /* what dlopen is given: "libpq.so.5" */
    const char *package; /* the Debian package that has it, for the message: "libpq5" */
    const char *feature; /* what needs it, for the message: "the district link" */
    const LazySym *syms;
    size_t nsyms;
    void *handle; /* lazylib.c's, under its lock: NULL until loaded */
} LazyLib;

/* Opens lib and resolves every one of its functions, once: true at once
 * when it is loaded already.  Safe from any thread (the voice and the
 * district link load theirs in worker threads).  On failure (the library
 * or one of its functions missing) says so in err, as "the district link
 * needs libpq.so.5 (Debian package libpq5): <what dlopen said>", leaves
 * lib unloaded with every pointer NULL, and returns false; a later call
 * tries again (the package may have been installed meanwhile). */
bool lazylib_load(LazyLib *lib, char *err, size_t errcap);

/* Whether lib is loaded (lazylib_load succeeded). */
bool lazylib_loaded(LazyLib *lib);

/* The table: one function pointer per name, of that function's type. */
#define LAZYLIB_MEMBER(api, f) __typeof__(f) *f;
#define LAZYLIB_ENTRY(api, f) {#f, (void **)&api.f},

/* Defines `static struct {...} api` (the pointers, called as api.name(...))
 * and `LazyLib var` describing it, from FUNCS(X, api), a list of
 * X(api, name). */
#define LAZYLIB_DEFINE(var, api, FUNCS, soname, package, feature)                                  \
    static struct {                                                                                \
        FUNCS(LAZYLIB_MEMBER, api)                                                                 \
    } api;                                                                                         \
    static const LazySym var##_syms[] = {FUNCS(LAZYLIB_ENTRY, api)};                               \
    LazyLib var = {soname, package, feature, var##_syms, sizeof var##_syms / sizeof var##_syms[0], \
                   NULL}

#endif
