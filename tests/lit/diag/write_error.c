// An output path that cannot be written (its directory does not exist) is an
// error naming the path, with status 1.
// RUN: %not %adcc %s -o %t.no-such-dir/out.c 2>%t.err
// RUN: %FileCheck %s < %t.err
// CHECK: adcc: error: cannot write '{{.*}}.no-such-dir/out.c': No such file or directory
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
