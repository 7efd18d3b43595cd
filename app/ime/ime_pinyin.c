/* ime_pinyin.c - pinyin to Chinese: libpinyin with the kiosk's phrases first.
 *
 * libpinyin's C API turns letters into candidates but has no way to ask a
 * phrase's pinyin, and importing phrases means writing to its user folder
 * with pinyin we would have to supply anyway.  So the kiosk's phrases are
 * matched here, from a small character table (the characters of the domain
 * words and of the default site's names), and merged ahead of the engine's
 * candidates.  Trade-off: a configured name with a character missing from
 * the table is not boosted (ime_pinyin_add_phrase says so); it can still be
 * typed a character or a word at a time. */
#include <stdbool.h> /* before pinyin.h, which uses bool */

#include <pinyin.h>

#include "kiosk/ime_pinyin.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiosk/lazylib.h"
#include "kiosk/text.h"

/* libpinyin, opened by the first ime_pinyin_open (lazylib.h). */
#define PINYIN_FUNCS(X, api)                                                                       \
    X(api, pinyin_alloc_instance)                                                                  \
    X(api, pinyin_choose_candidate)                                                                \
    X(api, pinyin_fini)                                                                            \
    X(api, pinyin_free_instance)                                                                   \
    X(api, pinyin_get_candidate)                                                                   \
    X(api, pinyin_get_candidate_string)                                                            \
    X(api, pinyin_get_n_candidate)                                                                 \
    X(api, pinyin_guess_candidates)                                                                \
    X(api, pinyin_init)                                                                            \
    X(api, pinyin_parse_more_full_pinyins)                                                         \
    X(api, pinyin_reset)                                                                           \
    X(api, pinyin_set_options)
LAZYLIB_DEFINE(lazy_libpinyin, pinyin, PINYIN_FUNCS, "libpinyin.so.15", "libpinyin15",
               "pinyin input");

#define DEFAULT_DATA_DIR "/usr/lib/x86_64-linux-gnu/libpinyin/data"
#define PHRASES_MAX 128
#define PHRASE_CHARS 16
#define LETTERS_MAX 40

/* One character and its pinyin in the sense the kiosk's words use it. */
static const char char_table[] =
    "社she 工gong 站zhan 陪pei 诊zhen 日ri 间jian 照zhao 料liao 助zhu "
    "餐can 居ju 家jia 养yang 老lao 物wu 业ye 低di 保bao 残can 疾ji "
    "证zheng 心xin 理li 咨zi 询xun 邻lin 纠jiu 纷fen 幸xing 福fu 街jie "
    "道dao 服fu 务wu 送song 上shang 门men 探tan 访fang 就jiu 医yi 儿er "
    "童tong 关guan 爱ai 课ke 后hou 托tuo 管guan 留liu 守shou 安an 全quan "
    "办ban 辅fu 具ju 申shen 请qing 无wu 障zhang 碍ai 设she 施shi 疏shu "
    "导dao 想xiang 找zhao 人ren 谈tan 庭ting 系xi 丧sang 亲qin 哀ai "
    "伤shang 噪zao 音yin 扰rao 民min 漏lou 水shui 占zhan 用yong 公gong "
    "共gong 空kong 住zhu 房fang 维wei 修xiu 电dian 梯ti 故gu 屋wu 渗shen "
    "环huan 境jing 卫wei 生sheng 垃la 圾ji 清qing 运yun 绿lv 化hua 护hu "
    "蚊wen 虫chong 鼠shu 害hai 帮bang 扶fu 作zuo 技ji 能neng 培pei 训xun "
    "青qing 年nian 政zheng 策ce 救jiu 险xian 报bao 销xiao 其qi 他ta 市shi "
    "中zhong 第di 二er 妇fu 幼you 健jian 院yuan 区qu 内nei 科ke 血xue "
    "外wai 骨gu 眼yan 耳er 鼻bi 喉hou 神shen 经jing 康kang 复fu 和he "
    "平ping 室shi 楼lou 单dan 元yuan 层ceng 号hao 座zuo 栋dong 同tong "
    "轮lun 椅yi 太tai 极ji 拳quan 图tu 书shu 角jiao 视shi 危wei 急ji 独du "
    "失shi 智zhi 孤gu 寡gua 巢chao 网wang 格ge 志zhi 愿yuan 者zhe 义yi "
    "慈ci 善shan 金jin 补bu 贴tie 费fei 缴jiao 纳na 会hui 劳lao 动dong "
    "口kou 户hu 籍ji 身shen 份fen 明ming 里li 体ti "
    "检jian 腔qiang 还hai 不bu 确que 定ding ";

const char *const ime_pinyin_domain[] = {"社工站", "陪诊", "日间照料", "助餐",     "居家养老",
                                         "物业",   "低保", "残疾证",   "心理咨询", "邻里纠纷"};
