/* test_receipt.c - the receipt's layout (no display needed): everything the
 * issue asks for is on it, at both paper widths, and nothing personal but
 * the phone's last four digits. */
#include <string.h>

#include "check.h"
#include "kiosk/receipt.h"

static bool any_text(const UiList *ui, const char *needle)
{
    return ui_has_text(ui, needle);
}

static void test_layout(int width)
{
    static Config cfg;
    static UiList ui;
    char err[256];
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    Ticket tk;
    memset(&tk, 0, sizeof tk);
    tk.id = 7;
    memcpy(tk.number, "A007", 5);
    memcpy(tk.lookup, "ACDEFGHJ", 9);
    memcpy(tk.payload, "KT1.SW01.A.7.ABCDEFGHIJKLMNOPQRSTUVWX", 38);
    tk.created_at = 1764300000;
    tk.due_at = tk.created_at + 24 * 3600;
    RequestDraft d;
    memset(&d, 0, sizeof d);
    memcpy(d.category, "elder", 6);
    memcpy(d.issue, "meals", 6);
    memcpy(d.phone, "13912345678", 12);
    memcpy(d.name, "李建国", sizeof "李建国");
    memcpy(d.building, "5栋", sizeof "5栋");
    memcpy(d.description, "楼道灯坏了", sizeof "楼道灯坏了");
    ReceiptInfo info = {
        .cfg = &cfg, .lang = LANG_ZH, .ticket = &tk, .response_hours = 24, .request = &d};
    QrMatrix qr;
    CHECK_INT_EQ(qr_encode(tk.payload, &qr), K_OK);
    Theme t;
    int module = 0;
    int h = receipt_layout(&ui, &t, width, &info, &qr, NULL, &module);
    CHECK(h > 0 && h < RECEIPT_MAX_HEIGHT);
    CHECK(!ui.overflow);

    /* what it must show */
    CHECK(any_text(&ui, cfg.site_zh));
    CHECK(any_text(&ui, "诉求回执"));
    CHECK(any_text(&ui, "A007"));
    CHECK(any_text(&ui, "养老服务"));
    CHECK(any_text(&ui, "助餐送餐"));
    CHECK(any_text(&ui, "****5678"));
    CHECK(any_text(&ui, "ACDE FGHJ"));
    CHECK(any_text(&ui, "24 小时"));
    CHECK(any_text(&ui, cfg.site_phone));
    const Widget *q = ui_find(&ui, "receipt.qr");
    CHECK(q != NULL && q->qr == &qr);
    /* whole dots a module, quiet zone included, within the paper */
    CHECK(module >= 2);
    if (q) {
        CHECK_INT_EQ(q->rect.w, (qr.size + 8) * module);
        CHECK(q->rect.x >= 0 && q->rect.x + q->rect.w <= width);
    }
    const Widget *n = ui_find(&ui, "receipt.number");
    CHECK(n != NULL && n->font_px >= 100);

    /* and nothing personal beyond the last four digits */
    CHECK(!any_text(&ui, "13912345678"));
    CHECK(!any_text(&ui, "1391234"));
    CHECK(!any_text(&ui, "李建国"));
    CHECK(!any_text(&ui, "5栋"));
    CHECK(!any_text(&ui, "楼道灯坏了"));
    for (int i = 0; i < ui.count; i++)
        CHECK(ui.items[i].rect.x >= 0 && ui.items[i].rect.x + ui.items[i].rect.w <= width);
}

/* An urgent request's receipt: the category's shorter promise, said to be
 * for an urgent request, and what to do in an emergency (issue 15). */
static void test_urgent(int width)
{
    static Config cfg;
    static UiList ui;
    char err[256];
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    Ticket tk;
    memset(&tk, 0, sizeof tk);
    tk.id = 8;
    tk.kind = TICKET_KIND_REQUEST;
    memcpy(tk.number, "A008", 5);
    memcpy(tk.lookup, "ACDEFGHJ", 9);
    memcpy(tk.payload, "KT1.SW01.A.8.ABCDEFGHIJKLMNOPQRSTUVWX", 38);
    tk.created_at = 1764300000;
    tk.due_at = tk.created_at + 4 * 3600;
    RequestDraft d;
    memset(&d, 0, sizeof d);
    memcpy(d.category, "elder", 6);
    memcpy(d.issue, "meals", 6);
    d.urgency = URGENCY_URGENT;
    ReceiptInfo info = {
        .cfg = &cfg, .lang = LANG_ZH, .ticket = &tk, .response_hours = 4, .request = &d};
    QrMatrix qr;
    CHECK_INT_EQ(qr_encode(tk.payload, &qr), K_OK);
    Theme t;
    int h = receipt_layout(&ui, &t, width, &info, &qr, NULL, NULL);
    CHECK(h > 0 && h < RECEIPT_MAX_HEIGHT);
    CHECK(any_text(&ui, "紧急求助：我们将在 4 小时内回复您"));
    const Widget *e = ui_find(&ui, "receipt.emergency");
    CHECK(e != NULL && e->bold && strstr(e->text, "120") && strstr(e->text, "110"));
    info.lang = LANG_EN;
    receipt_layout(&ui, &t, width, &info, &qr, NULL, NULL);
    CHECK(any_text(&ui, "If a life is in danger, call 120 (ambulance) or 110 (police) now"));
    /* a normal request says nothing of emergencies */
    d.urgency = URGENCY_NORMAL;
    info.lang = LANG_ZH;
    receipt_layout(&ui, &t, width, &info, &qr, NULL, NULL);
    CHECK(ui_find(&ui, "receipt.emergency") == NULL);
    CHECK(!any_text(&ui, "紧急求助"));
}

