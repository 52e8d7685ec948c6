/* test_tmpl.c — the template engine (base/tmpl): escaping in text and attribute contexts,
 * every kind of section and inverted section, lookup through parent contexts, partials and
 * their depth limit, syntax errors with line numbers, the output bound, and one compiled
 * template rendered by several threads at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "err.h"
#include "tmpl.h"

static const char *const context_json =
    "{\"name\":\"Nguyễn Văn An\",\"evil\":\"<script>alert('x')</script> & \\\"q\\\" `b` a=b\","
    "\"html\":\"<b>đậm</b>\",\"count\":3,\"zero\":0,\"real\":2.5,\"rzero\":0.0,"
    "\"yes\":true,\"no\":false,\"nothing\":null,\"empty\":\"\",\"list\":[],"
    "\"unit\":{\"name\":\"UBND xã Giồng Riềng\",\"phone\":\"0297 3862 123\","
    "\"head\":{\"name\":\"Trần B\"}},"
    "\"steps\":[{\"no\":1,\"title\":\"Tiếp nhận\"},{\"no\":2,\"title\":\"Xử lý\"},"
    "{\"no\":3}],\"tags\":[\"a\",\"<b>\",\"c\"],\"nested\":[[1,2],[3]],"
    "\"tree\":{\"label\":\"root\",\"children\":[{\"label\":\"a\",\"children\":[{\"label\":"
    "\"a1\",\"children\":[]}]},{\"label\":\"b\",\"children\":[]}]}}";

static json_t *context(void)
{
    json_error_t jerr;
    json_t *ctx = json_loads(context_json, 0, &jerr);
    if (!ctx)
        fail_msg("context JSON: %s", jerr.text);
    return ctx;
}

struct partials {
    const char *names[4];
    struct tmpl *tmpls[4];
};

static const struct tmpl *load_partial(void *loader_ctx, const char *name)
{
    struct partials *p = loader_ctx;
    for (int i = 0; i < 4 && p->names[i]; i++) {
        if (strcmp(p->names[i], name) == 0)
            return p->tmpls[i];
    }
    return NULL;
}

/* Renders src against the standard context (and partials, when given) and returns the
 * result code; the output is left in out. */
static int render_with(const char *src, struct partials *partials, struct buf *out, struct err *e)
{
    struct tmpl *t = NULL;
    int rc = tmpl_compile(src, strlen(src), &t, e);
    if (rc)
        return rc;
    json_t *ctx = context();
    rc = tmpl_render(t, ctx, partials ? load_partial : NULL, partials, out, e);
    json_decref(ctx);
    tmpl_free(t);
    return rc;
}

static void expect_render(const char *src, const char *expected)
{
    struct buf out;
    struct err e = {0};
    buf_init(&out, 1 << 16);
    int rc = render_with(src, NULL, &out, &e);
    if (rc)
        fail_msg("\"%s\" failed: %d %s", src, rc, e.msg);
    if (strcmp(buf_str(&out), expected) != 0)
        fail_msg("\"%s\" rendered \"%s\", expected \"%s\"", src, buf_str(&out), expected);
    buf_free(&out);
}

static void expect_syntax_error(const char *src, const char *message_part)
{
    struct tmpl *t = NULL;
    struct err e = {0};
    int rc = tmpl_compile(src, strlen(src), &t, &e);
    if (rc != E_INVALID)
        fail_msg("\"%s\" compiled (rc %d)", src, rc);
    assert_null(t);
    if (!strstr(e.msg, message_part))
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", src, e.msg, message_part);
}

static void test_escape_html_helper(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 256);
    const char *in = "a&b<c>d\"e'f`g=h";
    assert_int_equal(tmpl_escape_html(&b, in, strlen(in)), 0);
    assert_string_equal(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f&#96;g&#61;h");
    buf_reset(&b);
    assert_int_equal(tmpl_escape_html(&b, "Đăng ký", strlen("Đăng ký")), 0);
    assert_string_equal(buf_str(&b), "Đăng ký");
    buf_reset(&b);
    assert_int_equal(tmpl_escape_html(&b, "", 0), 0);
    assert_string_equal(buf_str(&b), "");
    buf_free(&b);
    buf_init(&b, 4);
    assert_int_equal(tmpl_escape_html(&b, "<", 1), 0);
    assert_int_equal(tmpl_escape_html(&b, "<", 1), E_TOOLARGE);
    assert_string_equal(buf_str(&b), "&lt;");
    buf_free(&b);
}

static void test_variables_escape(void **state)
{
    (void)state;
    expect_render("Xin chào {{name}}!", "Xin chào Nguyễn Văn An!");
    expect_render("{{evil}}", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                              "&quot;q&quot; &#96;b&#96; a&#61;b");
    expect_render("{{ name }}", "Nguyễn Văn An");
    expect_render("{{html}}", "&lt;b&gt;đậm&lt;/b&gt;");
    expect_render("{{count}} {{zero}} {{real}} {{yes}} {{no}} [{{nothing}}] [{{missing}}]",
                  "3 0 2.5 true false [] []");
    expect_render("[{{unit}}] [{{list}}]", "[] []");
}

