// An output path that is a directory: the temporary beside it is written but
// cannot be renamed over it. An error naming the path, status 1, and the
// temporary is removed.
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %not %adcc %s -o %t.dir 2>&1 | %FileCheck %s --implicit-check-not=error:
// RUN: for f in %t.dir.adcc-tmp-*; do test ! -e "$f"; done
// CHECK: {{^}}adcc: error: cannot write '{{.*}}.dir': Is a directory{{$}}
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
