/* test_ime.c - the text-entry engines without a display: pinyin
 * candidates (the kiosk's phrases first, abbreviations, ordinary words),
 * handwriting fixtures recognised in the top 5, and editing over mixed
 * Chinese and Latin text. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "kiosk/config.h"
#include "kiosk/ime_hand.h"
#include "kiosk/ime_pinyin.h"
#include "kiosk/text.h"

/* true when want is among the first top candidates for letters */
static bool in_top(ImePinyin *p, const char *letters, const char *want, int top)
{
    ImeCand c[IME_CAND_MAX];
    int n = ime_pinyin_search(p, letters, NULL, NULL, c, IME_CAND_MAX);
    for (int i = 0; i < n && i < top; i++)
        if (strcmp(c[i].text, want) == 0)
            return true;
    fprintf(stderr, "  %s: %s not in the first %d:", letters, want, top);
    for (int i = 0; i < n && i < top; i++)
        fprintf(stderr, " %s", c[i].text);
    fputc('\n', stderr);
    return false;
}

static bool first_is(ImePinyin *p, const char *letters, const char *want)
{
    return in_top(p, letters, want, 1);
}

static bool no_ext_a(void *ctx, const char *text)
{
    (void)ctx;
    for (const char *s = text; *s;) {
        unsigned cp = text_next_cp(&s);
        if (cp < 0x4E00 || cp > 0x9FFF)
            return false;
    }
    return true;
}

static void test_pinyin(void)
{
    char err[256] = "";
    ImePinyin *p = NULL;
    CHECK(ime_pinyin_open(NULL, &p, err, sizeof err) == K_OK);
    if (!p) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    /* every domain phrase has its pinyin (added at open: a second add is a repeat) */
    for (int i = 0; i < ime_pinyin_domain_count; i++)
        CHECK(ime_pinyin_add_phrase(p, ime_pinyin_domain[i]) == K_ERR_EXISTS);
    /* the kiosk's phrases first, by full pinyin and by initials */
    CHECK(first_is(p, "shegongzhan", "社工站"));
    CHECK(first_is(p, "sgz", "社工站"));
    CHECK(first_is(p, "peizhen", "陪诊"));
    CHECK(first_is(p, "rijianzhaoliao", "日间照料"));
    CHECK(first_is(p, "rjzl", "日间照料"));
    CHECK(first_is(p, "zhucan", "助餐"));
    CHECK(first_is(p, "jujiayanglao", "居家养老"));
    CHECK(first_is(p, "wuye", "物业"));
    CHECK(first_is(p, "dibao", "低保"));
    CHECK(first_is(p, "canjizheng", "残疾证"));
    CHECK(first_is(p, "cjz", "残疾证"));
    CHECK(first_is(p, "xinlizixun", "心理咨询"));
    CHECK(first_is(p, "lljf", "邻里纠纷"));
    CHECK(first_is(p, "shego", "社工站")); /* a prefix of 4+ letters */
    /* ordinary words from the engine */
    CHECK(in_top(p, "nihao", "你好", 3));
    CHECK(in_top(p, "zhongguo", "中国", 3));
    CHECK(in_top(p, "wo", "我", 3));
    CHECK(in_top(p, "louti", "楼梯", 5));
    CHECK(in_top(p, "xiexie", "谢谢", 3));
    /* a configured name joins the phrases */
    CHECK(ime_pinyin_add_phrase(p, "市人民医院") == K_OK);
    CHECK(ime_pinyin_add_phrase(p, "市人民医院") == K_ERR_EXISTS);
    CHECK(first_is(p, "shirenminyiyuan", "市人民医院"));
    CHECK(first_is(p, "srmyy", "市人民医院"));
    CHECK(ime_pinyin_add_phrase(p, "鑫淼") == K_ERR_UNSUPPORTED);
    /* choosing a candidate converts the letters it stands for */
    ImeCand c[IME_CAND_MAX];
    int n = ime_pinyin_search(p, "nihaoma", NULL, NULL, c, IME_CAND_MAX);
    CHECK(n > 0);
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].text, "你好") == 0) {
            ime_pinyin_choose(p, "nihaoma", &c[i]);
            CHECK_INT_EQ(c[i].consumed, 5);
        }
    n = ime_pinyin_search(p, "sgz", NULL, NULL, c, IME_CAND_MAX);
    ime_pinyin_choose(p, "sgz", &c[0]);
    CHECK_INT_EQ(c[0].consumed, 3);
    /* the filter leaves out what the font cannot show; no repeats */
    n = ime_pinyin_search(p, "ri", no_ext_a, NULL, c, IME_CAND_MAX);
    CHECK(n > 5);
    bool ok = true;
    for (int i = 0; i < n; i++) {
        ok = ok && no_ext_a(NULL, c[i].text);
        for (int j = 0; j < i; j++)
            ok = ok && strcmp(c[i].text, c[j].text) != 0;
    }
    CHECK(ok);
    /* nothing for what is not letters */
    CHECK_INT_EQ(ime_pinyin_search(p, "", NULL, NULL, c, IME_CAND_MAX), 0);
    CHECK_INT_EQ(ime_pinyin_search(p, "ni3", NULL, NULL, c, IME_CAND_MAX), 0);
    CHECK_INT_EQ(ime_pinyin_search(p, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, NULL, c,
                                   IME_CAND_MAX),
                 0);
    ime_pinyin_close(p);
    ime_pinyin_close(NULL);
}

