/* main.c: the newton_cg command. Checks adcc's derivatives of a Rosenbrock
 * function once (forward mode against the gradient, the Hessian-vector
 * product against finite differences of the gradient), then minimises it
 * with Newton-CG and with gradient descent from the same start and prints
 * what each cost. Usage: newton_cg --help. */
#include "optim.h"
#include "rosenbrock_grad.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double extended_rosenbrock(const double *x, int n);
double chained_rosenbrock(const double *x, int n);

typedef struct Config {
    long n;
    double tol;
    int chained;
    Limits newton, gd;
    uint64_t seed;
} Config;

static void usage(FILE *f)
{
    fputs("usage: newton_cg [options]\n"
          "Minimises a Rosenbrock function with Newton-CG on adcc's Hessian-vector products\n"
          "and with gradient descent on adcc's gradient.\n"
          "  --n N                    number of variables (default 100000)\n"
          "  --problem extended|chained  n/2 independent pairs, or every neighbour coupled\n"
          "                           (default extended; chained needs O(n) Newton steps)\n"
          "  --tol T                  stop when ||grad||_inf <= T (default 1e-6)\n"
          "  --newton-iters K         cap on Newton steps (default 1000)\n"
          "  --cg-iters K             cap on CG iterations per Newton step (default 500)\n"
          "  --gd-iters K             cap on gradient-descent iterations (default 10000000)\n"
          "  --gd-seconds S           cap on gradient-descent wall time, 0 = none (default 10)\n"
          "  --seed S                 seed of the start and of the check direction (default 1)\n",
          f);
}

static int bad_value(const char *flag, const char *v, const char *want)
{
    fprintf(stderr, "newton_cg: %s %s: expected %s\n", flag, v, want);
    return -1;
}

static int parse_long(const char *flag, const char *s, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || end == s || *end || x < lo || x > hi) {
        char want[96];
        snprintf(want, sizeof want, "an integer from %ld to %ld", lo, hi);
        return bad_value(flag, s, want);
    }
    *v = (long)x;
    return 0;
}

/* A finite number >= 0, or > 0 when `positive`. */
static int parse_number(const char *flag, const char *s, int positive, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    if (errno || end == s || *end || !(*v >= 0) || isinf(*v) || (positive && *v == 0))
        return bad_value(flag, s, positive ? "a number > 0" : "a number >= 0");
    return 0;
}

static int parse_flag(Config *c, const char *flag, const char *v)
{
    long k;
    if (strcmp(flag, "--n") == 0)
        return parse_long(flag, v, 2, 100000000, &c->n);
    if (strcmp(flag, "--problem") == 0) {
        if (strcmp(v, "extended") != 0 && strcmp(v, "chained") != 0)
            return bad_value(flag, v, "extended or chained");
        c->chained = strcmp(v, "chained") == 0;
        return 0;
    }
    if (strcmp(flag, "--tol") == 0)
        return parse_number(flag, v, 1, &c->tol);
    if (strcmp(flag, "--newton-iters") == 0)
        return parse_long(flag, v, 0, 1000000000, &c->newton.max_iter);
    if (strcmp(flag, "--cg-iters") == 0)
        return parse_long(flag, v, 1, 1000000000, &k) ? -1 : (c->newton.max_cg = (int)k, 0);
    if (strcmp(flag, "--gd-iters") == 0)
        return parse_long(flag, v, 0, 1000000000000L, &c->gd.max_iter);
    if (strcmp(flag, "--gd-seconds") == 0)
        return parse_number(flag, v, 0, &c->gd.max_seconds);
    if (strcmp(flag, "--seed") == 0)
        return parse_long(flag, v, 0, 1000000000, &k) ? -1 : (c->seed = (uint64_t)k, 0);
    fprintf(stderr, "newton_cg: unknown option %s (see --help)\n", flag);
    return -1;
}

static int parse_args(Config *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 == argc) {
            fprintf(stderr, "newton_cg: %s needs a value (see --help)\n", argv[i]);
            return -1;
        }
        if (parse_flag(c, argv[i], argv[i + 1]))
            return -1;
        i++;
    }
    c->newton.tol = c->gd.tol = c->tol;
    return 0;
}

/* Entries uniform in [-1, 1) (xorshift64*). */
static void random_vector(double *v, int n, uint64_t seed)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (int i = 0; i < n; i++) {
        s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
        v[i] = (double)((s * 0x2545F4914F6CDD1Dull) >> 11) * 0x1.0p-52 - 1.0;
    }
}