/* A booking's receipt: the service, the day and time in bold, where, what
 * to bring; no promised response time, and no more of the phone than the
 * app keeps (its last 4 digits). */
static void test_booking(int width)
{
    static Config cfg;
    static UiList ui;
    char err[256];
    CHECK_INT_EQ(config_load(&cfg, NULL, err, sizeof err), K_OK);
    const CfgService *svc = config_service(&cfg, "escort");
    CHECK(svc != NULL);
    if (!svc)
        return;
    Ticket tk;
    memset(&tk, 0, sizeof tk);
    tk.id = 9;
    tk.kind = 'C';
    memcpy(tk.number, "C007", 5);
    memcpy(tk.lookup, "ACDEFGHJ", 9);
    memcpy(tk.payload, "KT1.SW01.C.9.ABCDEFGHIJKLMNOPQRSTUVWX", 38);
    tk.created_at = 1764300000;
    BookingDraft b;
    memset(&b, 0, sizeof b);
    memcpy(b.service, "escort", 7);
    memcpy(b.day, "2026-12-03", 11);
    b.slot = 9 * 60;
    b.pickup = PICKUP_HOSPITAL;
    memcpy(b.hospital, "people", 7);
    memcpy(b.department, "eye", 4);
    memcpy(b.phone, "5678", 5);
    ReceiptInfo info = {.cfg = &cfg, .lang = LANG_ZH, .ticket = &tk, .booking = &b, .service = svc};
    QrMatrix qr;
    CHECK_INT_EQ(qr_encode(tk.payload, &qr), K_OK);
    Theme t;
    int module = 0;
    int h = receipt_layout(&ui, &t, width, &info, &qr, NULL, &module);
    CHECK(h > 0 && h < RECEIPT_MAX_HEIGHT);
    CHECK(!ui.overflow);
    CHECK(any_text(&ui, "预约凭条"));
    CHECK(any_text(&ui, "C007"));
    CHECK(any_text(&ui, "陪诊就医"));
    CHECK(any_text(&ui, "12月3日 周四 09:00-10:00"));
    CHECK(any_text(&ui, "接您地点：直接在医院见"));
    CHECK(any_text(&ui, "请带上：身份证"));
    CHECK(any_text(&ui, "****5678"));
    CHECK(!any_text(&ui, "小时内回复"));
    const Widget *when = ui_find(&ui, "receipt.when");
    CHECK(when != NULL && when->bold);
    /* the escort's hospital and department, and what to do (issue 15) */
    CHECK(any_text(&ui, "医院：市人民医院 眼科"));
    const Widget *todo = ui_find(&ui, "receipt.todo");
    CHECK(todo != NULL && todo->bold &&
          strcmp(todo->text, "请按时到医院，社工在医院与您见面") == 0);

    /* a pick-up at home: the address, and no "show it when you come" */
    b.pickup = PICKUP_HOME;
    memcpy(b.building, "3栋", sizeof "3栋");
    memcpy(b.unit, "2", 2);
    memcpy(b.room, "1203", 5);
    receipt_layout(&ui, &t, width, &info, &qr, NULL, NULL);
    CHECK(!ui.overflow);
    CHECK(any_text(&ui, "接您地点：您家门口（3栋 2单元 1203室）"));
    CHECK(any_text(&ui, "医院：市人民医院 眼科"));
    CHECK(any_text(&ui, "请在约定时间在家等候，社工上门接您"));
    CHECK(!any_text(&ui, "来时出示"));
    info.lang = LANG_EN;
    receipt_layout(&ui, &t, width, &info, &qr, NULL, NULL);
    CHECK(any_text(&ui, "Meeting place: At your home (Bldg 3 Unit 2 Room 1203)"));
    CHECK(any_text(&ui, "Hospital: City People's Hospital Eyes"));
    CHECK(any_text(&ui, "Please wait at home at the agreed time"));

    /* a service at the station: its place, and show the ticket */
    const CfgService *day = config_service(&cfg, "daycare");
    CHECK(day != NULL);
    if (!day)
        return;
    BookingDraft dc;
    memset(&dc, 0, sizeof dc);
    memcpy(dc.service, "daycare", 8);
    memcpy(dc.day, "2026-12-03", 11);
    dc.slot = 8 * 60 + 30;
    info.lang = LANG_ZH;
    info.booking = &dc;
    info.service = day;
    receipt_layout(&ui, &t, width, &info, &qr, NULL, NULL);
    CHECK(any_text(&ui, "日间照料"));
    CHECK(any_text(&ui, "地点：社工站一楼日间照料中心"));
    CHECK(any_text(&ui, "见面时请出示此号码单"));
    CHECK(ui_find(&ui, "receipt.hospital") == NULL);
}

int main(void)
{
    CHECK_INT_EQ(receipt_width_dots(58), 384);
    CHECK_INT_EQ(receipt_width_dots(80), 576);
    CHECK_INT_EQ(receipt_width_dots(76), 0);
    test_layout(384);
    test_layout(576);
    test_urgent(384);
    test_urgent(576);
    test_booking(384);
    test_booking(576);
    return CHECK_DONE();
}
