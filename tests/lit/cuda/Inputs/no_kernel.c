#include <adcc.h>

ADCC_GRAD(x)
double sq(double x)
{
    return x * x;
}
