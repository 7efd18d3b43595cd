/* test_config.c - unit tests for app/core/config.c: the built-in defaults,
 * an override file that changes only what it names, every kind of bad file
 * (the message must name the file and the key), a missing file, and the
 * lookups.  Override files live in a mkdtemp() directory under /tmp that the
 * test removes again. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/config.h"
#include "kiosk/text.h"

static char tmp_dir[] = "/tmp/test_config_XXXXXX";
static char ini_path[sizeof tmp_dir + 16];

/* Writes body to the test's INI file and loads it over the defaults. */
static KResult load_text(Config *cfg, const char *body, char *err, unsigned long errcap)
{
    FILE *f = fopen(ini_path, "w");
    CHECK(f != NULL);
    if (!f)
        return K_ERR_IO;
    fputs(body, f);
    fclose(f);
    return config_load(cfg, ini_path, err, errcap);
}

static void test_defaults(void)
{
    static const char *const codes[] = {"elder",   "children",    "disability", "psych",  "dispute",
                                        "housing", "environment", "employment", "policy", "other"};
    static Config cfg;
    char err[256] = "stale";

    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    CHECK_STR_EQ(err, "");
    CHECK_STR_EQ(cfg.site_code, "SW01");
    CHECK_STR_EQ(cfg.site_zh, "幸福街道社工站");
    CHECK_STR_EQ(cfg.site_en, "Xingfu Street Social Work Station");
    CHECK_STR_EQ(cfg.site_phone, "0755-12345678");
    CHECK_INT_EQ(cfg.width, 1080);
    CHECK_INT_EQ(cfg.height, 1920);
    CHECK_STR_EQ(cfg.lang, "zh");
    CHECK_INT_EQ(cfg.idle_warn_after, 60);
    CHECK_INT_EQ(cfg.idle_countdown, 20);
    CHECK_INT_EQ(cfg.idle_result_after, 120);
    CHECK_STR_EQ(cfg.district_postgres, ""); /* a single station */
    CHECK_INT_EQ(cfg.district_deadline, 10);
    CHECK_INT_EQ(cfg.district_interval, 30);
    CHECK_INT_EQ(cfg.district_batch, 500);
    CHECK_INT_EQ(cfg.units, 4);
    CHECK_INT_EQ(cfg.floors, 18);
    CHECK_INT_EQ(cfg.rooms_per_floor, 4);

    CHECK_INT_EQ(cfg.category_count, 10);
    for (int i = 0; i < 10 && i < cfg.category_count; i++) {
        const CfgCategory *c = &cfg.categories[i];
        if (strcmp(c->item.code, codes[i]) != 0)
            fprintf(stderr, "    category %d\n", i);
        CHECK_STR_EQ(c->item.code, codes[i]);
        CHECK(c->item.zh[0] != '\0' && text_valid_utf8(c->item.zh));
        CHECK(c->item.en[0] != '\0' && text_valid_utf8(c->item.en));
        CHECK(c->response_hours > 0);
        CHECK_INT_EQ(c->urgent_response_hours, 4); /* the default shorter promise */
        CHECK(c->issue_count >= 0 && c->issue_count <= CFG_MAX_ISSUES);
        for (int j = 0; j < c->issue_count; j++) {
            CHECK(c->issues[j].code[0] != '\0');
            CHECK(strcmp(c->issues[j].code, "other") != 0);
            CHECK(c->issues[j].zh[0] != '\0' && c->issues[j].en[0] != '\0');
        }
        if (strcmp(c->item.code, "other") != 0)
            CHECK(c->issue_count > 0);
    }
    CHECK_INT_EQ(cfg.categories[9].issue_count, 0); /* "other" goes straight to describe */
    CHECK_STR_EQ(cfg.categories[0].item.zh, "养老服务");
    CHECK_STR_EQ(cfg.categories[0].item.en, "Elder care");
    CHECK_INT_EQ(cfg.categories[0].response_hours, 24);
    CHECK_INT_EQ(cfg.categories[0].issue_count, 4);
    CHECK_STR_EQ(cfg.categories[0].issues[0].code, "meals");

    CHECK_INT_EQ(cfg.building_count, 12);
    for (int i = 0; i < cfg.building_count; i++) {
        char want_code[16], want_zh[24], want_en[24];
        snprintf(want_code, sizeof want_code, "%d", i + 1);
        snprintf(want_zh, sizeof want_zh, "%d栋", i + 1);
        snprintf(want_en, sizeof want_en, "Bldg %d", i + 1);
        CHECK_STR_EQ(cfg.buildings[i].code, want_code);
        CHECK_STR_EQ(cfg.buildings[i].zh, want_zh);
        CHECK_STR_EQ(cfg.buildings[i].en, want_en);
    }
}

