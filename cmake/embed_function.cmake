# motcua_embed(TARGET SYMBOL ROOT [GLOB]) — embeds every file below ROOT (or those matching
# GLOB, default "*") into TARGET as the table SYMBOL (declare it `extern const struct embed_file SYMBOL[];`). Files are re-embedded when
# they change; adding a file re-runs the glob at the next build (CONFIGURE_DEPENDS).
function(motcua_embed target symbol root)
  set(pattern "*")
  if(ARGC GREATER 3)
    set(pattern "${ARGV3}")
  endif()
  file(GLOB_RECURSE abs CONFIGURE_DEPENDS "${root}/${pattern}")
  set(rel "")
  foreach(f IN LISTS abs)
    file(RELATIVE_PATH r "${root}" "${f}")
    list(APPEND rel "${r}")
  endforeach()
  list(SORT rel)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.c")
  add_custom_command(OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} -DROOT=${root}
            "-DFILES=${rel}" -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${abs} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
