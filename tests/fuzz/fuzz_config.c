/* fuzz_config.c - libFuzzer target: the INI configuration (config_load)
 * on any bytes, written to a file as the kiosk would read it.
 *
 * A refusal must say why; an accepted file must give a configuration the
 * kiosk can run with: a valid site code, sizes and timeouts in range, valid
 * UTF-8 labels, services whose slots are ordered and inside the day. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiosk/config.h"
#include "kiosk/text.h"
#include "kiosk/ticket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/kiosk-fuzz-config-%ld.ini", (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    static Config cfg;
    char err[512];
    err[0] = '\0';
    KResult r = config_load(&cfg, path, err, sizeof err);
    if (r != K_OK) {
        if (!err[0])
            abort(); /* a refusal says why */
        return 0;
    }
    if (!ticket_site_valid(cfg.site_code))
        abort();
    if (cfg.width < 480 || cfg.height < 480 || cfg.width > 7680 || cfg.height > 7680)
        abort();
    if (!text_valid_utf8(cfg.site_zh) || !text_valid_utf8(cfg.site_en))
        abort();
    if (cfg.idle_warn_after <= 0 || cfg.idle_countdown <= 0 || cfg.units < 0 || cfg.floors < 0)
        abort();
    if (cfg.paper_mm != 58 && cfg.paper_mm != 80)
        abort();
    for (int i = 0; i < cfg.category_count; i++)
        if (!text_valid_utf8(cfg.categories[i].item.zh) ||
            !text_valid_utf8(cfg.categories[i].item.en))
            abort();
    for (int i = 0; i < cfg.service_count; i++) {
        const CfgService *s = &cfg.services[i];
        if (s->slot_count < 0 || s->slot_count > CFG_MAX_SLOTS)
            abort();
        for (int j = 0; j < s->slot_count; j++) {
            const CfgSlot *sl = &s->slots[j];
            if (sl->start < 0 || sl->end > 1440 || sl->end <= sl->start || sl->capacity < 0)
                abort();
            if (j > 0 && sl->start < s->slots[j - 1].start)
                abort();
        }
        if (!text_valid_utf8(s->item.zh) || !text_valid_utf8(s->item.en))
            abort();
    }
    return 0;
}