const int ime_pinyin_domain_count = (int)(sizeof ime_pinyin_domain / sizeof ime_pinyin_domain[0]);

typedef struct {
    char zh[PHRASE_CHARS * 4 + 1];
    char full[PHRASE_CHARS * 6 + 1]; /* "shegongzhan" */
    char initials[PHRASE_CHARS + 1]; /* "sgz" */
} Phrase;

struct ImePinyin {
    pinyin_context_t *ctx;
    pinyin_instance_t *inst;
    char user_dir[256];
    int phrase_count;
    Phrase phrases[PHRASES_MAX];
};

/* The pinyin of the character at s (n bytes) from the table, or NULL. */
static const char *char_pinyin(const char *s, size_t n, size_t *len)
{
    for (const char *p = char_table; *p;) {
        const char *sp = strchr(p, ' ');
        if (!sp)
            break;
        const char *py = p;
        text_next_cp(&py); /* the character, then its letters */
        if ((size_t)(py - p) == n && memcmp(p, s, n) == 0) {
            *len = (size_t)(sp - py);
            return py;
        }
        p = sp + 1;
    }
    return NULL;
}

static void remove_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char f[512];
            snprintf(f, sizeof f, "%s/%s", path, e->d_name);
            unlink(f);
        }
        closedir(d);
    }
    rmdir(path);
}

/* libpinyin looks for user.conf in the user folder and complains on stderr
 * when it is missing; a fresh one carries the system table's versions (its
 * first two lines), which also tells libpinyin there is nothing to load. */
static void write_user_conf(const char *user_dir, const char *table_conf)
{
    char path[512], line[128];
    snprintf(path, sizeof path, "%s/user.conf", user_dir);
    FILE *in = fopen(table_conf, "r");
    FILE *out = in ? fopen(path, "w") : NULL;
    for (int i = 0; out && i < 2 && fgets(line, sizeof line, in); i++)
        fputs(line, out);
    if (out)
        fclose(out);
    if (in)
        fclose(in);
}

KResult ime_pinyin_open(const char *data_dir, ImePinyin **out, char *err, size_t errcap)
{
    *out = NULL;
    if (!lazylib_load(&lazy_libpinyin, err, errcap))
        return K_ERR_UNSUPPORTED;
    ImePinyin *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errcap, "out of memory");
        return K_ERR_NOMEM;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(p->user_dir, sizeof p->user_dir, "%s/kiosk-ime.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(p->user_dir)) {
        snprintf(err, errcap, "cannot make a temporary folder in %s", tmp && *tmp ? tmp : "/tmp");
        p->user_dir[0] = '\0';
        goto fail;
    }
    const char *dir = data_dir ? data_dir : DEFAULT_DATA_DIR;
    char probe[512];
    snprintf(probe, sizeof probe, "%s/table.conf", dir);
    if (access(probe, R_OK) != 0) {
        snprintf(err, errcap, "no libpinyin data in %s (install libpinyin-data)", dir);
        goto fail;
    }
    write_user_conf(p->user_dir, probe);
    p->ctx = pinyin.pinyin_init(dir, p->user_dir);
    if (!p->ctx) {
        snprintf(err, errcap, "libpinyin cannot load its data from %s", dir);
        goto fail;
    }
    /* No DYNAMIC_ADJUST: choosing a candidate must not change the ranking
     * the next resident sees. */
    pinyin.pinyin_set_options(p->ctx, PINYIN_INCOMPLETE | PINYIN_CORRECT_ALL | USE_DIVIDED_TABLE |
                                          USE_RESPLIT_TABLE);
    p->inst = pinyin.pinyin_alloc_instance(p->ctx);
    if (!p->inst) {
        snprintf(err, errcap, "libpinyin cannot start an instance");
        goto fail;
    }
    /* A fixed list of ten, far below the 128 the engine holds, each with
     * pinyin in the table (test_ime checks every one is found): a failure
     * here would be a bug in the list, and the phrase would only not rank
     * first. */
    for (int i = 0; i < ime_pinyin_domain_count; i++)
        (void)ime_pinyin_add_phrase(p, ime_pinyin_domain[i]);
    *out = p;
    return K_OK;
fail:
    ime_pinyin_close(p);
    return K_ERR_UNSUPPORTED;
}

void ime_pinyin_close(ImePinyin *p)
{
    if (!p)
        return;
    if (p->inst)
        pinyin.pinyin_free_instance(p->inst);
    if (p->ctx)
        pinyin.pinyin_fini(p->ctx); /* never pinyin_save: nothing is kept */
    if (p->user_dir[0])
        remove_dir(p->user_dir);
    free(p);
}

