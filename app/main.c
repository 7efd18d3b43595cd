/* main.c - the kiosk executable: options, then the touch UI or `admin`.
 * The only place that turns results into exit statuses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk/admin.h"
#include "kiosk/exitcode.h"
#include "kiosk/outfile.h"
#include "kiosk/run.h"

static void usage(FILE *f)
{
    fputs("usage: kiosk [--db PATH] [--config PATH] [--windowed WxH] [--headless]\n"
          "             [--script FILE] [--events FILE] [--lang zh|en] [--board]\n"
          "       kiosk --version\n"
          "       kiosk admin [--db PATH] [--json] COMMAND ...   (kiosk admin help)\n",
          f);
}

typedef struct {
    const char *db, *config, *script, *events, *lang;
    int width, height;
    bool windowed, headless, board;
} Options;

static int parse_size(const char *s, int *w, int *h)
{
    char extra;
    if (sscanf(s, "%dx%d%c", w, h, &extra) != 2 || *w < 320 || *h < 320 || *w > 7680 || *h > 7680)
        return 0;
    return 1;
}

static int parse_options(int argc, char **argv, Options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **target = NULL;
        if (strcmp(a, "--headless") == 0) {
            o->headless = true;
            continue;
        }
        if (strcmp(a, "--board") == 0) {
            o->board = true;
            continue;
        }
        if (strcmp(a, "--version") == 0) {
            printf("kiosk %s (fonts: %s)\n", KIOSK_VERSION, platform_font_dir());
            exit(0);
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--db") == 0)
            target = &o->db;
        else if (strcmp(a, "--config") == 0)
            target = &o->config;
        else if (strcmp(a, "--script") == 0)
            target = &o->script;
        else if (strcmp(a, "--events") == 0)
            target = &o->events;
        else if (strcmp(a, "--lang") == 0)
            target = &o->lang;
        else if (strcmp(a, "--windowed") == 0) {
            if (i + 1 >= argc || !parse_size(argv[i + 1], &o->width, &o->height)) {
                fprintf(stderr, "kiosk: --windowed needs a size such as 1080x1920\n");
                return 0;
            }
            o->windowed = true;
            i++;
            continue;
        } else {
            fprintf(stderr, "kiosk: unknown option '%s' (try --help)\n", a);
            return 0;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "kiosk: %s needs a value\n", a);
            return 0;
        }
        *target = argv[++i];
    }
    if (o->lang && strcmp(o->lang, "zh") != 0 && strcmp(o->lang, "en") != 0) {
        fprintf(stderr, "kiosk: --lang must be zh or en, not '%s'\n", o->lang);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    Kiosk k = {0};
    k.started_ms = platform_mono_ms();
    if (argc > 1 && strcmp(argv[1], "admin") == 0)
        return admin_main(argc - 1, argv + 1);

    Options o = {0};
    if (!parse_options(argc, argv, &o)) {
        usage(stderr);
        return K_EXIT_USAGE;
    }
    static App app;
    char err[1024] = "";
    KResult rc = config_load(&app.cfg, o.config, err, sizeof err);
    if (rc != K_OK) {
        fprintf(stderr, "kiosk: %s\n", err);
        return k_exit_config(rc);
    }
    if (o.lang)
        snprintf(app.cfg.lang, sizeof app.cfg.lang, "%s", o.lang);
    if (!o.windowed) {
        /* The board is a landscape display (a television) by default. */
        o.width = o.board ? 1920 : app.cfg.width;
        o.height = o.board ? 1080 : app.cfg.height;
    }
    char db[1024];
    if (!o.db) {
        if (platform_default_db(db, sizeof db) != K_OK) {
            fprintf(stderr, "kiosk: cannot create the data folder; give --db PATH\n");
            return K_EXIT_ENV;
        }
        o.db = db;
    }
    /* The real file, whatever link names it: its key is beside it (so
     * tickets verify whichever path admin is given), and no output of this
     * run (a screenshot, a dump) may replace it, its WAL or its key. */
    static char real_db[OUTFILE_PATH_MAX], key_path[OUTFILE_PATH_MAX];
    rc = outfile_real_path(o.db, real_db, sizeof real_db);
    if (rc == K_OK)
        rc = outfile_key_path(real_db, key_path, sizeof key_path);
    if (rc == K_OK)
        rc = outfile_protect_db(real_db);
    if (rc != K_OK) {
        fprintf(stderr, "kiosk: cannot resolve the database path %s: %s\n", o.db,
                rc == K_ERR_NOT_FOUND ? "no such folder" : k_result_str(rc));
        return K_EXIT_ENV;
    }
    o.db = real_db;
    AppOptions ao = {o.db, key_path, o.events, o.width, o.height, o.board};
    rc = app_init(&app, &ao, err, sizeof err);
    if (rc != K_OK) {
        fprintf(stderr, "kiosk: %s\n", err);
        app_shutdown(&app);
        return K_EXIT_ENV; /* the database, key or event log: the environment */
    }
    PlatformOptions po = {o.width, o.height,      o.headless, !o.windowed && !o.headless,
                          "kiosk", app.cfg.rotate};
    int status = K_EXIT_OK; /* kiosk_script: K_EXIT_OK or K_EXIT_CHECK */
    rc = platform_open(&po, &k.platform, err, sizeof err);
    if (rc == K_OK)
        rc = render_create(platform_renderer(k.platform), platform_font_dir(), &k.renderer, err,
                           sizeof err);
    if (rc != K_OK) {
        fprintf(stderr, "kiosk: %s\n", err);
        status = K_EXIT_ENV;
    } else {
        k.app = &app;
        kiosk_attach(&k);
        /* The board prints nothing and scans nothing. */
        rc = o.board ? K_OK : kiosk_start_devices(&k, err, sizeof err);
    }
    if (rc != K_OK && status == K_EXIT_OK) {
        fprintf(stderr, "kiosk: [printer] %s\n", err);
        status = K_EXIT_USAGE;
    } else if (status == K_EXIT_OK) {
        if (o.script)
            status = kiosk_script(&k, o.script);
        else
            status = kiosk_loop(&k);
    }
    if (app.maint.start_failed && status == K_EXIT_OK)
        status = K_EXIT_ENV; /* app_start_check said why: as a failed app_init */
    if (eventlog_failed(app.events)) {
        fprintf(stderr, "kiosk: could not write the event log %s (disk full?)\n", o.events);
        if (status == K_EXIT_OK)
            status = K_EXIT_ENV;
    }
    for (int i = 0; i < app.cfg.ignored_count && i < CFG_MAX_IGNORED; i++)
        fprintf(stderr, "kiosk: note: [%s] in %s is not used by this version\n", app.cfg.ignored[i],
                o.config);
    kiosk_stop_devices(&k);
    render_destroy(k.renderer);
    platform_close(k.platform);
    app_shutdown(&app);
    return status;
}
