# adccInstall.cmake: installs what a user's build needs beside the targets
# themselves: the CMake package (find_package(adcc): adcc::adcc,
# adcc::runtime, adcc_add_derivatives), the pkg-config file adcc.pc, the
# manual page and the build-integration guide. Included by CMakeLists.txt
# after the install(TARGETS ... EXPORT adccTargets) rules.
include(CMakePackageConfigHelpers)

set(ADCC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/adcc)
install(EXPORT adccTargets NAMESPACE adcc:: DESTINATION ${ADCC_CMAKE_DIR})
configure_package_config_file(cmake/adccConfig.cmake.in
  ${PROJECT_BINARY_DIR}/adccConfig.cmake
  INSTALL_DESTINATION ${ADCC_CMAKE_DIR})
# 0.x: a new minor version may change the generated code's contract.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/adccConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/adccConfig.cmake
  ${PROJECT_BINARY_DIR}/adccConfigVersion.cmake cmake/adccFunctions.cmake
  DESTINATION ${ADCC_CMAKE_DIR})

# adcc.pc finds its prefix from its own place (${pcfiledir}), so an install
# with `cmake --install build --prefix P` is right wherever P is.
function(adcc_pc_dir var dir)
  if(IS_ABSOLUTE "${dir}")
    set(${var} "${dir}" PARENT_SCOPE)
  else()
    set(${var} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(ADCC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH ADCC_PC_UP "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" ADCC_PC_UP "${ADCC_PC_UP}")
  set(ADCC_PC_PREFIX "\${pcfiledir}/${ADCC_PC_UP}")
endif()
adcc_pc_dir(ADCC_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
adcc_pc_dir(ADCC_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
# libadcc is a static archive only: what it links against goes in Libs,
# not Libs.private, so that a plain `pkg-config --libs adcc` links.
get_filename_component(ADCC_BLAS_DIR "${OPENBLAS_LIBRARY}" DIRECTORY)
set(ADCC_PC_BLAS "-lopenblas")
if(NOT ADCC_BLAS_DIR IN_LIST CMAKE_C_IMPLICIT_LINK_DIRECTORIES)
  set(ADCC_PC_BLAS "-L${ADCC_BLAS_DIR} -lopenblas")
endif()
# With the CUDA backend, libadcc also needs cuDNN, cuBLAS and the CUDA runtime.
set(ADCC_PC_CUDA "")
if(ADCC_CUDA)
  get_filename_component(ADCC_CUDNN_DIR ${CUDNN_LIBRARY} DIRECTORY)
  set(ADCC_PC_CUDA "-L${CUDAToolkit_LIBRARY_DIR} -L${ADCC_CUDNN_DIR} -lcudnn -lcublas -lcudart")
endif()
configure_file(cmake/adcc.pc.in ${PROJECT_BINARY_DIR}/adcc.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/adcc.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

install(FILES docs/adcc.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES docs/build-integration.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
