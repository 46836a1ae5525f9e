#define _POSIX_C_SOURCE 200809L
/* print.c: the IR as C text. Used by codegen for every statement it emits
 * and by --dump-after to show a pass's result; output is deterministic. */
#include "ir.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Shortest decimal spelling that reads back as the same double. */
static void print_double(FILE *out, double v, bool is_float)
{
    char buf[64];
    if (isinf(v)) {
        fputs(v > 0 ? "HUGE_VAL" : "(-HUGE_VAL)", out);
        return;
    }
    for (int prec = is_float ? 6 : 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (is_float ? (float)strtod(buf, NULL) == (float)v : strtod(buf, NULL) == v)
            break;
    }
    if (!strpbrk(buf, ".eEn"))
        strcat(buf, ".0");
    fputs(buf, out);
    if (is_float)
        fputc('f', out);
}

static int expr_prec(const Expr *e)
{
    if ((e->op == EX_INT && e->ival < 0) || (e->op == EX_FLT && signbit(e->fval)))
        return 14;
    if (e->op == EX_CAST && e->implicit)
        return expr_prec(e->a);
    return ir_op_prec[e->op];
}

static void print_sub(FILE *out, const Expr *e, int min_prec)
{
    bool paren = expr_prec(e) < min_prec;
    if (paren)
        fputc('(', out);
    ir_print_expr(out, e);
    if (paren)
        fputc(')', out);
}

/* Operand pairs that C compilers ask to see parenthesised (-Wparentheses):
 * a < b == c, a && b || c, a + b << c, a == b & c. */
static bool wants_parens(Op parent, Op child)
{
    bool child_cmp = (ir_op_flags[child] & F_CMP) != 0;
    bool child_bits = child == EX_BAND || child == EX_BXOR || child == EX_BOR;
    if (parent == EX_EQ || parent == EX_NE)
        return child_cmp;
    if (parent == EX_LOR)
        return child == EX_LAND;
    if (parent == EX_SHL || parent == EX_SHR)
        return child == EX_ADD || child == EX_SUB;
    if (parent == EX_BAND || parent == EX_BXOR || parent == EX_BOR)
        return child_cmp || child == EX_ADD || child == EX_SUB || (child_bits && child != parent);
    return false;
}

static void print_operand(FILE *out, Op parent, const Expr *e, int min_prec)
{
    if (wants_parens(parent, e->op) && expr_prec(e) >= min_prec) {
        fputc('(', out);
        ir_print_expr(out, e);
        fputc(')', out);
        return;
    }
    print_sub(out, e, min_prec);
}

static void print_args(FILE *out, const Vec *args)
{
    for (int i = 0; i < args->len; i++) {
        if (i)
            fputs(", ", out);
        print_sub(out, args->items[i], 2);
    }
}