/* The classical start (-1.2, 1, -1.2, 1, ...), each entry moved by up to
 * +-0.2 (seeded) so that the pairs differ. */
static void start_point(double *x, int n, uint64_t seed)
{
    random_vector(x, n, seed + 1000);
    for (int i = 0; i < n; i++)
        x[i] = (i % 2 == 0 ? -1.2 : 1.0) + 0.2 * x[i];
}

static double rel_err(const double *a, const double *b, int n)
{
    double num = 0.0, den = 0.0;
    for (int i = 0; i < n; i++) {
        num += (a[i] - b[i]) * (a[i] - b[i]);
        den += b[i] * b[i];
    }
    return sqrt(num) / fmax(sqrt(den), 1e-300);
}

/* (g(x + h v) - g(x - h v)) / 2h into fd; xs and gs are scratch. */
static void fd_hvp(const Objective *obj, const double *x, const double *v, double h, double *fd, double *xs,
                   double *gs)
{
    int n = obj->n;
    for (int s = 1; s >= -1; s -= 2) {
        for (int i = 0; i < n; i++)
            xs[i] = x[i] + s * h * v[i];
        memset(gs, 0, sizeof(double) * (size_t)n);
        obj->grad(xs, gs, n);
        for (int i = 0; i < n; i++)
            fd[i] = s > 0 ? gs[i] : (fd[i] - gs[i]) / (2 * h);
    }
}

static void *xcalloc(int n)
{
    void *p = calloc((size_t)n, sizeof(double));
    if (!p) {
        fprintf(stderr, "newton_cg: out of memory for n = %d\n", n);
        exit(1);
    }
    return p;
}

/* Microseconds per call of f, grad and hvp at x: the best of 5 runs of 10. */
static void time_evals(const Objective *obj, const double *x, const double *v, double us[3])
{
    int n = obj->n;
    double *g = xcalloc(n), *hv = xcalloc(n);
    for (int which = 0; which < 3; which++) {
        us[which] = INFINITY;
        for (int run = 0; run < 5; run++) {
            double t0 = wall_seconds();
            for (int k = 0; k < 10; k++) {
                if (which == 0)
                    obj->f(x, n);
                else if (which == 1)
                    obj->grad(x, g, n);
                else
                    obj->hvp(x, v, g, hv, n);
            }
            us[which] = fmin(us[which], (wall_seconds() - t0) * 1e5);
        }
    }
    free(g), free(hv);
}

/* Forward mode and the HVP at x in a random direction; 0 if both agree. */
static int check_derivatives(const Objective *obj, const char *name, const double *x, uint64_t seed)
{
    int n = obj->n;
    double *v = xcalloc(n), *g = xcalloc(n), *gh = xcalloc(n), *hv = xcalloc(n);
    double *fd = xcalloc(n), *xs = xcalloc(n), *gs = xcalloc(n);
    random_vector(v, n, seed);
    obj->grad(x, g, n);
    double jv;
    obj->jvp(x, v, n, &jv);
    double gv = vec_dot(g, v, n), e_jvp = fabs(jv - gv) / fmax(fabs(gv), 1e-300);
    obj->hvp(x, v, gh, hv, n);
    double e_grad = rel_err(gh, g, n);
    fd_hvp(obj, x, v, 1e-5, fd, xs, gs);
    double e_hvp = rel_err(hv, fd, n);
    double us[3];
    time_evals(obj, x, v, us);
    printf("adcc's derivatives of %s at the start, in a random direction v:\n", name);
    printf("  _jvp (forward mode)  vs  gradient . v                   rel err %.1e\n", e_jvp);
    printf("  _hvp  vs  central differences of the gradient (h=1e-5)  rel err %.1e\n", e_hvp);
    printf("  gradient returned by _hvp  vs  _grad                    rel err %.1e\n", e_grad);
    printf("  one call: f %.1f us, _grad %.1f us (%.1f f), _hvp %.1f us (%.1f f)\n\n", us[0], us[1],
           us[1] / us[0], us[2], us[2] / us[0]);
    free(v), free(g), free(gh), free(hv), free(fd), free(xs), free(gs);
    return !(e_jvp < 1e-10 && e_grad < 1e-12 && e_hvp < 1e-6);
}

