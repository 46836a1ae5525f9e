# adccFunctions.cmake: adcc_add_derivatives(), which runs adcc on a
# target's model files at build time. Loaded by find_package(adcc) (see
# adccConfig.cmake); needs the imported target adcc::adcc.

# DEPFILE paths are relative to the current binary directory and CMake
# rewrites them for Ninja. function() keeps the policies set here.
if(POLICY CMP0116)
  cmake_policy(SET CMP0116 NEW)
endif()

# adcc_add_derivatives(TARGET tgt SOURCES model.c ... [OPTIONS opt ...]
#                      [CHECK [CHECK_SOURCES file.c ...]])
#
# For each model file, adds a build step that runs
#   adcc <tgt's -I, -D, -std> OPTIONS model.c -o model_grad.c --header model_grad.h
# writing model_grad.c and model_grad.h into ${CMAKE_CURRENT_BINARY_DIR};
# adds both to tgt's sources, that directory to its include path and
# adcc::runtime to the libraries it links. The step runs again when
# model.c, a file it includes or adcc changes (adcc -MD: a DEPFILE), and
# only then. Compile model.c itself as usual: list it in tgt's sources.
#
# CHECK also runs `adcc --emit-check` on each model file (model_check.c:
# a program that compares the derivatives with finite differences of the
# model) and builds it into the executable tgt_check_derivs (one model
# file; with several, tgt_check_derivs_<model> each) with the model files,
# their derivatives, CHECK_SOURCES (other files the models need, e.g.
# helpers they call) and tgt's include directories, compile definitions
# and libraries; add_test registers it under the same name, so that ctest
# runs it (call enable_testing() or include(CTest) first).
function(adcc_add_derivatives)
  cmake_parse_arguments(PARSE_ARGV 0 ADCC "CHECK" "TARGET" "SOURCES;OPTIONS;CHECK_SOURCES")
  if(ADCC_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "adcc_add_derivatives: unexpected arguments '${ADCC_UNPARSED_ARGUMENTS}'; "
      "write adcc_add_derivatives(TARGET tgt SOURCES model.c [OPTIONS ...] [CHECK [CHECK_SOURCES ...]])")
  endif()
  if(ADCC_CHECK_SOURCES AND NOT ADCC_CHECK)
    message(FATAL_ERROR "adcc_add_derivatives: CHECK_SOURCES without CHECK; add CHECK to build the check")
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
  # (the -I and -D genexes hold ';', so they are written out in each COMMAND,
  # never kept in a list variable)
  set(check_models "")
  set(check_grads "")
  set(check_drivers "")
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
    if(ADCC_CHECK)
      set(chk "${CMAKE_CURRENT_BINARY_DIR}/${name}_check")
      add_custom_command(
        OUTPUT "${chk}.c"
        COMMAND adcc::adcc "$<$<BOOL:${incs}>:-I$<JOIN:${incs},;-I>>"
          "$<$<BOOL:${defs}>:-D$<JOIN:${defs},;-D>>" "${std_flag}" ${ADCC_OPTIONS}
          --emit-check "${model}" -o "${chk}.c" -MD -MF "${chk}.d"
        DEPENDS "${model}" adcc::adcc
        DEPFILE "${chk}.d"
        COMMENT "adcc --emit-check ${src} -> ${name}_check.c"
        COMMAND_EXPAND_LISTS VERBATIM)
      list(APPEND check_models "${model}")
      list(APPEND check_grads "${out}.c")
      list(APPEND check_drivers "${chk}.c")
    endif()
  endforeach()
  target_include_directories(${tgt} PRIVATE "${CMAKE_CURRENT_BINARY_DIR}")
  target_link_libraries(${tgt} PRIVATE adcc::runtime)
  if(ADCC_CHECK)
    _adcc_add_check(${tgt} "${check_models}" "${check_grads}" "${check_drivers}" "${ADCC_CHECK_SOURCES}")
  endif()
endfunction()

# The check executables: each driver has its own main, so one per model
# file, built with every model file and derivative (models may call each
# other) and the extra sources; tgt_check_derivs for a single model file,
# tgt_check_derivs_<name> for each of several.
function(_adcc_add_check tgt models grads checks extra)
  list(LENGTH checks n)
  foreach(chk IN LISTS checks)
    if(n EQUAL 1)
      set(exe ${tgt}_check_derivs)
    else()
      get_filename_component(name "${chk}" NAME_WE)
      string(REGEX REPLACE "_check$" "" name "${name}")
      set(exe ${tgt}_check_derivs_${name})
    endif()
    add_executable(${exe} ${models} ${grads} "${chk}" ${extra})
    target_include_directories(${exe} PRIVATE "$<TARGET_PROPERTY:${tgt},INCLUDE_DIRECTORIES>")
    target_compile_definitions(${exe} PRIVATE "$<TARGET_PROPERTY:${tgt},COMPILE_DEFINITIONS>")
    get_target_property(std ${tgt} C_STANDARD)
    if(std)
      set_target_properties(${exe} PROPERTIES C_STANDARD ${std})
    endif()
    target_link_libraries(${exe} PRIVATE "$<TARGET_PROPERTY:${tgt},LINK_LIBRARIES>" adcc::runtime m)
    add_test(NAME ${exe} COMMAND ${exe})
  endforeach()
endfunction()
