/* Calls check_jpack.py must refuse (tests/CMakeLists.txt runs it here and expects failure):
 * the crash of issue #13 (a key missing), a string where an int is read, a comparison where a
 * string is read, a format that is not a literal, and json_pack itself. */
static void bad(const char *k, const char *chosen, const char *fmt)
{
    jpack("{s:s, s:s, s:b}", "key", k, "name", k, chosen && k == chosen);
    jpack("{s:i}", "n", "seven");
    jpack("{s:s}", "x", k == chosen);
    jpack(fmt, k);
    json_pack("{s:s}", "x", k);
}
