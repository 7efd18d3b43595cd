/* bench_bare.c - the bare stack the kiosk's start-up is measured against
 * (not a test; tools/bench_frames.sh).
 *
 *     bench_bare [--window] FONT_DIR
 *
 * Does what any SDL kiosk must before its first frame, and nothing else:
 * starts SDL and SDL_ttf, opens a 1080x1920 target (the headless kiosk's
 * software surface, or a window with --window), opens the kiosk's regular
 * face, draws a line of Chinese in it and a QR code, and presents one frame.
 * Prints the process's CPU time (user + system) at that frame, in ms. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "kiosk/qr.h"

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

int main(int argc, char **argv)
{
    bool window = argc > 2 && strcmp(argv[1], "--window") == 0;
    if (argc != (window ? 3 : 2)) {
        fprintf(stderr, "usage: bench_bare [--window] FONT_DIR\n");
        return 2;
    }
    const char *dir = argv[argc - 1];
    int w = 1080, h = 1920;
    if (SDL_Init(SDL_INIT_EVENTS | SDL_INIT_TIMER | (window ? SDL_INIT_VIDEO : 0)) != 0 ||
        TTF_Init() != 0) {
        fprintf(stderr, "bench_bare: %s\n", SDL_GetError());
        return 1;
    }
    SDL_Window *win = NULL;
    SDL_Surface *surf = NULL;
    SDL_Renderer *r = NULL;
    if (window) {
        win = SDL_CreateWindow("bare", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                               SDL_WINDOW_SHOWN);
        r = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    } else {
        surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
        r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    }
    char path[1100];
    snprintf(path, sizeof path, "%s/KioskSansSC-Regular.otf", dir);
    TTF_Font *font = r ? TTF_OpenFont(path, 48) : NULL;
    if (!font) {
        fprintf(stderr, "bench_bare: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetRenderDrawColor(r, 250, 248, 240, 255);
    SDL_RenderClear(r);
    SDL_Surface *text = TTF_RenderUTF8_Blended(font, "社区服务站：请点击您需要的服务",
                                               (SDL_Color){20, 20, 20, 255});
    SDL_Texture *tex = text ? SDL_CreateTextureFromSurface(r, text) : NULL;
    if (tex) {
        SDL_Rect dst = {40, 200, text->w, text->h};
        SDL_RenderCopy(r, tex, NULL, &dst);
    }
    QrMatrix qr;
    if (qr_encode("KT3:BENCH:0123456789ABCDEF0123456789ABCDEF", &qr) == K_OK) {
        SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
        for (int y = 0; y < qr.size; y++)
            for (int x = 0; x < qr.size; x++)
                if (qr.dark[y * qr.size + x]) {
                    SDL_Rect m = {300 + x * 12, 800 + y * 12, 12, 12};
                    SDL_RenderFillRect(r, &m);
                }
    }
    SDL_RenderPresent(r);
    printf("bare stack to its first frame: cpu_ms=%.1f\n", cpu_ms());
    if (tex)
        SDL_DestroyTexture(tex);
    SDL_FreeSurface(text);
    TTF_CloseFont(font);
    SDL_DestroyRenderer(r);
    if (surf)
        SDL_FreeSurface(surf);
    if (win)
        SDL_DestroyWindow(win);
    TTF_Quit();
    SDL_Quit();
    return 0;
}
