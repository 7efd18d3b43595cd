/* lazylib.c - libraries opened on first use (lazylib.h).
 *
 * One lock for every library: loads are rare (once each per run), and
 * dlopen holds the dynamic loader's own lock anyway.  RTLD_NOW, so that a
 * library whose own dependencies are broken fails here, with a message,
 * rather than at its first call; RTLD_LOCAL, so its names do not leak into
 * the process's. */
#include "kiosk/lazylib.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lazy_lock = PTHREAD_MUTEX_INITIALIZER;

static void say(char *err, size_t errcap, const LazyLib *lib, const char *why)
{
    if (err && errcap)
        snprintf(err, errcap, "%s needs %s (Debian package %s): %s", lib->feature, lib->soname,
                 lib->package, why && why[0] ? why : "cannot load it");
}

bool lazylib_load(LazyLib *lib, char *err, size_t errcap)
{
    pthread_mutex_lock(&lazy_lock);
    bool ok = lib->handle != NULL;
    if (!ok) {
        void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
        if (!h)
            say(err, errcap, lib, dlerror());
        size_t i = 0;
        for (; h && i < lib->nsyms; i++) {
            (void)dlerror();
            *lib->syms[i].slot = dlsym(h, lib->syms[i].name);
            if (!*lib->syms[i].slot) {
                const char *why = dlerror();
                char no[160];
                if (!why) {
                    snprintf(no, sizeof no, "it has no %s", lib->syms[i].name);
                    why = no;
                }
                say(err, errcap, lib, why);
                break;
            }
        }
        if (h && i == lib->nsyms) {
            lib->handle = h;
            ok = true;
        } else if (h) {
            for (size_t j = 0; j < lib->nsyms; j++)
                *lib->syms[j].slot = NULL;
            dlclose(h);
        }
    }
    pthread_mutex_unlock(&lazy_lock);
    return ok;
}

bool lazylib_loaded(LazyLib *lib)
{
    pthread_mutex_lock(&lazy_lock);
    bool ok = lib->handle != NULL;
    pthread_mutex_unlock(&lazy_lock);
    return ok;
}
