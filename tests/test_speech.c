/* test_speech.c - unit tests for app/core/speech.c: ticket numbers, phone
 * digits, times and the board's call as they are said, without audio. */
#include <string.h>

#include "check.h"
#include "kiosk/speech.h"

static void test_numbers(void)
{
    char b[64];
    CHECK_STR_EQ(speech_zh_number(0, b, sizeof b), "零");
    CHECK_STR_EQ(speech_zh_number(7, b, sizeof b), "七");
    CHECK_STR_EQ(speech_zh_number(10, b, sizeof b), "十");
    CHECK_STR_EQ(speech_zh_number(12, b, sizeof b), "十二");
    CHECK_STR_EQ(speech_zh_number(20, b, sizeof b), "二十");
    CHECK_STR_EQ(speech_zh_number(35, b, sizeof b), "三十五");
    CHECK_STR_EQ(speech_zh_number(99, b, sizeof b), "九十九");
    CHECK_STR_EQ(speech_zh_number(100, b, sizeof b), "");
    CHECK_STR_EQ(speech_zh_number(-1, b, sizeof b), "");
}

static void test_ticket(void)
{
    char b[64];
    CHECK_STR_EQ(speech_ticket(LANG_ZH, "A042", b, sizeof b), "A 零四二");
    CHECK_STR_EQ(speech_ticket(LANG_ZH, "Q012", b, sizeof b), "Q 零一二");
    CHECK_STR_EQ(speech_ticket(LANG_EN, "A042", b, sizeof b), "A 0 4 2");
    CHECK_STR_EQ(speech_ticket(LANG_ZH, "", b, sizeof b), "");
    /* a small buffer truncates at a character boundary */
    char s[6];
    speech_ticket(LANG_ZH, "A042", s, sizeof s);
    CHECK_STR_EQ(s, "A 零");
}

static void test_phone(void)
{
    char b[96];
    CHECK_STR_EQ(speech_phone(LANG_ZH, "13800138000", b, sizeof b), "幺三八零零幺三八零零零");
    CHECK_STR_EQ(speech_phone(LANG_EN, "0755-1234", b, sizeof b), "0 7 5 5 1 2 3 4");
    CHECK_STR_EQ(speech_phone(LANG_ZH, "", b, sizeof b), "");
}

static void test_time(void)
{
    char b[64];
    CHECK_STR_EQ(speech_time(LANG_ZH, 9, 30, b, sizeof b), "九点三十分");
    CHECK_STR_EQ(speech_time(LANG_ZH, 9, 0, b, sizeof b), "九点整");
    CHECK_STR_EQ(speech_time(LANG_ZH, 10, 5, b, sizeof b), "十点零五分");
    CHECK_STR_EQ(speech_time(LANG_ZH, 14, 45, b, sizeof b), "十四点四十五分");
    CHECK_STR_EQ(speech_time(LANG_ZH, 2, 10, b, sizeof b), "两点十分");
    CHECK_STR_EQ(speech_time(LANG_EN, 9, 30, b, sizeof b), "9:30");
    CHECK_STR_EQ(speech_time(LANG_EN, 9, 0, b, sizeof b), "9 o'clock");
    CHECK_STR_EQ(speech_time(LANG_ZH, 24, 0, b, sizeof b), "");
    CHECK_STR_EQ(speech_time(LANG_ZH, 9, 60, b, sizeof b), "");
}

static void test_call(void)
{
    char b[128];
    CHECK_STR_EQ(speech_call(LANG_ZH, "Q012", 2, b, sizeof b), "请 Q 零一二 号到 二 号窗口办理");
    CHECK_STR_EQ(speech_call(LANG_EN, "Q012", 2, b, sizeof b),
                 "Number Q 0 1 2, please go to window 2");
}

/* A screen's words as said: codes spelled, phone numbers digit by digit,
 * times as people say them, the rest as it is. */
static void test_words(void)
{
    char b[512];
    CHECK_STR_EQ(speech_words(LANG_ZH, "查询码：K7MX9P", b, sizeof b), "查询码： K 七 M X 九 P ");
    CHECK_STR_EQ(speech_words(LANG_ZH, "手机：13912345678", b, sizeof b),
                 "手机： 幺三九幺二三四五六七八 ");
    CHECK_STR_EQ(speech_words(LANG_ZH, "时间：12月8日 09:00-10:00", b, sizeof b),
                 "时间：12月8日  九点整 - 十点整 ");
    CHECK_STR_EQ(speech_words(LANG_ZH, "我们将在 24 小时内回复您，前面还有 3 人", b, sizeof b),
                 "我们将在 24 小时内回复您，前面还有 3 人");
    CHECK_STR_EQ(speech_words(LANG_EN, "Number A042. Lift broken", b, sizeof b),
                 "Number  A 0 4 2 . Lift broken");
    CHECK_STR_EQ(speech_words(LANG_EN, "At 14:30", b, sizeof b), "At  14:30 ");
    CHECK_STR_EQ(speech_words(LANG_ZH, "XFED 97TY", b, sizeof b), " X F E D   九七 T Y ");
    CHECK_STR_EQ(speech_words(LANG_ZH, "", b, sizeof b), "");
    /* a small buffer ends at a character's boundary, never inside one */
    char s[8];
    speech_words(LANG_ZH, "楼道的灯", s, sizeof s);
    CHECK_STR_EQ(s, "楼道");
}

/* A chosen option says so; its check mark is shown, not said. */
static void test_selected(void)
{
    char b[128];
    CHECK_STR_EQ(speech_selected(LANG_ZH, "\xE2\x9C\x93 紧急", b, sizeof b), "紧急，已选");
    CHECK_STR_EQ(speech_selected(LANG_EN, "\xE2\x9C\x93 Urgent", b, sizeof b), "Urgent, selected");
    CHECK_STR_EQ(speech_selected(LANG_ZH, "独居", b, sizeof b), "独居，已选");
    CHECK_STR_EQ(speech_selected(LANG_EN, "Urgent", b, 9), "Urgent, "); /* truncated, still valid */
}

int main(void)
{
    test_numbers();
    test_ticket();
    test_phone();
    test_time();
    test_call();
    test_words();
    test_selected();
    return check_done();
}
