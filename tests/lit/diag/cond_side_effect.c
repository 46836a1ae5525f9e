// A side effect in the condition of a do-while loop whose body uses
// continue is rejected at the side effect, with a hint to move it into its
// own statement.
// RUN: rm -f %t.c
// RUN: %not %adcc %s -o %t.c 2>&1 | %FileCheck %s --strict-whitespace -DFILE=%s --implicit-check-not=error:
// RUN: test ! -e %t.c
#include <adcc.h>

ADCC_GRAD(x)
double f(double x, int n)
{
    double s = x;
    do {
        if (s > 10.0)
            continue;
        s = s * x;
    // CHECK: {{^}}[[FILE]]:[[@LINE+3]]:14: error: a do-while condition with side effects in a loop that uses continue is not supported; move the side effect into its own statement{{$}}
    // CHECK-NEXT: {{^    } while \(n-- > 0\);$}}
    // CHECK-NEXT: {{^ {13}\^$}}
    } while (n-- > 0);
    return s;
}
