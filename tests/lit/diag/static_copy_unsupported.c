// A static helper that the generated code must copy (it is called on
// inactive data) but that holds an unsupported construct is reported at the
// construct, with a note saying why a copy is needed.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

// CHECK: {{^}}[[FILE]]:[[@LINE+10]]:9: error: goto is not supported; restructure the code with loops, break and continue{{$}}
// CHECK-NEXT: {{^        goto done;$}}
// CHECK-NEXT: {{^ {8}\^$}}
// CHECK-NEXT: {{^}}[[FILE]]:[[@LINE+4]]:12: note: the generated code needs a copy of static function 'clampi'{{$}}
// CHECK-NEXT: {{^static int clampi\(int i, int n\)$}}
// CHECK-NEXT: {{^ {11}\^$}}

static int clampi(int i, int n)
{
    if (i < n)
        goto done;
    i = n - 1;
done:
    return i;
}

ADCC_GRAD(x)
double f(const double *x, int k, int n)
{
    return x[clampi(k, n)] * x[0];
}
