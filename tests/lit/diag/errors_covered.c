// Every lit test that the table in ERRORS.md (adcc's messages) names
// exists, so the table cannot point at a renamed or deleted test.
// RUN: grep '^|' %S/ERRORS.md | grep -o '`[a-z]*/[A-Za-z0-9_]*\.c`' | tr -d '`' | sort -u > %t.names
// RUN: test -s %t.names
// RUN: cd %S/.. && for t in $(cat %t.names); do test -f "$t" || { echo "ERRORS.md names missing test $t"; exit 1; }; done
