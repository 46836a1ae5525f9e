/* model.h: the model's prototype, for model.c and for main.c. */
#ifndef MODEL_H
#define MODEL_H

/* The extended Rosenbrock function of x[0..n): sum over i of
 * ROSEN_A (x[i+1] - x[i]^2)^2 + (1 - x[i])^2. */
double rosen(const double *x, int n);

#endif
