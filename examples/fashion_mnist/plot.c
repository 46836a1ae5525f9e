/* plot.c: the training loss curve as a self-contained SVG file, written by
 * hand (no plotting library): axes with "nice" ticks, the per-batch loss
 * (faint), its exponential moving average, the mean loss of each epoch
 * (dots joined by a line) and dashed epoch boundaries. */
#include "fmnist.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Canvas and plot area, in SVG user units (pixels). */
#define SVG_W 860
#define SVG_H 480
#define PLOT_L 70
#define PLOT_R 830
#define PLOT_T 50
#define PLOT_B 420

/* At most this many points per curve: longer runs are averaged in buckets. */
#define MAX_POINTS 1200

/* Weight of the past in the moving average (about 50 batches). */
#define EMA_BETA 0.98

typedef struct Axis {
    double lo, hi;  /* data range mapped onto the axis */
    double step;    /* tick spacing */
} Axis;

/* A tick spacing of 1, 2 or 5 times a power of ten giving about `want`
 * ticks over span. */
static double nice_step(double span, int want)
{
    double raw = span / want;
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    double m = f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10;
    return m * p;
}

/* An axis from lo to at least hi, ending on a tick. */
static Axis axis_make(double lo, double hi, int want)
{
    Axis a;
    if (!(hi > lo))
        hi = lo + 1;
    a.step = nice_step(hi - lo, want);
    a.lo = floor(lo / a.step) * a.step;
    a.hi = ceil(hi / a.step) * a.step;
    return a;
}

static double map_x(const Axis *a, double v)
{
    return PLOT_L + (v - a->lo) / (a->hi - a->lo) * (PLOT_R - PLOT_L);
}

static double map_y(const Axis *a, double v)
{
    if (v > a->hi)
        v = a->hi;
    return PLOT_B - (v - a->lo) / (a->hi - a->lo) * (PLOT_B - PLOT_T);
}

/* A tick label without trailing zeros ("0.5", "1000"). */
static void tick_label(char *buf, size_t n, double v, double step)
{
    int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    snprintf(buf, n, "%.*f", decimals, fabs(v) < step * 1e-6 ? 0.0 : v);
}

static void draw_axes(FILE *f, const Axis *ax, const Axis *ay)
{
    char label[32];
    fprintf(f, "<g stroke=\"#ddd\" stroke-width=\"1\">\n");
    for (double v = ay->lo; v <= ay->hi + ay->step * 1e-6; v += ay->step)
        fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", PLOT_L, map_y(ay, v), PLOT_R, map_y(ay, v));
    fprintf(f, "</g>\n<g font-size=\"12\" fill=\"#333\">\n");
    for (double v = ay->lo; v <= ay->hi + ay->step * 1e-6; v += ay->step) {
        tick_label(label, sizeof label, v, ay->step);
        fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", PLOT_L - 8, map_y(ay, v) + 4, label);
    }
    for (double v = ax->lo; v <= ax->hi + ax->step * 1e-6; v += ax->step) {
        double x = map_x(ax, v);
        tick_label(label, sizeof label, v, ax->step);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>\n", x, PLOT_B, x, PLOT_B + 5);
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, PLOT_B + 19, label);
    }
    fprintf(f, "</g>\n");
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", PLOT_L, PLOT_T,
            PLOT_R - PLOT_L, PLOT_B - PLOT_T);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">training step (batch)</text>\n",
            (PLOT_L + PLOT_R) / 2, PLOT_B + 42);
    fprintf(f, "<text x=\"18\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">"
               "cross-entropy loss</text>\n",
            (PLOT_T + PLOT_B) / 2, (PLOT_T + PLOT_B) / 2);
}

/* Dashed vertical lines where epochs end (skipped when too dense). */
static void draw_epochs(FILE *f, const Axis *ax, int64_t nbatch, int nepoch)
{
    if (nepoch < 2 || nepoch > 40)
        return;
    fprintf(f, "<g stroke=\"#bbb\" stroke-dasharray=\"4 4\">\n");
    for (int e = 1; e < nepoch; e++) {
        double x = map_x(ax, (double)nbatch * e / nepoch);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n", x, PLOT_T, x, PLOT_B);
    }
    fprintf(f, "</g>\n");
}

/* A polyline through (xs[i], ys[i]). */
static void polyline(FILE *f, const Axis *ax, const Axis *ay, const double *xs, const double *ys, int64_t n,
                     const char *style)
{
    fprintf(f, "<polyline fill=\"none\" %s points=\"", style);
    for (int64_t i = 0; i < n; i++)
        fprintf(f, "%s%.1f,%.1f", i ? " " : "", map_x(ax, xs[i]), map_y(ay, ys[i]));
    fprintf(f, "\"/>\n");
}

/* The batch curve reduced to at most MAX_POINTS bucket means (x: the
 * bucket's last step, counting from 1), and the moving average sampled at
 * the same steps. Returns the number of points. */