/* Every name of the built-in site configuration has its pinyin in the
 * table, so each ranks first by its initials. */
static void test_site_names(void)
{
    static Config cfg;
    char err[256];
    CHECK(config_load(&cfg, NULL, err, sizeof err) == K_OK);
    ImePinyin *p = NULL;
    CHECK(ime_pinyin_open(NULL, &p, err, sizeof err) == K_OK);
    if (!p)
        return;
    const char *names[256];
    int n = 0;
    for (int i = 0; i < cfg.category_count; i++) {
        names[n++] = cfg.categories[i].item.zh;
        for (int j = 0; j < cfg.categories[i].issue_count; j++)
            names[n++] = cfg.categories[i].issues[j].zh;
    }
    for (int i = 0; i < cfg.service_count; i++)
        names[n++] = cfg.services[i].item.zh;
    for (int i = 0; i < cfg.hospital_count; i++)
        names[n++] = cfg.hospitals[i].zh;
    for (int i = 0; i < cfg.department_count; i++)
        names[n++] = cfg.departments[i].zh;
    names[n++] = cfg.site_zh;
    CHECK(n > 50);
    for (int i = 0; i < n; i++) {
        KResult rc = ime_pinyin_add_phrase(p, names[i]);
        if (rc != K_OK && rc != K_ERR_EXISTS)
            fprintf(stderr, "  %s: no pinyin (%d)\n", names[i], (int)rc);
        CHECK(rc == K_OK || rc == K_ERR_EXISTS);
    }
    CHECK(first_is(p, "fybjy", "妇幼保健院"));
    CHECK(in_top(p, "sqwsfwzx", "社区卫生服务中心", 1));
    CHECK(in_top(p, "peizhenjiuyi", "陪诊就医", 1));
    ime_pinyin_close(p);
}

/* Learning is off: choosing candidates again and again does not move the
 * ranking, before or after the session wipe's forget. */
static void test_pinyin_learns_nothing(void)
{
    char err[256];
    ImePinyin *p = NULL;
    CHECK(ime_pinyin_open(NULL, &p, err, sizeof err) == K_OK);
    if (!p)
        return;
    static ImeCand before[IME_CAND_MAX], after[IME_CAND_MAX], c[IME_CAND_MAX];
    const char *inputs[] = {"shi", "dengguang", "li"};
    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
        int n = ime_pinyin_search(p, inputs[k], NULL, NULL, before, IME_CAND_MAX);
        CHECK(n > 8);
        for (int r = 0; r < 30; r++) {
            int m = ime_pinyin_search(p, inputs[k], NULL, NULL, c, IME_CAND_MAX);
            if (m > 7)
                ime_pinyin_choose(p, inputs[k], &c[7]); /* a rare one, chosen often */
        }
        for (int pass = 0; pass < 2; pass++) {
            int m = ime_pinyin_search(p, inputs[k], NULL, NULL, after, IME_CAND_MAX);
            CHECK_INT_EQ(m, n);
            bool same = true;
            for (int i = 0; i < n && i < m; i++)
                same = same && strcmp(before[i].text, after[i].text) == 0;
            CHECK(same);
            ime_pinyin_forget(p);
        }
    }
    ime_pinyin_forget(NULL);
    ime_pinyin_close(p);
}

/* Nothing of a session survives: the user folder is gone after close. */
static void test_pinyin_forgets(void)
{
    char dir[] = "/tmp/kiosk-ime-test.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    setenv("TMPDIR", dir, 1);
    char err[256];
    ImePinyin *p = NULL;
    CHECK(ime_pinyin_open(NULL, &p, err, sizeof err) == K_OK);
    ImeCand c[8];
    ime_pinyin_search(p, "nihao", NULL, NULL, c, 8);
    ime_pinyin_choose(p, "nihao", &c[0]);
    ime_pinyin_close(p);
    unsetenv("TMPDIR");
    CHECK(rmdir(dir) == 0); /* empty: the engine's own folder was removed */
}

