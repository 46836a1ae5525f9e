// Each error is reported once: an active call with no rule and a math call
// with no rule, each on its own line, give exactly two errors.
// RUN: %not %adcc %s -o %t.c 2>%t.err
// RUN: %FileCheck %s -DFILE=%s --implicit-check-not=error: < %t.err
#include <adcc.h>
#include <math.h>

double ext(double);

ADCC_GRAD(x)
double f(double x)
{
    // CHECK: [[FILE]]:[[@LINE+1]]:16: error: no derivative rule for 'ext'
    double y = ext(x);
    // CHECK: [[FILE]]:[[@LINE+1]]:12: error: no derivative rule for 'lgamma'
    return lgamma(y) * x;
}
