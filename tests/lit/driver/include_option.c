// -include FILE reads FILE before the model, as cc does; the generated code
// does not repeat it (the command line included it, not the model), and
// -MD lists it among the dependencies.
// RUN: rm -rf %t && mkdir %t
// RUN: %adcc -include %S/Inputs/scale.h %s -o %t/g.c -MD
// RUN: %FileCheck %s --check-prefix=CODE < %t/g.c
// CODE-NOT: scale.h
// CODE: *d_x += 3.0;
// RUN: %FileCheck %s --check-prefix=DEP < %t/g.d
// DEP: /Inputs/scale.h
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return SCALE * x;
}