static void test_override(void)
{
    static Config cfg;
    char err[512] = "stale";

    CHECK_INT_EQ(load_text(&cfg,
                           "; a site's own settings\n"
                           "[site]\n"
                           "name_zh = 测试社工站\n"
                           "[idle]\n"
                           "warn_after = 90\n"
                           "[category.elder]\n"
                           "response_hours = 12\n"
                           "urgent_response_hours = 2\n"
                           "[issue.elder.xyz]\n"
                           "zh = 新问题\n"
                           "en = New issue\n",
                           err, sizeof err),
                 K_OK);
    CHECK_STR_EQ(err, "");
    /* What the file names changed... */
    CHECK_STR_EQ(cfg.site_zh, "测试社工站");
    CHECK_INT_EQ(cfg.idle_warn_after, 90);
    const CfgCategory *elder = config_category(&cfg, "elder");
    CHECK(elder != NULL);
    if (elder) {
        CHECK_INT_EQ(elder->response_hours, 12);
        CHECK_INT_EQ(elder->urgent_response_hours, 2);
        CHECK_INT_EQ(elder->issue_count, 5);
        CHECK_STR_EQ(elder->issues[4].code, "xyz"); /* appended in file order */
        CHECK_STR_EQ(elder->issues[4].zh, "新问题");
        CHECK_STR_EQ(elder->issues[4].en, "New issue");
        CHECK_STR_EQ(elder->issues[0].code, "meals");
        CHECK_STR_EQ(elder->item.zh, "养老服务");
        CHECK_STR_EQ(elder->item.en, "Elder care");
    }
    /* ...and everything else kept its default. */
    CHECK_STR_EQ(cfg.site_code, "SW01");
    CHECK_STR_EQ(cfg.site_en, "Xingfu Street Social Work Station");
    CHECK_STR_EQ(cfg.site_phone, "0755-12345678");
    CHECK_INT_EQ(cfg.idle_countdown, 20);
    CHECK_INT_EQ(cfg.width, 1080);
    CHECK_INT_EQ(cfg.height, 1920);
    CHECK_STR_EQ(cfg.lang, "zh");
    CHECK_INT_EQ(cfg.building_count, 12);
    CHECK_STR_EQ(cfg.buildings[11].en, "Bldg 12");
    CHECK_INT_EQ(cfg.category_count, 10);
    CHECK_STR_EQ(cfg.categories[9].item.code, "other");
    const CfgCategory *psych = config_category(&cfg, "psych");
    CHECK(psych != NULL && psych->response_hours == 12 && psych->issue_count == 3);
    const CfgCategory *children = config_category(&cfg, "children");
    CHECK(children != NULL && children->response_hours == 24 && children->issue_count == 3);

    /* An existing issue's label is replaced, not duplicated. */
    CHECK_INT_EQ(load_text(&cfg, "[issue.elder.meals]\nen = Meal delivery\n", err, sizeof err),
                 K_OK);
    elder = config_category(&cfg, "elder");
    CHECK(elder != NULL && elder->issue_count == 4);
    if (elder) {
        CHECK_STR_EQ(elder->issues[0].en, "Meal delivery");
        CHECK_STR_EQ(elder->issues[0].zh, "助餐送餐");
    }

    /* A new category comes after the defaults with the default 72 hours. */
    CHECK_INT_EQ(
        load_text(&cfg, "[category.legal]\nzh = 法律援助\nen = Legal aid\n", err, sizeof err),
        K_OK);
    CHECK_INT_EQ(cfg.category_count, 11);
    CHECK_STR_EQ(cfg.categories[10].item.code, "legal");
    CHECK_INT_EQ(cfg.categories[10].response_hours, 72);

    /* New buildings: the English names default to the Chinese ones. */
    CHECK_INT_EQ(load_text(&cfg, "[address]\nbuildings = 东楼, 西楼\n", err, sizeof err), K_OK);
    CHECK_INT_EQ(cfg.building_count, 2);
    CHECK_STR_EQ(cfg.buildings[1].zh, "西楼");
    CHECK_STR_EQ(cfg.buildings[1].en, "西楼");
    CHECK_STR_EQ(cfg.buildings[1].code, "2");
    CHECK_INT_EQ(load_text(&cfg, "[address]\nbuildings = 东楼,西楼\nbuildings_en = East,West\n",
                           err, sizeof err),
                 K_OK);
    CHECK_STR_EQ(cfg.buildings[0].en, "East");
    CHECK_STR_EQ(cfg.buildings[1].en, "West");

    /* The range limits themselves are accepted. */
    CHECK_INT_EQ(
        load_text(&cfg, "[screen]\nwidth = 480\nheight = 7680\nlang = en\n", err, sizeof err),
        K_OK);
    CHECK_INT_EQ(cfg.width, 480);
    CHECK_INT_EQ(cfg.height, 7680);
    CHECK_STR_EQ(cfg.lang, "en");
    CHECK_INT_EQ(load_text(&cfg,
                           "[district]\npostgres = host=10.0.0.1 dbname=district user=kiosk_sw01"
                           " sslmode=verify-full\ndeadline = 1\nbatch = 5000\n",
                           err, sizeof err),
                 K_OK);
    CHECK_STR_EQ(cfg.district_postgres,
                 "host=10.0.0.1 dbname=district user=kiosk_sw01 sslmode=verify-full");
    CHECK_INT_EQ(cfg.district_deadline, 1);
    CHECK_INT_EQ(cfg.district_batch, 5000);
    CHECK_STR_EQ(cfg.district_centre_key, ""); /* unpinned: the first key is kept */
    CHECK_INT_EQ(load_text(&cfg,
                           "[district]\ncentre_key = "
                           "0b7JcJ8Q2mRkHn0Zy5sL1uE4tq9pXw3aVfGd6Ci+/Ao=\n",
                           err, sizeof err),
                 K_OK);
    CHECK_STR_EQ(cfg.district_centre_key, "0b7JcJ8Q2mRkHn0Zy5sL1uE4tq9pXw3aVfGd6Ci+/Ao=");
    /* not 32 bytes of base64: an error in the file */
    CHECK_INT_EQ(load_text(&cfg, "[district]\ncentre_key = abc=\n", err, sizeof err),
                 K_ERR_INVALID);
    CHECK_INT_EQ(load_text(&cfg,
                           "[district]\ncentre_key = "
                           "0b7JcJ8Q2mRkHn0Zy5sL1uE4tq9pXw3aVfGd6Ci-_Ao=\n",
                           err, sizeof err),
                 K_ERR_INVALID);
}