void ir_print_expr(FILE *out, const Expr *e)
{
    int prec = ir_op_prec[e->op];
    switch (e->op) {
    case EX_INT:
        if (e->text)
            fputs(e->text, out);
        else
            fprintf(out, "%lld", e->ival);
        return;
    case EX_FLT:
        print_double(out, e->fval, e->ty->kind == TY_FLOAT);
        return;
    case EX_VAR:
        fputs(e->var->name, out);
        return;
    case EX_SIZEOF:
        fputs(e->text, out);
        return;
    case EX_CALL:
        fprintf(out, "%s(", e->text);
        print_args(out, &e->args);
        fputc(')', out);
        return;
    case EX_INITLIST:
        fputc('{', out);
        print_args(out, &e->args);
        fputc('}', out);
        return;
    case EX_STOPGRAD:
        /* the derivative code never differentiates it; the value is e's */
        fputc('(', out);
        ir_print_expr(out, e->a);
        fputc(')', out);
        return;
    case EX_INDEX:
        print_sub(out, e->a, prec);
        fputc('[', out);
        ir_print_expr(out, e->b);
        fputc(']', out);
        return;
    case EX_NEG:
    case EX_NOT:
    case EX_BITNOT:
    case EX_DEREF:
    case EX_ADDR:
        fputs(ir_op_str[e->op], out);
        /* keep "- -x" and "-(-1.0)" from fusing into "--" */
        if (e->op == EX_NEG && (e->a->op == EX_NEG || expr_prec(e->a) == 14))
            print_sub(out, e->a, 15);
        else
            print_sub(out, e->a, prec);
        return;
    case EX_CAST:
        if (e->implicit) {
            ir_print_expr(out, e->a);
            return;
        }
        fprintf(out, "(%s)", ty_str(e->ty));
        print_sub(out, e->a, prec);
        return;
    case EX_MUL:
    case EX_DIV:
    case EX_MOD:
    case EX_ADD:
    case EX_SUB:
    case EX_SHL:
    case EX_SHR:
    case EX_LT:
    case EX_LE:
    case EX_GT:
    case EX_GE:
    case EX_EQ:
    case EX_NE:
    case EX_BAND:
    case EX_BXOR:
    case EX_BOR:
    case EX_LAND:
    case EX_LOR:
        /* left-associative: the right operand binds one level tighter */
        print_operand(out, e->op, e->a, prec);
        fprintf(out, " %s ", ir_op_str[e->op]);
        print_operand(out, e->op, e->b, prec + 1);
        return;
    case EX_COND:
        print_sub(out, e->a, prec + 1);
        fputs(" ? ", out);
        print_sub(out, e->b, prec);
        fputs(" : ", out);
        print_sub(out, e->c, prec);
        return;
    case EX_COUNT_:
        break;
    }
    ADCC_UNREACHABLE();
}

char *ir_expr_str(const Expr *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        ir_internal_error(__FILE__, __LINE__, "open_memstream");
    ir_print_expr(f, e);
    fclose(f);
    char *s = ir_strdup(buf);
    free(buf);
    return s;
}

static void indent(Printer *p)
{
    for (int i = 0; i < p->indent; i++)
        fputs("    ", p->out);
}

static void line_directive(Printer *p, Loc loc)
{
    if (!p->line_directives || !loc.file || loc.line <= 0)
        return;
    if (loc.line == p->last_line && p->last_file && strcmp(p->last_file, loc.file) == 0)
        return;
    fprintf(p->out, "#line %d \"%s\"\n", loc.line, loc.file);
    p->last_line = loc.line;
    p->last_file = loc.file;
}

/* A statement without indentation or the final ";" (for-loop headers). */
static void print_simple(Printer *p, const Stmt *s)
{
    if (s->kind == ST_DECL) {
        fputs(ty_decl(s->var->ty, s->var->name), p->out);
        if (s->init) {
            fputs(" = ", p->out);
            print_sub(p->out, s->init, 2);
        }
    } else if (s->kind == ST_ASSIGN) {
        const Expr *r = s->rhs;
        bool update = (r->op == EX_ADD || r->op == EX_SUB || r->op == EX_MUL || r->op == EX_DIV) &&
                      ex_equal(r->a, s->lhs);
        /* x++ for a variable or an element; *p += 1 stays (*p++ would move p) */
        if (update && r->b->op == EX_INT && r->b->ival == 1 && (r->op == EX_ADD || r->op == EX_SUB) &&
            s->lhs->op != EX_DEREF) {
            ir_print_expr(p->out, s->lhs);
            fputs(r->op == EX_ADD ? "++" : "--", p->out);
            return;
        }
        if (update) {
            ir_print_expr(p->out, s->lhs);
            fprintf(p->out, " %s= ", ir_op_str[r->op]);
            print_sub(p->out, r->b, 2);
            return;
        }
        ir_print_expr(p->out, s->lhs);
        fputs(" = ", p->out);
        print_sub(p->out, s->rhs, 2);
    } else if (s->kind == ST_EXPR) {
        ir_print_expr(p->out, s->expr);
    } else if (s->kind == ST_BLOCK) {
        for (int i = 0; i < s->items.len; i++) {
            if (i)
                fputs(", ", p->out);
            print_simple(p, s->items.items[i]);
        }
    }
}

/* Prints a body as a braced block on the current line. */
static void print_body(Printer *p, const Stmt *s)
{
    fputs("{\n", p->out);
    p->indent++;
    if (s->kind == ST_BLOCK) {
        for (int i = 0; i < s->items.len; i++)
            ir_print_stmt(p, s->items.items[i]);
    } else {
        ir_print_stmt(p, s);
    }
    p->indent--;
    indent(p);
    fputc('}', p->out);
}

