# adccFunctions.cmake: adcc_add_derivatives(), which runs adcc on a
# target's model files at build time. Loaded by find_package(adcc) (see
# adccConfig.cmake); needs the imported target adcc::adcc.

# DEPFILE paths are relative to the current binary directory and CMake
# rewrites them for Ninja. function() keeps the policies set here.
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW)
endif()

# adcc_add_derivatives(TARGET tgt SOURCES model.c ... [OPTIONS opt ...])
#
# For each model file, adds a build step that runs
#   adcc <tgt's -I, -D, -std> OPTIONS model.c -o model_grad.c --header model_grad.h
# writing model_grad.c and model_grad.h into ${CMAKE_CURRENT_BINARY_DIR};
# adds both to tgt's sources, that directory to its include path and
# adcc::runtime to the libraries it links. The step runs again when
# model.c, a file it includes or adcc changes (adcc -MD: a DEPFILE), and
# only then. Compile model.c itself as usual: list it in tgt's sources.
function(adcc_add_derivatives)
  cmake_parse_arguments(PARSE_ARGV 0 ADCC "" "TARGET" "SOURCES;OPTIONS")
  if(ADCC_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "adcc_add_derivatives: unexpected arguments '${ADCC_UNPARSED_ARGUMENTS}'; "
      "write adcc_add_derivatives(TARGET tgt SOURCES model.c [OPTIONS ...])")
  endif()
  if(NOT ADCC_TARGET OR NOT TARGET "${ADCC_TARGET}")
    message(FATAL_ERROR "adcc_add_derivatives: TARGET '${ADCC_TARGET}' is not a target; "
      "create it with add_executable or add_library first")
  endif()
  if(NOT ADCC_SOURCES)
    message(FATAL_ERROR "adcc_add_derivatives: no SOURCES; name the model files to differentiate")
  endif()
  set(tgt ${ADCC_TARGET})
  # the target's compile flags, as adcc (the C parser) takes them
  set(incs "$<TARGET_PROPERTY:${tgt},INCLUDE_DIRECTORIES>")
  set(defs "$<TARGET_PROPERTY:${tgt},COMPILE_DEFINITIONS>")
  set(std "$<TARGET_PROPERTY:${tgt},C_STANDARD>")
  set(ext "$<TARGET_PROPERTY:${tgt},C_EXTENSIONS>")
  set(std_flag "$<$<BOOL:${std}>:-std=$<IF:$<OR:$<STREQUAL:${ext},>,$<BOOL:${ext}>>,gnu,c>${std}>")
  foreach(src IN LISTS ADCC_SOURCES)
    get_filename_component(model "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    get_filename_component(name "${src}" NAME_WE)
    set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}_grad")
    add_custom_command(
      OUTPUT "${out}.c" "${out}.h"
      COMMAND adcc::adcc "$<$<BOOL:${incs}>:-I$<JOIN:${incs},;-I>>"
        "$<$<BOOL:${defs}>:-D$<JOIN:${defs},;-D>>" "${std_flag}" ${ADCC_OPTIONS}
        "${model}" -o "${out}.c" --header "${out}.h" -MD -MF "${out}.d"
      DEPENDS "${model}" adcc::adcc
      DEPFILE "${out}.d"
      COMMENT "adcc ${src} -> ${name}_grad.c"
      COMMAND_EXPAND_LISTS VERBATIM)
    target_sources(${tgt} PRIVATE "${out}.c" "${out}.h")
  endforeach()
  target_include_directories(${tgt} PRIVATE "${CMAKE_CURRENT_BINARY_DIR}")
  target_link_libraries(${tgt} PRIVATE adcc::runtime)
endfunction()