/* A section this version does not know (e.g. [gadget] of a later one) is
 * set aside and named, not refused; the rest still loads.  [voice] is
 * known now: enabled and volume. */
static void test_ignored_sections(void)
{
    static Config cfg;
    char err[512] = "";
    CHECK_INT_EQ(load_text(&cfg, "[gadget]\nvolume = 5\n[site]\nphone = 110\n[theme]\nx = 1\n", err,
                           sizeof err),
                 K_OK);
    CHECK_INT_EQ(cfg.ignored_count, 2);
    CHECK_STR_EQ(cfg.ignored[0], "gadget");
    CHECK_STR_EQ(cfg.ignored[1], "theme");
    CHECK_STR_EQ(cfg.site_phone, "110");

    CHECK_INT_EQ(load_text(&cfg, "[voice]\nenabled = false\nvolume = 5\n", err, sizeof err), K_OK);
    CHECK(!cfg.voice_enabled);
    CHECK_INT_EQ(cfg.voice_volume, 5);
    CHECK_INT_EQ(cfg.ignored_count, 0);
    CHECK_INT_EQ(load_text(&cfg, "[voice]\nvolume = 101\n", err, sizeof err), K_ERR_INVALID);
    CHECK_INT_EQ(load_text(&cfg, "[voice]\nenabled = yes\n", err, sizeof err), K_ERR_INVALID);
    CHECK_INT_EQ(load_text(&cfg, "", err, sizeof err), K_OK);
    CHECK(cfg.voice_enabled); /* the built-in default */
    CHECK_INT_EQ(cfg.voice_volume, 80);
}

/* Each bad file fails with K_ERR_INVALID and a message that names the file
 * and the key (or section) at fault. */
