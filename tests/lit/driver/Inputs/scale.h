/* scale.h: a header the driver tests' models include (depfile.c, compdb.c). */
#define SCALE 3.0