static void test_attribute_contexts_are_safe(void **state)
{
    (void)state;
    /* quoted with either quote, and unquoted: the value can never end the attribute */
    expect_render("<a title=\"{{evil}}\">", "<a title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/"
                                            "script&gt; &amp; &quot;q&quot; &#96;b&#96; "
                                            "a&#61;b\">");
    expect_render("<a title='{{evil}}'>", "<a title='&lt;script&gt;alert(&#39;x&#39;)&lt;/"
                                          "script&gt; &amp; &quot;q&quot; &#96;b&#96; "
                                          "a&#61;b'>");
    expect_render("<input value={{evil}}>", "<input value=&lt;script&gt;alert(&#39;x&#39;)&lt;"
                                            "/script&gt; &amp; &quot;q&quot; &#96;b&#96; "
                                            "a&#61;b>");
}

static void test_raw_variables(void **state)
{
    (void)state;
    expect_render("{{{html}}}", "<b>đậm</b>");
    expect_render("{{&html}}", "<b>đậm</b>");
    expect_render("{{{ html }}}", "<b>đậm</b>");
    expect_render("{{& html }}", "<b>đậm</b>");
    expect_render("{{{count}}}", "3");
}

static void test_dotted_names(void **state)
{
    (void)state;
    expect_render("{{unit.name}} — {{unit.phone}}", "UBND xã Giồng Riềng — 0297 3862 123");
    expect_render("{{unit.head.name}}", "Trần B");
    expect_render("[{{unit.missing}}] [{{unit.head.name.x}}] [{{name.x}}]", "[] [] []");
    /* once the first segment is found, the rest is looked up only inside it */
    expect_render("{{#unit.head}}{{name}}|{{unit.phone}}{{/unit.head}}", "Trần B|0297 3862 123");
}

static void test_section_array_loops_with_parent_fallback(void **state)
{
    (void)state;
    expect_render("<ol>{{#steps}}<li>{{no}}. {{title}}{{^title}}{{name}}{{/title}}</li>"
                  "{{/steps}}</ol>",
                  "<ol><li>1. Tiếp nhận</li><li>2. Xử lý</li><li>3. Nguyễn Văn An</li></ol>");
    expect_render("{{#tags}}[{{.}}]{{/tags}}", "[a][&lt;b&gt;][c]");
    expect_render("{{#tags}}[{{{.}}}]{{/tags}}", "[a][<b>][c]");
    expect_render("{{#nested}}({{#.}}{{.}}{{/.}}){{/nested}}", "(12)(3)");
    expect_render("{{#steps}}{{#unit}}{{unit.head.name}}{{/unit}}{{/steps}}", "Trần BTrần BTrần B");
}

static void test_section_kinds(void **state)
{
    (void)state;
    expect_render("{{#unit}}{{name}}{{/unit}}", "UBND xã Giồng Riềng");
    expect_render("{{#yes}}shown {{name}}{{/yes}}", "shown Nguyễn Văn An");
    expect_render("{{#name}}[{{.}}]{{/name}}", "[Nguyễn Văn An]");
    expect_render("{{#count}}n={{.}}{{/count}}", "n=3");
    expect_render("{{#real}}r{{/real}}", "r");
    expect_render("{{#no}}x{{/no}}{{#nothing}}x{{/nothing}}{{#missing}}x{{/missing}}"
                  "{{#list}}x{{/list}}{{#empty}}x{{/empty}}{{#zero}}x{{/zero}}"
                  "{{#rzero}}x{{/rzero}}",
                  "");
}

static void test_inverted_sections(void **state)
{
    (void)state;
    expect_render("{{^no}}a{{/no}}{{^nothing}}b{{/nothing}}{{^missing}}c{{/missing}}"
                  "{{^list}}d{{/list}}{{^empty}}e{{/empty}}{{^zero}}f{{/zero}}"
                  "{{^rzero}}g{{/rzero}}",
                  "abcdefg");
    expect_render("{{^yes}}x{{/yes}}{{^unit}}x{{/unit}}{{^steps}}x{{/steps}}{{^name}}x{{/name}}"
                  "{{^count}}x{{/count}}",
                  "");
    expect_render("{{#list}}có{{/list}}{{^list}}Không có hồ sơ{{/list}}", "Không có hồ sơ");
}

static void test_comments_and_text(void **state)
{
    (void)state;
    expect_render("a{{! a comment with {{ braces and\nnew lines }}b", "ab");
    expect_render("", "");
    expect_render("no tags at all", "no tags at all");
    expect_render("single { and } and }} stay", "single { and } and }} stay");
    expect_render("{{#steps}}{{/steps}}", "");
}