static void test_bad_files(void)
{
    static const struct {
        const char *body;
        const char *key; /* must appear in the message */
    } cases[] = {
        {"[site]\nfoo = bar\n", "foo"},              /* unknown key */
        {"[idle]\nwarn_after = 6o\n", "warn_after"}, /* bad number */
        {"[idle]\ncountdown = \n", "countdown"},     /* empty number */
        {"[idle]\nwarn_after = 9\n", "warn_after"},  /* below the range */
        {"[screen]\nwidth = 100\n", "width"},        /* out of range */
        {"[screen]\nwidth = 479\n", "width"},
        {"[screen]\nwidth = 7681\n", "width"},
        {"[screen]\nheight = 99999999999999999999\n", "height"},
        {"[screen]\nlang = fr\n", "lang"},
        {"[site]\ncode = sw01\n", "code"}, /* lower-case site code */
        {"[site]\ncode = SW-01\n", "code"},
        {"[site]\ncode = ABCDEFGHIJKLM\n", "code"},              /* 13 characters */
        {"[issue.nosuch.xyz]\nzh = 某事\n", "issue.nosuch.xyz"}, /* unknown category */
        {"[issue.elder.other]\nzh = 其他\nen = Other\n", "issue.elder.other"},
        {"[issue.elder]\nzh = 某事\n", "issue.elder"},                   /* no issue code */
        {"[category.Elder]\nzh = 养老\nen = Elder\n", "category.Elder"}, /* code not lower */
        {"[category.elder]\nzh = \xe5\x85\n", "zh"},                     /* truncated UTF-8 */
        {"[category.elder]\nen = caf\xc3\x28\n", "en"},                  /* bad continuation */
        {"[issue.elder.meals]\nen = \xc0\xaf\n", "en"},                  /* overlong */
        {"[site]\nname_en = \xed\xa0\x80\n", "name_en"},                 /* surrogate */
        {"[category.elder]\nresponse_hours = 0\n", "response_hours"},
        {"[category.elder]\nurgent_response_hours = 0\n", "urgent_response_hours"},
        {"[category.elder]\nurgent_response_hours = 721\n", "urgent_response_hours"},
        {"[idle]\nresult_after = 5\n", "result_after"},
        {"[district]\ndeadline = 0\n", "deadline"},
        {"[district]\nbatch = 5001\n", "batch"},
        {"[district]\ninterval = 4\n", "interval"},
        {"[address]\nbuildings_en = A,B\n", "buildings_en"}, /* 12 buildings, 2 names */
        {"[address]\nunits = 21\n", "units"},
    };
    static Config cfg;

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[512] = "";
        KResult r = load_text(&cfg, cases[i].body, err, sizeof err);
        bool named = strstr(err, ini_path) != NULL && strstr(err, cases[i].key) != NULL;
        if (r != K_ERR_INVALID || !named)
            fprintf(stderr, "    case %zu (%s): err = \"%s\"\n", i, cases[i].key, err);
        CHECK_INT_EQ(r, K_ERR_INVALID);
        CHECK(named);
    }

    /* Not INI at all: the message names the file and the line. */
    {
        char err[512] = "";
        CHECK_INT_EQ(load_text(&cfg, "[site]\nthis line has no equals sign\n", err, sizeof err),
                     K_ERR_INVALID);
        CHECK(strstr(err, ini_path) != NULL);
        CHECK(strstr(err, "line 2") != NULL);
    }

    /* A category without an English label: the message names the file, the
     * category and the missing language. */
    {
        char err[512] = "";
        CHECK_INT_EQ(load_text(&cfg, "[category.legal]\nzh = 法律援助\n", err, sizeof err),
                     K_ERR_INVALID);
        CHECK(strstr(err, "legal") != NULL);
        CHECK(strstr(err, "en") != NULL);
        CHECK(strstr(err, ini_path) != NULL);
        CHECK_INT_EQ(load_text(&cfg, "[category.legal]\nen = Legal aid\n", err, sizeof err),
                     K_ERR_INVALID);
        CHECK(strstr(err, "legal") != NULL);
        CHECK_INT_EQ(load_text(&cfg, "[issue.other.lawyer]\nzh = 找律师\n", err, sizeof err),
                     K_ERR_INVALID);
        CHECK(strstr(err, "other.lawyer") != NULL);
    }

    /* A tiny error buffer is truncated, not overrun (ASan watches). */
    {
        char *small = malloc(8);
        CHECK_INT_EQ(load_text(&cfg, "[site]\nfoo = bar\n", small, 8), K_ERR_INVALID);
        CHECK(strlen(small) < 8);
        free(small);
    }
}