static void print_row(const char *name, const Result *r, int newton)
{
    char hvp[24] = "-";
    if (newton)
        snprintf(hvp, sizeof hvp, "%ld", r->n_hvp);
    printf("%-17s %8ld %8ld %10ld %9s %11.3e %10.2e %9.3f  %s\n", name, r->iters, r->n_f, r->n_grad, hvp,
           r->f, r->gnorm, r->seconds, r->stop);
}

static const char *cap_flag(const char *stop)
{
    if (strcmp(stop, "time cap") == 0)
        return "--gd-seconds";
    return strcmp(stop, "iteration cap") == 0 ? "--gd-iters" : "no further decrease";
}

int main(int argc, char **argv)
{
    Config c = {.n = 100000,
                .tol = 1e-6,
                .seed = 1,
                .newton = {.max_iter = 1000, .max_cg = 500},
                .gd = {.max_iter = 10000000, .max_seconds = 10}};
    if (parse_args(&c, argc, argv))
        return 2;
    int n = (int)c.n;
    const char *name = c.chained ? "chained_rosenbrock" : "extended_rosenbrock";
    Objective obj = c.chained ? (Objective){n, chained_rosenbrock, chained_rosenbrock_grad,
                                            chained_rosenbrock_jvp, chained_rosenbrock_hvp}
                              : (Objective){n, extended_rosenbrock, extended_rosenbrock_grad,
                                            extended_rosenbrock_jvp, extended_rosenbrock_hvp};
    double *x0 = xcalloc(n), *x = xcalloc(n);
    start_point(x0, n, c.seed);
    printf("%s, n = %d, start (-1.2, 1, -1.2, 1, ...) +- 0.2, f = %.6g; target ||grad||_inf <= %g\n\n", name,
           n, obj.f(x0, n), c.tol);
    int bad_check = check_derivatives(&obj, name, x0, c.seed);

    Result rn, rg;
    memcpy(x, x0, sizeof(double) * (size_t)n);
    if (newton_cg(&obj, x, &c.newton, &rn))
        return fprintf(stderr, "newton_cg: out of memory\n"), 1;
    double dist = 0.0; /* distance of Newton's answer from the minimiser (1, ..., 1) */
    for (int i = 0; i < n; i++)
        dist = fmax(dist, fabs(x[i] - 1.0));
    memcpy(x, x0, sizeof(double) * (size_t)n);
    if (gradient_descent(&obj, x, &c.gd, &rg))
        return fprintf(stderr, "newton_cg: out of memory\n"), 1;

    printf("%-17s %8s %8s %10s %9s %11s %10s %9s  %s\n", "method", "iters", "f evals", "grad evals",
           "HVP evals", "final f", "||g||_inf", "time (s)", "stopped by");
    print_row("Newton-CG", &rn, 1);
    print_row("gradient descent", &rg, 0);
    printf("\nNewton-CG: %ld CG iterations (one HVP each) in %ld steps, %ld of them rejected by the trust "
           "region;\n  CG stopped %ld times at the boundary, %ld at negative curvature, otherwise by the "
           "forcing term or --cg-iters;\n  max |x_i - 1| = %.1e at the end%s\n",
           rn.cg_iters, rn.iters, rn.rejected, rn.boundary, rn.neg_curv, dist,
           dist > 1e-3 ? " (a stationary point other than the minimiser (1, ..., 1))" : "");
    if (!rg.converged)
        printf("gradient descent did NOT reach the tolerance: it stopped at its %s (%s) with "
               "||g||_inf = %.2e > %g\n",
               rg.stop, cap_flag(rg.stop), rg.gnorm, c.tol);
    if (bad_check)
        printf("RESULT: FAILED: adcc's derivatives disagree with the checks above\n");
    else if (!rn.converged)
        printf("RESULT: FAILED: Newton-CG stopped (%s) with ||g||_inf = %.2e > %g\n", rn.stop, rn.gnorm,
               c.tol);
    else
        printf("RESULT: OK: derivative checks passed; Newton-CG converged in %ld iterations (%.3f s); "
               "gradient descent %s after %ld iterations (%.3f s)\n",
               rn.iters, rn.seconds, rg.converged ? "converged" : "did NOT converge", rg.iters, rg.seconds);
    free(x0), free(x);
    return bad_check || !rn.converged;
}