void ime_pinyin_forget(ImePinyin *p)
{
    if (!p)
        return;
    pinyin_instance_t *fresh = pinyin.pinyin_alloc_instance(p->ctx);
    if (!fresh) {
        pinyin.pinyin_reset(p->inst); /* keep the old one, emptied */
        return;
    }
    pinyin.pinyin_free_instance(p->inst);
    p->inst = fresh;
}

KResult ime_pinyin_add_phrase(ImePinyin *p, const char *zh)
{
    if (p->phrase_count >= PHRASES_MAX)
        return K_ERR_NOMEM;
    Phrase ph;
    memset(&ph, 0, sizeof ph);
    if (!text_valid_utf8(zh) || text_length(zh) < 2 || text_length(zh) > PHRASE_CHARS ||
        !text_copy(ph.zh, sizeof ph.zh, zh))
        return K_ERR_INVALID;
    size_t nfull = 0, ninit = 0;
    for (const char *s = zh; *s;) {
        const char *start = s;
        text_next_cp(&s);
        size_t len = 0;
        const char *py = char_pinyin(start, (size_t)(s - start), &len);
        if (!py || nfull + len >= sizeof ph.full)
            return K_ERR_UNSUPPORTED;
        memcpy(ph.full + nfull, py, len);
        nfull += len;
        ph.initials[ninit++] = py[0];
    }
    for (int i = 0; i < p->phrase_count; i++)
        if (strcmp(p->phrases[i].zh, ph.zh) == 0)
            return K_ERR_EXISTS;
    p->phrases[p->phrase_count++] = ph;
    return K_OK;
}

static bool seen(const ImeCand *out, int n, const char *text)
{
    for (int i = 0; i < n; i++)
        if (strcmp(out[i].text, text) == 0)
            return true;
    return false;
}

static int add(ImeCand *out, int n, int max, const char *text, int engine_index,
               bool (*keep)(void *, const char *), void *keep_ctx)
{
    if (n >= max || seen(out, n, text) || (keep && !keep(keep_ctx, text)))
        return n;
    ImeCand *c = &out[n];
    if (!text_copy(c->text, sizeof c->text, text))
        return n;
    c->consumed = 0;
    c->engine_index = engine_index;
    return n + 1;
}

static bool valid_letters(const char *letters)
{
    size_t n = strlen(letters);
    if (n == 0 || n > LETTERS_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (letters[i] < 'a' || letters[i] > 'z')
            return false;
    return true;
}

static void engine_lookup(ImePinyin *p, const char *letters)
{
    pinyin.pinyin_reset(p->inst);
    pinyin.pinyin_parse_more_full_pinyins(p->inst, letters);
    pinyin.pinyin_guess_candidates(p->inst, 0,
                                   SORT_BY_PHRASE_LENGTH_AND_PINYIN_LENGTH_AND_FREQUENCY);
}

int ime_pinyin_search(ImePinyin *p, const char *letters, bool (*keep)(void *ctx, const char *text),
                      void *keep_ctx, ImeCand *out, int max)
{
    if (!valid_letters(letters))
        return 0;
    size_t len = strlen(letters);
    int n = 0;
    /* The kiosk's phrases: whole pinyin, then initials, then a prefix of the
     * whole pinyin long enough not to be a guess. */
    for (int pass = 0; pass < 3; pass++) {
        for (int i = 0; i < p->phrase_count; i++) {
            const Phrase *ph = &p->phrases[i];
            bool match = pass == 0   ? strcmp(ph->full, letters) == 0
                         : pass == 1 ? strcmp(ph->initials, letters) == 0
                                     : len >= 4 && strncmp(ph->full, letters, len) == 0;
            if (match)
                n = add(out, n, max, ph->zh, -1, keep, keep_ctx);
        }
    }
    engine_lookup(p, letters);
    guint count = 0;
    pinyin.pinyin_get_n_candidate(p->inst, &count);
    for (guint i = 0; i < count && n < max; i++) {
        lookup_candidate_t *c = NULL;
        const gchar *s = NULL;
        if (!pinyin.pinyin_get_candidate(p->inst, i, &c) ||
            !pinyin.pinyin_get_candidate_string(p->inst, c, &s) || !s)
            continue;
        n = add(out, n, max, s, (int)i, keep, keep_ctx);
    }
    return n;
}

void ime_pinyin_choose(ImePinyin *p, const char *letters, ImeCand *c)
{
    size_t len = strlen(letters);
    c->consumed = len;
    if (c->engine_index < 0 || !valid_letters(letters))
        return;
    engine_lookup(p, letters);
    lookup_candidate_t *cand = NULL;
    if (!pinyin.pinyin_get_candidate(p->inst, (guint)c->engine_index, &cand))
        return;
    /* libpinyin answers with the position in the input after the phrase. */
    int end = pinyin.pinyin_choose_candidate(p->inst, 0, cand);
    if (end > 0 && (size_t)end < len)
        c->consumed = (size_t)end;
    pinyin.pinyin_reset(p->inst);
}