static void print_if(Printer *p, const Stmt *s)
{
    fputs("if (", p->out);
    ir_print_expr(p->out, s->cond);
    fputs(") ", p->out);
    print_body(p, s->then);
    if (s->els) {
        fputs(" else ", p->out);
        if (s->els->kind == ST_IF)
            print_if(p, s->els);
        else
            print_body(p, s->els);
    }
}

void ir_print_stmt(Printer *p, const Stmt *s)
{
    if (s->kind != ST_BLOCK && s->kind != ST_COMMENT)
        line_directive(p, s->loc);
    if (s->kind == ST_CASE || s->kind == ST_DEFAULT) {
        p->indent--;
        indent(p);
        p->indent++;
    } else {
        indent(p);
    }
    switch (s->kind) {
    case ST_DECL:
    case ST_ASSIGN:
    case ST_EXPR:
        print_simple(p, s);
        fputs(";\n", p->out);
        return;
    case ST_IF:
        print_if(p, s);
        fputc('\n', p->out);
        return;
    case ST_FOR:
        fputs("for (", p->out);
        if (s->init_s)
            print_simple(p, s->init_s);
        fputs("; ", p->out);
        if (s->cond)
            ir_print_expr(p->out, s->cond);
        fputs("; ", p->out);
        if (s->step)
            print_simple(p, s->step);
        fputs(") ", p->out);
        print_body(p, s->body);
        fputc('\n', p->out);
        return;
    case ST_WHILE:
        fputs("while (", p->out);
        ir_print_expr(p->out, s->cond);
        fputs(") ", p->out);
        print_body(p, s->body);
        fputc('\n', p->out);
        return;
    case ST_DO:
        fputs("do ", p->out);
        print_body(p, s->body);
        fputs(" while (", p->out);
        ir_print_expr(p->out, s->cond);
        fputs(");\n", p->out);
        return;
    case ST_SWITCH:
        fputs("switch (", p->out);
        ir_print_expr(p->out, s->cond);
        fputs(") ", p->out);
        print_body(p, s->body);
        fputc('\n', p->out);
        return;
    case ST_CASE:
        fprintf(p->out, "case %lld:\n", s->ival);
        return;
    case ST_DEFAULT:
        fputs("default:\n", p->out);
        return;
    case ST_BREAK:
        fputs("break;\n", p->out);
        return;
    case ST_CONTINUE:
        fputs("continue;\n", p->out);
        return;
    case ST_RETURN:
        if (s->expr) {
            fputs("return ", p->out);
            ir_print_expr(p->out, s->expr);
            fputs(";\n", p->out);
        } else {
            fputs("return;\n", p->out);
        }
        return;
    case ST_BLOCK:
        print_body(p, s);
        fputc('\n', p->out);
        return;
    case ST_COMMENT:
        fprintf(p->out, "/* %s */\n", s->text);
        return;
    }
    ADCC_UNREACHABLE();
}

char *ir_func_signature(const Func *f)
{
    char *s = ir_format("%s%s%s(", f->is_static ? "static " : "", f->is_inline ? "inline " : "",
                        ty_decl(f->ret, f->name));
    if (f->params.len == 0)
        s = ir_format("%svoid", s);
    for (int i = 0; i < f->params.len; i++) {
        Var *v = f->params.items[i];
        s = ir_format("%s%s%s", s, i ? ", " : "", ty_decl(v->ty, v->name));
    }
    return ir_format("%s)", s);
}

void ir_print_func(Printer *p, const Func *f)
{
    fputs(ir_func_signature(f), p->out);
    if (!f->body) {
        fputs(";\n", p->out);
        return;
    }
    fputc('\n', p->out);
    print_body(p, f->body);
    fputs("\n", p->out);
}

void ir_print_module(FILE *out, const Module *m)
{
    Printer p = {.out = out};
    for (int i = 0; i < m->funcs.len; i++) {
        const Func *f = m->funcs.items[i];
        if (!f->body)
            continue;
        ir_print_func(&p, f);
        fputc('\n', out);
    }
}