static int64_t bucket_curves(const double *loss, int64_t n, double *xs, double *raw, double *ema)
{
    int64_t per = (n + MAX_POINTS - 1) / MAX_POINTS, np = 0;
    double avg = 0, sum = 0, weight = 0;
    int64_t in_bucket = 0;
    for (int64_t i = 0; i < n; i++) {
        avg = EMA_BETA * avg + (1 - EMA_BETA) * loss[i];
        weight = EMA_BETA * weight + (1 - EMA_BETA); /* bias correction, as Adam's */
        sum += loss[i];
        if (++in_bucket == per || i == n - 1) {
            xs[np] = (double)(i + 1);
            raw[np] = sum / (double)in_bucket;
            ema[np] = avg / weight;
            np++;
            sum = 0;
            in_bucket = 0;
        }
    }
    return np;
}

static void draw_legend(FILE *f)
{
    int x = PLOT_R - 200, y = PLOT_T + 14;
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"192\" height=\"62\" fill=\"white\" fill-opacity=\"0.85\" "
               "stroke=\"#ccc\"/>\n", x - 8, y - 12);
    fprintf(f, "<g font-size=\"12\">\n");
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#9ecae1\" stroke-width=\"1\"/>"
               "<text x=\"%d\" y=\"%d\">per-batch loss</text>\n", x, y, x + 24, y, x + 32, y + 4);
    fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#08519c\" stroke-width=\"2\"/>"
               "<text x=\"%d\" y=\"%d\">moving average (0.98)</text>\n", x, y + 18, x + 24, y + 18, x + 32, y + 22);
    fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"#d94801\"/>"
               "<text x=\"%d\" y=\"%d\">epoch mean</text>\n", x + 12, y + 36, x + 32, y + 40);
    fprintf(f, "</g>\n");
}

/* Escapes the characters XML reserves. */
static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

static void write_svg(FILE *f, const char *title, const double *batch_loss, int64_t nbatch, const double *epoch_loss,
                      int nepoch, double *xs, double *raw, double *ema)
{
    int64_t np = bucket_curves(batch_loss, nbatch, xs, raw, ema);
    /* The y range covers the smoothed curve and the epoch means; the
     * noisier raw curve is clipped at its top. */
    double top = 0;
    for (int64_t i = 0; i < np; i++)
        top = fmax(top, ema[i]);
    for (int e = 0; e < nepoch; e++)
        top = fmax(top, epoch_loss[e]);
    Axis ay = axis_make(0, top * 1.05, 6), ax = axis_make(0, (double)nbatch, 8);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"sans-serif\">\n", SVG_W, SVG_H, SVG_W, SVG_H);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fprintf(f, "<text x=\"%d\" y=\"28\" font-size=\"16\" text-anchor=\"middle\">", SVG_W / 2);
    xml_text(f, title);
    fprintf(f, "</text>\n");
    draw_axes(f, &ax, &ay);
    draw_epochs(f, &ax, nbatch, nepoch);
    polyline(f, &ax, &ay, xs, raw, np, "stroke=\"#9ecae1\" stroke-width=\"1\"");
    polyline(f, &ax, &ay, xs, ema, np, "stroke=\"#08519c\" stroke-width=\"2\"");
    if (nepoch > 0) {
        /* epoch e's mean sits at the step where that epoch ended */
        for (int e = 0; e < nepoch; e++) {
            xs[e] = (double)nbatch * (e + 1) / nepoch;
            raw[e] = epoch_loss[e];
        }
        polyline(f, &ax, &ay, xs, raw, nepoch, "stroke=\"#d94801\" stroke-width=\"1.5\"");
        for (int e = 0; e < nepoch; e++)
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#d94801\"><title>epoch %d: %.4f</title>"
                       "</circle>\n", map_x(&ax, xs[e]), map_y(&ay, raw[e]), e + 1, raw[e]);
    }
    draw_legend(f);
    fprintf(f, "</svg>\n");
}

int plot_loss_svg(const char *path, const char *title, const double *batch_loss, int64_t nbatch,
                  const double *epoch_loss, int nepoch)
{
    size_t cap = (size_t)(nbatch < MAX_POINTS ? nbatch : MAX_POINTS);
    if (cap < (size_t)nepoch)
        cap = (size_t)nepoch;
    if (cap == 0)
        cap = 1;
    double *xs = malloc(cap * sizeof *xs), *raw = malloc(cap * sizeof *raw), *ema = malloc(cap * sizeof *ema);
    FILE *f = NULL;
    int status = -1;
    if (!xs || !raw || !ema) {
        fprintf(stderr, "fashion_mnist: %s: out of memory for the plot\n", path);
        goto done;
    }
    f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "fashion_mnist: %s: cannot write: %s\n", path, strerror(errno));
        goto done;
    }
    write_svg(f, title, batch_loss, nbatch, epoch_loss, nepoch, xs, raw, ema);
    int failed = ferror(f) != 0;
    failed |= fclose(f) != 0;
    f = NULL;
    if (failed) {
        fprintf(stderr, "fashion_mnist: %s: write error: %s\n", path, strerror(errno));
        goto done;
    }
    status = 0;
done:
    if (f)
        fclose(f);
    free(xs);
    free(raw);
    free(ema);
    return status;
}
