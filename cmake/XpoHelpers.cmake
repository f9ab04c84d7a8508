# Shared CMake helpers: one way to add a Verilated DUT, one way to add a test.
set(XPO_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})

# Adds every immediate subdirectory of DIR that has a CMakeLists.txt, in sorted order.
# -DXPO_ONLY="tests/harness;bench/harness" restricts a build tree to the listed folders, for
# working on one block while others are mid-edit.
set(XPO_ONLY "" CACHE STRING "Only these block folders (e.g. tests/harness); empty = all")
function(xpo_add_subdirectories dir)
  file(GLOB children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}/${dir}
       ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(XPO_ONLY AND NOT "${dir}/${child}" IN_LIST XPO_ONLY)
      continue()
    endif()
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/${child}/CMakeLists.txt)
      add_subdirectory(${dir}/${child})
    endif()
  endforeach()
endfunction()

# xpo_add_dut(<lib> TOP <module> SOURCES <sv...> [INCLUDE_DIRS <dir...>] [ARGS <verilator args...>])
# Adds the Verilated model V<module> (prefix overridable with PREFIX) to the static library <lib>,
# creating it if needed; traced to FST (tracing is opt-in at run time), checked with -Wall and
# --x-initial unique. Several models may share one library: Verilator's runtime is then compiled
# once for them. A test executable links one such library.
function(xpo_add_dut name)
  cmake_parse_arguments(ARG "" "TOP;PREFIX" "SOURCES;INCLUDE_DIRS;ARGS" ${ARGN})
  if(NOT ARG_TOP)
    message(FATAL_ERROR "xpo_add_dut(${name}): TOP is required")
  endif()
  if(NOT ARG_PREFIX)
    set(ARG_PREFIX V${ARG_TOP})
  endif()
  if(NOT TARGET ${name})
    add_library(${name} STATIC)
    # Verilated code is optimized even in debug configurations: simulation speed is the point.
    target_compile_options(${name} PRIVATE -O2 -Wno-unused)
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  endif()
  # verilate()'s own default directory, named here because the trigger scan below reads it.
  set(vdir ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${name}.dir/${ARG_PREFIX}.dir)
  verilate(${name}
    TOP_MODULE ${ARG_TOP}
    PREFIX ${ARG_PREFIX}
    DIRECTORY ${vdir}
    TRACE_FST
    SOURCES ${ARG_SOURCES}
    INCLUDE_DIRS ${ARG_INCLUDE_DIRS}
    VERILATOR_ARGS -Wall --x-assign unique --x-initial unique -O3 ${ARG_ARGS})
  # What the harness needs to know about the model's edge triggers (see
  # cmake/XpoModelTriggers.cmake), generated now and whenever Verilator reruns, and included
  # ahead of every source that links the model so Dut<Model> sees it.
  set(triggers ${vdir}/${ARG_PREFIX}__xpo_triggers.h)
  set(scan ${CMAKE_COMMAND} -DROOT_HEADER=${vdir}/${ARG_PREFIX}___024root.h
      -DPREFIX=${ARG_PREFIX} -DOUT=${triggers} -P ${XPO_CMAKE_DIR}/XpoModelTriggers.cmake)
  execute_process(COMMAND ${scan} RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "xpo_add_dut(${name}): reading ${ARG_PREFIX}'s triggers failed")
  endif()
  add_custom_command(OUTPUT ${triggers} COMMAND ${scan}
    DEPENDS ${vdir}/${ARG_PREFIX}.cpp ${XPO_CMAKE_DIR}/XpoModelTriggers.cmake VERBATIM)
  target_sources(${name} PRIVATE ${triggers})
  target_compile_options(${name} INTERFACE "SHELL:-include ${triggers}")
endfunction()

# xpo_add_test(<name> SOURCES <cpp...> [LIBS <targets...>] [LABELS <labels...>] [TIMEOUT <s>])
# One GoogleTest executable; each test case becomes one ctest test.
function(xpo_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${XPO_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock)
  if(NOT ARG_LIBS MATCHES "xpo_tb")
    target_link_libraries(${name} PRIVATE GTest::gtest_main)
  endif()
  # Every test also checks that the scheduler's shortcuts skipped no check that would have failed.
  set(properties TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "XPO_CHECK_SHORTCUTS=1")
  if(ARG_LABELS)
    list(APPEND properties LABELS "${ARG_LABELS}")
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES ${properties})
endfunction()

# xpo_add_model(<name> SOURCES <cpp...> [LIBS <targets...>])
# A plain C++ model library (no Verilator dependency) with its public headers in include/.
function(xpo_add_model name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_compile_options(${name} PRIVATE ${XPO_WARNINGS})
  target_link_libraries(${name} PUBLIC fmt::fmt ${ARG_LIBS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
