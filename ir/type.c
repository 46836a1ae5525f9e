/* type.c: IR types (integers, float, double, pointers, arrays, structs
 * behind pointers), their predicates, the registry of differentiable
 * object types, and C declarator printing. */
#include "ir.h"

#include <string.h>

static Type t_void = {TY_VOID, "void", NULL, 0, false};
static Type t_int = {TY_INT, "int", NULL, 0, false};
static Type t_long = {TY_INT, "long", NULL, 0, false};
static Type t_size = {TY_INT, "unsigned long", NULL, 0, false};
static Type t_float = {TY_FLOAT, "float", NULL, 0, false};
static Type t_double = {TY_DOUBLE, "double", NULL, 0, false};

Type *ty_void = &t_void, *ty_int = &t_int, *ty_long = &t_long, *ty_float = &t_float,
     *ty_double = &t_double, *ty_size = &t_size;

Type *ty_int_named(const char *name)
{
    if (strcmp(name, "int") == 0)
        return ty_int;
    Type *t = ir_alloc(sizeof(Type));
    t->kind = TY_INT;
    t->name = ir_strdup(name);
    return t;
}

Type *ty_ptr(Type *base)
{
    Type *t = ir_alloc(sizeof(Type));
    t->kind = TY_PTR;
    t->base = base;
    return t;
}

Type *ty_array(Type *base, long long len)
{
    Type *t = ir_alloc(sizeof(Type));
    t->kind = TY_ARRAY;
    t->base = base;
    t->len = len;
    return t;
}

Type *ty_const(Type *t, bool is_const)
{
    if (t->is_const == is_const)
        return t;
    Type *c = ir_alloc(sizeof(Type));
    *c = *t;
    c->is_const = is_const;
    return c;
}

bool ty_is_float(const Type *t) { return t->kind == TY_FLOAT || t->kind == TY_DOUBLE; }
bool ty_is_int(const Type *t) { return t->kind == TY_INT; }

bool ty_is_unsigned_int(const Type *t)
{
    return ty_is_int(t) && (strstr(t->name, "unsigned") || strcmp(t->name, "_Bool") == 0 || strcmp(t->name, "size_t") == 0);
}

bool ty_is_signed_int(const Type *t) { return ty_is_int(t) && !ty_is_unsigned_int(t); }
bool ty_is_ptr_like(const Type *t) { return t->kind == TY_PTR || t->kind == TY_ARRAY; }

Type *ty_scalar(Type *t)
{
    while (ty_is_ptr_like(t))
        t = t->base;
    return t;
}

bool ty_is_active_type(const Type *t)
{
    return ty_is_float(ty_scalar((Type *)t));
}

Type *ty_struct(const char *name)
{
    Type *t = ir_alloc(sizeof(Type));
    t->kind = TY_STRUCT;
    t->name = ir_strdup(name);
    return t;
}

typedef struct ObjectType {
    const char *name, *zeros, *release;
} ObjectType;

static Vec object_types;   /* ObjectType* */

void ty_set_object(const char *name, const char *zeros, const char *release)
{
    ObjectType *o = ir_alloc(sizeof(ObjectType));
    o->name = ir_strdup(name);
    o->zeros = ir_strdup(zeros);
    o->release = ir_strdup(release);
    vec_push(&object_types, o);
}

void ty_reset_objects(void) { object_types = (Vec){0}; }

static const ObjectType *object_of(const Type *t)
{
    if (!t || t->kind != TY_PTR || t->base->kind != TY_STRUCT)
        return NULL;
    for (int i = 0; i < object_types.len; i++) {
        const ObjectType *o = object_types.items[i];
        if (strcmp(o->name, t->base->name) == 0)
            return o;
    }
    return NULL;
}

bool ty_is_object(const Type *t) { return object_of(t) != NULL; }
const char *ty_object_zeros(const Type *t) { return object_of(t) ? object_of(t)->zeros : NULL; }
const char *ty_object_release(const Type *t) { return object_of(t) ? object_of(t)->release : NULL; }
bool ty_is_value(const Type *t) { return ty_is_float(t) || ty_is_object(t); }

bool ty_equal(const Type *a, const Type *b)
{
    if (a == b)
        return true;
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case TY_INT:
    case TY_STRUCT:
        return strcmp(a->name, b->name) == 0;
    case TY_PTR:
        return ty_equal(a->base, b->base);
    case TY_ARRAY:
        return a->len == b->len && ty_equal(a->base, b->base);
    case TY_VOID:
    case TY_FLOAT:
    case TY_DOUBLE:
        return true;
    }
    ADCC_UNREACHABLE();
}

static const char *base_name(const Type *t)
{
    switch (t->kind) {
    case TY_VOID: return "void";
    case TY_INT: return t->name;
    case TY_STRUCT: return t->name;
    case TY_FLOAT: return "float";
    case TY_DOUBLE: return "double";
    case TY_PTR:
    case TY_ARRAY:
        break;
    }
    ADCC_UNREACHABLE();
}

/* Builds the declarator outward from the name, C's inside-out syntax. */
char *ty_decl(const Type *t, const char *name)
{
    char *inner = ir_strdup(name ? name : "");
    while (ty_is_ptr_like(t)) {
        if (t->kind == TY_PTR) {
            const char *q = t->is_const ? " const" : "";
            bool paren = t->base->kind == TY_ARRAY;
            inner = ir_format(paren ? "(*%s%s%s)" : "*%s%s%s", q, (*q && *inner) ? " " : "", inner);
        } else {
            inner = ir_format("%s[%lld]", inner, t->len);
        }
        t = t->base;
    }
    const char *q = t->is_const ? "const " : "";
    if (!*inner)
        return ir_format("%s%s", q, base_name(t));
    return ir_format("%s%s %s", q, base_name(t), inner);
}

char *ty_str(const Type *t)
{
    return ty_decl(t, NULL);
}
