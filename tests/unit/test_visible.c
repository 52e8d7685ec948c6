/* test_visible.c — the page crawl's check that no internal code shows through a page
 * (tests/support/tvisible.c): it must find the codes people complained about in what they
 * read, and leave alone what the browser needs (attributes, URLs, input values, scripts) and
 * what Vietnamese text legitimately contains (dossier and procedure codes, amounts, phones,
 * file names, e-mail addresses, clauses of a law). */
#include "tvisible.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void flagged(const char *html)
{
    if (tv_each_code(html, NULL, NULL) == 0)
        fail_msg("no internal code found in %s", html);
}

static void clean(const char *html)
{
    char *text = tv_visible_text(html);
    if (tv_each_code(html, NULL, NULL) != 0)
        fail_msg("an internal code found in %s (visible text: %s)", html, text);
    free(text);
}

static void test_codes_in_text_are_found(void **state)
{
    (void)state;
    flagged("<p>Vai trò receptionist không được làm bước này</p>");
    flagged("<td>dossier.received</td>");
    flagged("<li>07:18 08/12/2026 deadline.step_due_soon · Lê Minh Tuấn</li>");
    flagged("<td><code>procedures_complete / procedures_in_force * 100</code></td>");
    flagged("<p>từ 2026-01-01 đến hôm nay</p>");
    flagged("<p>Cập nhật 2026-05-17T10:00</p>");
    flagged("<td>100.00</td>");
    flagged("<td>1.80</td>");
    flagged("<td>12.5%</td>");
    flagged("<td>12345</td>");
    flagged("<dd>true</dd>");
    flagged("<span>processing</span>");
    flagged("<td>Nguyễn Văn An citizen</td>");
    flagged("<p>Trạng thái: result_ready.</p>");
}

static void test_what_the_browser_needs_is_left_alone(void **state)
{
    (void)state;
    clean("<a href=\"/desk/ho-so?state=processing&amp;from=2026-01-01\">Hồ sơ đang xử lý</a>");
    clean("<input type=\"date\" name=\"from\" value=\"2026-01-01\">");
    clean("<option value=\"receptionist\">Cán bộ một cửa</option>");
    clean("<textarea name=\"json\">{\"kind\": \"off\", \"date\": \"2026-01-01\"}</textarea>");
    clean("<script>var step_due = 1;</script><style>.st_new{}</style>");
    clean("<!-- dossier.received --><p>Hồ sơ đã được tiếp nhận</p>");
    clean("<dd><code translate=\"no\">tiepnhan.xa</code></dd><p>Xin chào</p>");
    clean("<td><span translate=\"no\"><b>admin</b> citizen</span></td>");
}

static void test_vietnamese_text_passes(void **state)
{
    (void)state;
    clean("<p>Hồ sơ 000.00.15.H33-261208-0001 của thủ tục 1.004222</p>");
    clean("<p>Phí 75.000 đồng; 1.234.567 hồ sơ; đạt 87,5% và 12,50</p>");
    clean("<p>Gọi 0912 345 678 hoặc CCCD 079203001234, năm 2026</p>");
    clean("<p>Tệp ket-qua.pdf, giấy tờ.png; thư lienhe@motcua.vn; https://dichvucong.gov.vn</p>");
    clean("<p>Luật Hộ tịch 2014 (Điều 5.3, 16); hẹn trả 10:00 06/05/2027</p>");
    clean("<p>Xem /api/v1/stats/evaluation.</p>");
}

static void test_visible_text_decodes_and_collapses(void **state)
{
    (void)state;
    char *t = tv_visible_text("<p>A&amp;B</p>\n  <p title=\"x_y\">C&#61;D &lt;e&gt;</p>");
    assert_string_equal(t, "A&B C=D <e> ");
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_in_text_are_found),
        cmocka_unit_test(test_what_the_browser_needs_is_left_alone),
        cmocka_unit_test(test_vietnamese_text_passes),
        cmocka_unit_test(test_visible_text_decodes_and_collapses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