/* Repeats, long lines and whole-file errors name their file and line. */
static void test_lines(void)
{
    static Config cfg;
    char err[512] = "";
    static const struct {
        const char *body;
        const char *want[2]; /* both must appear in the message */
    } cases[] = {
        {"[site]\nphone = 110\nphone = 120\n", {"line 3", "first at line 2"}},
        {"[site]\nphone = 110\n[idle]\nwarn_after = 60\n[site]\nname_en = X\n",
         {"line 5", "[site] again (first at line 1)"}},
        {"[site]\n[site]\nphone = 110\n", {"line 2", "[site] again"}},
        {"[site]\nphone = 110\n  120\n", {"line 3", "indented"}},
        /* whole-file checks: the line of the section at fault */
        {"[site]\nphone = 1\n\n[category.legal]\nzh = 法律援助\n", {"line 4", "legal"}},
        {"[service.extra]\nzh = 额外\nen = Extra\nletter = B\nslots = 09:00-10:00/1\n",
         {"line 1", "letter B"}},
        {"[site]\nphone = 1\n[service.bare]\nzh = 空\n", {"line 3", "service bare"}},
        {"[community.west]\nen = West\n", {"line 1", "community west"}},
        /* the file's letter meets a built-in service's: the file's line */
        {"[site]\nphone = 1\n[service.daycare]\nletter = C\n", {"line 3", "letter C"}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        KResult r = load_text(&cfg, cases[i].body, err, sizeof err);
        bool named =
            strstr(err, ini_path) && strstr(err, cases[i].want[0]) && strstr(err, cases[i].want[1]);
        if (r != K_ERR_INVALID || !named)
            fprintf(stderr, "    lines case %zu: err = \"%s\"\n", i, err);
        CHECK_INT_EQ(r, K_ERR_INVALID);
        CHECK(named);
    }

    /* A service of CFG_MAX_SLOTS slots is one line of about 240 characters,
     * past libinih's default 200: it parses whole. */
    char body[8192], slots[CFG_MAX_SLOTS * 24] = "";
    for (int i = 0; i < CFG_MAX_SLOTS; i++) {
        char one[32];
        snprintf(one, sizeof one, "%s%02d:%02d-%02d:%02d/12", i ? "," : "", 8 + i / 2, (i % 2) * 30,
                 8 + (i + 1) / 2, ((i + 1) % 2) * 30);
        strncat(slots, one, sizeof slots - strlen(slots) - 1);
    }
    CHECK(strlen(slots) > 200);
    snprintf(body, sizeof body,
             "[service.long]\nzh = 长\nen = Long\nletter = L\nslots = %s\ndays = mon-sun\n", slots);
    CHECK_INT_EQ(load_text(&cfg, body, err, sizeof err), K_OK);
    const CfgService *v = config_service(&cfg, "long");
    CHECK(v != NULL);
    if (v) {
        CHECK_INT_EQ(v->slot_count, CFG_MAX_SLOTS);
        CHECK_INT_EQ(v->slots[CFG_MAX_SLOTS - 1].start, 15 * 60 + 30);
        CHECK_INT_EQ(v->days, 0x7f); /* the line after it is read as itself */
    }
    /* A 4000-character text is fine; a line past 4095 is refused by number,
     * not split into a second line. */
    char big[4200];
    memset(big, 'x', 4000);
    big[4000] = '\0';
    snprintf(body, sizeof body, "[site]\nphone = 1\nname_en = %s\n", big);
    CHECK_INT_EQ(load_text(&cfg, body, err, sizeof err), K_ERR_INVALID);
    CHECK(strstr(err, "name_en") != NULL); /* too long for the field: the key's own check */
    memset(big, 'x', 4100);
    big[4100] = '\0';
    snprintf(body, sizeof body, "[site]\nphone = 1\nname_en = %s\nphone = 2\n", big);
    CHECK_INT_EQ(load_text(&cfg, body, err, sizeof err), K_ERR_INVALID);
    CHECK(strstr(err, "line 3: longer than 4095 characters") != NULL);
    if (!strstr(err, "line 3: longer"))
        fprintf(stderr, "    long line: err = \"%s\"\n", err);
}

static void test_missing_file(void)
{
    static Config cfg;
    char path[sizeof tmp_dir + 32];
    char err[512] = "";

    snprintf(path, sizeof path, "%s/no-such-file.ini", tmp_dir);
    CHECK_INT_EQ(config_load(&cfg, path, err, sizeof err), K_ERR_NOT_FOUND);
    CHECK(strstr(err, path) != NULL);
    /* A folder opens but cannot be read: not taken for an empty file. */
    CHECK_INT_EQ(config_load(&cfg, tmp_dir, err, sizeof err), K_ERR_NOT_FOUND);
    CHECK(strstr(err, "cannot read") != NULL);
}

static void test_lookups(void)
{
    static Config cfg;
    char err[256];

    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    const CfgCategory *psych = config_category(&cfg, "psych");
    CHECK(psych != NULL);
    CHECK(psych == &cfg.categories[3]);
    CHECK(config_category(&cfg, "nosuch") == NULL);
    CHECK(config_category(&cfg, "") == NULL);
    CHECK(config_category(&cfg, "Psych") == NULL);
    if (psych) {
        CHECK_INT_EQ(psych->response_hours, 12);
        const CfgItem *talk = config_issue(psych, "talk");
        CHECK(talk != NULL);
        if (talk) {
            CHECK_STR_EQ(config_label(talk, "zh"), "想找人谈谈");
            CHECK_STR_EQ(config_label(talk, "en"), "Someone to talk to");
            CHECK_STR_EQ(config_label(talk, "fr"), "想找人谈谈"); /* anything else: zh */
        }
        CHECK(config_issue(psych, "meals") == NULL); /* an issue of another category */
        CHECK(config_issue(psych, "other") == NULL);
        CHECK_STR_EQ(config_label(&psych->item, "en"), "Psychological help");
    }
    const CfgCategory *other = config_category(&cfg, "other");
    CHECK(other != NULL);
    if (other) {
        CHECK(config_issue(other, "talk") == NULL);
        CHECK_STR_EQ(config_label(&other->item, "zh"), "其他");
        CHECK_STR_EQ(config_label(&other->item, "en"), "Other");
    }
    CHECK_STR_EQ(config_label(&cfg.buildings[2], "en"), "Bldg 3");
    CHECK_STR_EQ(config_label(&cfg.buildings[2], "zh"), "3栋");
}

/* Communities map buildings for the needs list: whole names only. */
static void test_communities(void)
{
    static Config cfg;
    char err[512] = "";
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    CHECK_INT_EQ(cfg.community_count, 2);
    const CfgCommunity *c = config_community_of(&cfg, "1栋");
    CHECK(c != NULL && strcmp(c->item.code, "xingfuli") == 0);
    c = config_community_of(&cfg, "12栋");
    CHECK(c != NULL && strcmp(c->item.code, "heping") == 0);
    CHECK(config_community_of(&cfg, "2") == NULL);
    CHECK(config_community_of(&cfg, "") == NULL);
    CHECK(config_community_of(&cfg, "13栋") == NULL);

    CHECK_INT_EQ(load_text(&cfg,
                           "[community.east]\nzh = 东区\nen = East\nbuildings = A座 , B座\n"
                           "[community.heping]\nbuildings = 7栋\n",
                           err, sizeof err),
                 K_OK);
    CHECK_INT_EQ(cfg.community_count, 3);
    c = config_community_of(&cfg, "B座");
    CHECK(c != NULL && strcmp(c->item.code, "east") == 0);
    CHECK(config_community_of(&cfg, "8栋") == NULL); /* heping now has 7栋 only */
    CHECK_INT_EQ(load_text(&cfg, "[community.west]\nzh = 西区\n", err, sizeof err), K_ERR_INVALID);
    CHECK(strstr(err, "community west") != NULL);
}

int main(void)
{
    if (!mkdtemp(tmp_dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(ini_path, sizeof ini_path, "%s/site.ini", tmp_dir);

    test_defaults();
    test_override();
    test_bad_files();
    test_ignored_sections();
    test_lines();
    test_missing_file();
    test_lookups();
    test_communities();

    unlink(ini_path);
    rmdir(tmp_dir);
    return CHECK_DONE();
}
