// RUN: %gradcheck %s %t
// Int memory of the caller that f_grad updates (a counter, a histogram)
// and whose old values the reverse sweep restores: f_grad logs the newer
// values before each restore (adcc_redo_n) and replays them at its end, so
// the caller finds what the model leaves there, as for floating outputs.
// model_ck does it through a checkpointed loop whose state holds the ints.
#include <adcc.h>
#include <math.h>

ADCC_GRAD(x)
ADCC_HVP(x)
double model(const double *x, int *cnt, long *hist, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += sin(x[i % 2] * (double)cnt[0]) * (double)hist[i % 3];
        cnt[0] += 2;
        hist[i % 3] = hist[i % 3] * 3 + 1;
    }
    return s;
}

ADCC_GRAD(x)
double model_ck(const double *x, int *cnt, int n)
{
    double s = x[0];
    ADCC_CHECKPOINT_LOOP(2, cnt:2)
    for (int i = 0; i < n; i++) {
        s = 0.8 * sin(s) + 0.1 * x[1] * (double)cnt[i % 2];
        cnt[i % 2] += i + 1;
    }
    return s;
}

#ifndef __ADCC__
#include "gradcheck.h"

#define N 2
#define STEPS 7

double model_grad(const double *x, double *d_x, int *cnt, long *hist, int n);
double model_hvp(const double *x, const double *v_x, double *d_x, double *hv_x, int *cnt, long *hist, int n);
double model_ck_grad(const double *x, double *d_x, int *cnt, int n);

static void reset(int *cnt, long *hist)
{
    cnt[0] = 1;
    cnt[1] = 2;
    for (int k = 0; k < 3; k++)
        hist[k] = k + 1;
}

static double eval(const double *p, int np)
{
    (void)np;
    int cnt[2];
    long hist[3];
    reset(cnt, hist);
    return model(p, cnt, hist, STEPS);
}

static double eval_ck(const double *p, int np)
{
    (void)np;
    int cnt[2];
    long hist[3];
    reset(cnt, hist);
    return model_ck(p, cnt, STEPS);
}

int main(void)
{
    GcRng rng = gc_seed(68);
    for (int t = 0; t < 3; t++) {
        double p[N], g[N] = {0.0}, gc[N] = {0.0}, v[N], hv[N] = {0.0};
        gc_fill(&rng, p, N, -1.0, 1.0);
        gc_fill_dir(&rng, v, N);
        int cnt[2], want_cnt[2];
        long hist[3], want_hist[3];
        reset(want_cnt, want_hist);
        double want = model(p, want_cnt, want_hist, STEPS);
        reset(cnt, hist);
        gc_check_close(model_grad(p, g, cnt, hist, STEPS), want, GC_PRIMAL_RTOL, 0.0);
        gc_check(cnt[0] == want_cnt[0] && hist[0] == want_hist[0] && hist[1] == want_hist[1] &&
                 hist[2] == want_hist[2]);
        gc_check_grad("model", eval, p, N, g, GC_RTOL, GC_ATOL * gc_scale(want));
        memset(g, 0, sizeof g);
        reset(cnt, hist);
        gc_check_close(model_hvp(p, v, g, hv, cnt, hist, STEPS), want, GC_PRIMAL_RTOL, 0.0);
        gc_check(cnt[0] == want_cnt[0] && hist[2] == want_hist[2]);

        reset(want_cnt, want_hist);
        want = model_ck(p, want_cnt, STEPS);
        reset(cnt, hist);
        gc_check_close(model_ck_grad(p, gc, cnt, STEPS), want, GC_PRIMAL_RTOL, 0.0);
        gc_check(cnt[0] == want_cnt[0] && cnt[1] == want_cnt[1]);
        gc_check_grad("model_ck", eval_ck, p, N, gc, GC_RTOL, GC_ATOL * gc_scale(want));
    }
    return gc_report("redo_int_output");
}
#endif
