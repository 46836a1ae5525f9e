// A generated model of 600 statements (bench/scale_model.c: helpers with
// loops, branches, overlapping array updates and calls, and one annotated
// function), differentiated in reverse and forward mode and checked against
// finite differences like every model here. bench/scale.sh times adcc on
// the same generator up to 40,000 statements.
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cp %S/gradcheck.h %t.dir/
// RUN: %cc -o %t.gen %S/../../bench/scale_model.c
// RUN: %t.gen 600 6 check > %t.dir/model.c
// RUN: %gradcheck %t.dir/model.c %t
