# embed.cmake — turns a list of files into a C source with a `struct embed_file` table
# (see src/base/embed.h). Runs as a script at build time:
#   cmake -DOUT=f.c -DSYMBOL=name -DROOT=dir -DFILES="a;b" -P embed.cmake
file(WRITE "${OUT}.tmp" "#include \"embed.h\"\n")
set(entries "")
set(i 0)
foreach(f IN LISTS FILES)
  file(READ "${ROOT}/${f}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  file(APPEND "${OUT}.tmp" "static const unsigned char d${i}[] = {${bytes}0x00};\n")
  string(APPEND entries "    {\"${f}\", d${i}, ${len}},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(APPEND "${OUT}.tmp" "const struct embed_file ${SYMBOL}[] = {\n${entries}    {0, 0, 0}};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