/* Reads the fixture file and recognises each character. */
static void test_hand(void)
{
    char err[256] = "";
    ImeHand *h = NULL;
    CHECK(ime_hand_open(NULL, &h, err, sizeof err) == K_OK);
    if (!h) {
        fprintf(stderr, "%s\n", err);
        return;
    }
    FILE *f = fopen(KIOSK_SOURCE_DIR "/tests/fixtures/hand.txt", "r");
    CHECK(f != NULL);
    if (!f) {
        ime_hand_close(h);
        return;
    }
    char line[1024];
    int tried = 0, found = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char want[8] = "";
        const char *p = line;
        text_next_cp(&p);
        memcpy(want, line, (size_t)(p - line));
        ime_hand_clear(h);
        int px = -1, py = -1;
        bool new_stroke = true;
        while (*p) {
            while (*p == ' ' || *p == '\n')
                p++;
            if (!*p)
                break;
            if (*p == '|') {
                ime_hand_end(h);
                new_stroke = true;
                p++;
                continue;
            }
            char *end = NULL;
            int x = (int)strtol(p, &end, 10) * 3; /* a 300 px pad */
            int y = (int)strtol(end + 1, &end, 10) * 3;
            p = end;
            if (new_stroke) {
                ime_hand_begin(h, x, y);
                new_stroke = false;
            } else {
                for (int k = 1; k <= 10; k++)
                    ime_hand_move(h, px + (x - px) * k / 10, py + (y - py) * k / 10);
            }
            px = x;
            py = y;
        }
        ime_hand_end(h);
        char cands[5][8];
        int n = ime_hand_recognize(h, 300, 300, NULL, NULL, cands, 5);
        bool hit = false;
        for (int i = 0; i < n; i++)
            hit = hit || strcmp(cands[i], want) == 0;
        tried++;
        found += hit;
        if (!hit) {
            fprintf(stderr, "  %s not in the top 5:", want);
            for (int i = 0; i < n; i++)
                fprintf(stderr, " %s", cands[i]);
            fputc('\n', stderr);
        }
        CHECK(hit);
    }
    fclose(f);
    CHECK(tried >= 10);
    printf("handwriting: %d of %d fixtures in the top 5\n", found, tried);

    /* undo drops the last stroke; clear drops all */
    ime_hand_clear(h);
    CHECK(ime_hand_begin(h, 30, 150));
    ime_hand_move(h, 270, 150);
    ime_hand_end(h);
    CHECK(ime_hand_begin(h, 150, 30));
    ime_hand_move(h, 150, 280);
    ime_hand_end(h);
    CHECK_INT_EQ(ime_hand_strokes(h), 2);
    char c[5][8];
    CHECK(ime_hand_recognize(h, 300, 300, NULL, NULL, c, 5) > 0);
    CHECK_STR_EQ(c[0], "十");
    CHECK(ime_hand_undo(h));
    CHECK_INT_EQ(ime_hand_strokes(h), 1);
    int count = 0;
    const ImePoint *pts = ime_hand_points(h, &count);
    bool no_sep = true;
    for (int i = 0; i < count; i++)
        no_sep = no_sep && pts[i].x >= 0;
    CHECK(count >= 2 && no_sep);
    CHECK(ime_hand_recognize(h, 300, 300, NULL, NULL, c, 5) > 0);
    CHECK_STR_EQ(c[0], "一");
    CHECK(ime_hand_undo(h));
    CHECK(!ime_hand_undo(h));
    CHECK_INT_EQ(ime_hand_recognize(h, 300, 300, NULL, NULL, c, 5), 0);
    ime_hand_close(h);
    ime_hand_close(NULL);
}

/* What backspace does in a field: one whole character, Chinese or Latin. */
static void test_backspace_mixed(void)
{
    char s[64];
    text_copy(s, sizeof s, "我家A座3楼ok好");
    const char *steps[] = {"我家A座3楼ok", "我家A座3楼o", "我家A座3楼", "我家A座3", "我家A座",
                           "我家A",        "我家",        "我",         ""};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        text_pop_char(s);
        CHECK_STR_EQ(s, steps[i]);
        CHECK(text_valid_utf8(s));
    }
    text_pop_char(s);
    CHECK_STR_EQ(s, "");
}

int main(void)
{
    test_pinyin();
    test_site_names();
    test_pinyin_learns_nothing();
    test_pinyin_forgets();
    test_hand();
    test_backspace_mixed();
    return CHECK_DONE();
}
