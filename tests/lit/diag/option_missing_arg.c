// An option given without its argument (-o, --header at the end of the
// command line) is a usage error (status 2) whose message says the option
// needs an argument, not that the option is unknown.
// RUN: %adcc %s -o 2>%t.err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=OUT < %t.err
// OUT: adcc: error: {{.*}}'-o'
// OUT-NOT: unknown option
// OUT-SAME: {{argument|FILE|file name|missing|requires|needs}}
// RUN: %adcc %s -o %t.c --header 2>%t.err; test $? -eq 2
// RUN: %FileCheck %s --check-prefix=HDR < %t.err
// HDR: adcc: error: {{.*}}'--header'
// HDR-NOT: unknown option
// HDR-SAME: {{argument|FILE|file name|missing|requires|needs}}
#include <adcc.h>

ADCC_GRAD(x)
double f(double x)
{
    return x * x;
}
