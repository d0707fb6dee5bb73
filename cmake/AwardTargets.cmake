# Helpers that give every target of ours the same strict compile flags, and turn
# .proto files into a library whose generated code is compiled without them.

set(AWARD_STRICT_FLAGS -Wall -Wextra -Werror -Wno-missing-field-initializers)

# award_strict(target): our own code builds warning-free or not at all.
function(award_strict target)
  target_compile_options(${target} PRIVATE ${AWARD_STRICT_FLAGS})
endfunction()

# award_cc_library(name SOURCES a.cc ... [PUBLIC lib ...] [PRIVATE lib ...]): a
# library of ours, its headers included by their path from the project's root.
function(award_cc_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(${name} ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC} PRIVATE ${ARG_PRIVATE})
  award_strict(${name})
endfunction()

# award_cc_binary(name SOURCES a.cc ... [LIBS lib ...]): a program of ours.
function(award_cc_binary name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  award_strict(${name})
endfunction()

# award_cc_test(name SOURCES a.cc ... [LIBS lib ...]): a GoogleTest program,
# each of its tests a test of its own for CTest.
function(award_cc_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  award_cc_binary(${name} SOURCES ${ARG_SOURCES}
    LIBS award_test_support GTest::gtest_main ${ARG_LIBS})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()

# award_links_none_of(target lib ...): the configuration fails if `target`
# links any of the libraries, directly or through another. Checked once every
# target is defined, so that the order of the directories does not matter.
function(award_links_none_of target)
  cmake_language(EVAL CODE "
    cmake_language(DEFER DIRECTORY [[${PROJECT_SOURCE_DIR}]]
      CALL award_check_links_none_of [[${target}]] ${ARGN})")
endfunction()

function(award_check_links_none_of target)
  set(seen)
  set(queue ${target})
  while(queue)
    list(POP_FRONT queue current)
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" current "${current}")
    if(current IN_LIST seen OR NOT TARGET ${current})
      continue()
    endif()
    list(APPEND seen ${current})
    if(current IN_LIST ARGN)
      message(FATAL_ERROR "${target} must not link ${current}: it is pure domain logic")
    endif()
    get_target_property(type ${current} TYPE)
    get_target_property(interface ${current} INTERFACE_LINK_LIBRARIES)
    if(interface)
      list(APPEND queue ${interface})
    endif()
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(direct ${current} LINK_LIBRARIES)
      if(direct)
        list(APPEND queue ${direct})
      endif()
    endif()
  endwhile()
endfunction()

# award_proto_library(NAME name PROTOS a.proto ... [GRPC] [IMPORT_DIR dir] [DEPS lib ...])
# Generates C++ (and gRPC stubs with GRPC) for the given files, which lie under
# IMPORT_DIR (default: proto/) at the path of their package, into a library
# whose headers are included as SYSTEM so that generated code never trips our
# warning flags. (CMake's protobuf_generate places outputs relative to the
# calling directory, which breaks for protos from another tree.)
function(award_proto_library)
  cmake_parse_arguments(ARG "GRPC" "NAME;IMPORT_DIR" "PROTOS;DEPS" ${ARGN})
  if(NOT ARG_IMPORT_DIR)
    set(ARG_IMPORT_DIR ${PROJECT_SOURCE_DIR}/proto)
  endif()
  set(out ${CMAKE_BINARY_DIR}/generated)
  file(MAKE_DIRECTORY ${out})
  set(sources)
  foreach(proto ${ARG_PROTOS})
    file(RELATIVE_PATH rel ${ARG_IMPORT_DIR} ${proto})
    string(REGEX REPLACE "\\.proto$" "" stem ${rel})
    set(outputs ${out}/${stem}.pb.h ${out}/${stem}.pb.cc)
    set(args --cpp_out=${out})
    set(tools protobuf::protoc)
    if(ARG_GRPC)
      list(APPEND outputs ${out}/${stem}.grpc.pb.h ${out}/${stem}.grpc.pb.cc)
      list(APPEND args --grpc_out=${out}
        --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>)
      list(APPEND tools gRPC::grpc_cpp_plugin)
    endif()
    add_custom_command(OUTPUT ${outputs}
      COMMAND protobuf::protoc ${args} -I ${ARG_IMPORT_DIR} ${proto}
      DEPENDS ${proto} ${tools}
      COMMENT "Generating C++ from ${rel}"
      VERBATIM)
    list(APPEND sources ${outputs})
  endforeach()
  add_library(${ARG_NAME} ${sources})
  target_include_directories(${ARG_NAME} SYSTEM PUBLIC ${out})
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  if(ARG_GRPC)
    target_link_libraries(${ARG_NAME} PUBLIC gRPC::grpc++)
  endif()
endfunction()