static void test_partials(void **state)
{
    (void)state;
    struct partials p = {{"row", "tree", "self"}, {NULL}};
    const char *row = "<td>{{title}}</td>";
    const char *tree = "{{label}}({{#children}}{{> tree}}{{/children}})";
    const char *self = "{{> self}}";
    struct err e = {0};
    assert_int_equal(tmpl_compile(row, strlen(row), &p.tmpls[0], &e), 0);
    assert_int_equal(tmpl_compile(tree, strlen(tree), &p.tmpls[1], &e), 0);
    assert_int_equal(tmpl_compile(self, strlen(self), &p.tmpls[2], &e), 0);
    struct buf out;
    buf_init(&out, 4096);

    assert_int_equal(render_with("{{#steps}}<tr>{{> row}}</tr>{{/steps}}", &p, &out, &e), 0);
    assert_string_equal(buf_str(&out),
                        "<tr><td>Tiếp nhận</td></tr><tr><td>Xử lý</td></tr><tr><td></td></tr>");

    buf_reset(&out);
    assert_int_equal(render_with("{{#tree}}{{>tree}}{{/tree}}", &p, &out, &e), 0);
    assert_string_equal(buf_str(&out), "root(a(a1())b())");

    buf_reset(&out);
    assert_int_equal(render_with("{{> self}}", &p, &out, &e), E_INVALID);
    assert_non_null(strstr(e.msg, "too deeply"));

    buf_reset(&out);
    assert_int_equal(render_with("x{{> nowhere}}", &p, &out, &e), E_NOTFOUND);
    assert_non_null(strstr(e.msg, "nowhere"));

    buf_reset(&out);
    assert_int_equal(render_with("{{> row}}", NULL, &out, &e), E_NOTFOUND);

    buf_free(&out);
    for (int i = 0; i < 3; i++)
        tmpl_free(p.tmpls[i]);
}

static void test_syntax_errors(void **state)
{
    (void)state;
    expect_syntax_error("abc {{name", "line 1: unterminated tag");
    expect_syntax_error("line\nline\n{{{html}}", "line 3: unterminated tag");
    expect_syntax_error("{{#steps}}\n\n{{title}}", "line 1: unclosed section 'steps'");
    expect_syntax_error("{{#a}}\n{{#b}}\n{{/a}}", "line 3: section 'b' opened on line 2 "
                                                  "closed by 'a'");
    expect_syntax_error("ok\n{{/steps}}", "line 2: closing tag without an open section");
    expect_syntax_error("{{}}", "line 1: empty tag name");
    expect_syntax_error("{{#}}{{/}}", "empty tag name");
    expect_syntax_error("{{na me}}", "bad tag name");
    expect_syntax_error("{{a..b}}", "bad tag name");
    expect_syntax_error("{{.a}}", "bad tag name");
    expect_syntax_error("{{a.}}", "bad tag name");
    expect_syntax_error("{{<b>}}", "bad tag name");
    expect_syntax_error("{{=<% %>=}}", "set-delimiter");
    expect_syntax_error("{{\n\n#x}}", "bad tag name");
    expect_syntax_error("{{#x}}{{! comment\n\n}}\n{{/y}}", "line 4: section 'x' opened on "
                                                           "line 1 closed by 'y'");
    char deep[TMPL_MAX_DEPTH * 6 + 16] = "";
    for (int i = 0; i <= TMPL_MAX_DEPTH; i++)
        strcat(deep, "{{#a}}");
    expect_syntax_error(deep, "nested too deeply");
}

static void test_output_bound(void **state)
{
    (void)state;
    struct buf out;
    struct err e = {0};
    buf_init(&out, 16);
    assert_int_equal(render_with("{{evil}}", NULL, &out, &e), E_TOOLARGE);
    assert_true(out.len <= 16);
    buf_free(&out);
}

struct thread_job {
    const struct tmpl *t;
    json_t *ctx;
    char result[256];
};

static void *render_many(void *arg)
{
    struct thread_job *job = arg;
    struct buf out;
    buf_init(&out, 4096);
    for (int i = 0; i < 2000; i++) {
        buf_reset(&out);
        if (tmpl_render(job->t, job->ctx, NULL, NULL, &out, NULL) != 0)
            break;
    }
    snprintf(job->result, sizeof job->result, "%s", buf_str(&out));
    buf_free(&out);
    return NULL;
}

static void test_compiled_template_is_shared_by_threads(void **state)
{
    (void)state;
    const char *src = "{{#steps}}{{no}}:{{title}};{{/steps}}{{unit.head.name}}";
    struct tmpl *t;
    assert_int_equal(tmpl_compile(src, strlen(src), &t, NULL), 0);
    json_t *ctx = context();
    struct thread_job jobs[4];
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct thread_job){.t = t, .ctx = ctx};
        assert_int_equal(pthread_create(&threads[i], NULL, render_many, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        assert_string_equal(jobs[i].result, "1:Tiếp nhận;2:Xử lý;3:;Trần B");
    }
    json_decref(ctx);
    tmpl_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_html_helper),
        cmocka_unit_test(test_variables_escape),
        cmocka_unit_test(test_attribute_contexts_are_safe),
        cmocka_unit_test(test_raw_variables),
        cmocka_unit_test(test_dotted_names),
        cmocka_unit_test(test_section_array_loops_with_parent_fallback),
        cmocka_unit_test(test_section_kinds),
        cmocka_unit_test(test_inverted_sections),
        cmocka_unit_test(test_comments_and_text),
        cmocka_unit_test(test_partials),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_output_bound),
        cmocka_unit_test(test_compiled_template_is_shared_by_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
