# Helpers that give every target of ours the same strict compile flags, and turn
# .proto files into a library whose generated code is compiled without them.

set(AWARD_STRICT_FLAGS -Wall -Wextra -Werror -Wno-missing-field-initializers)

# award_strict(target): our own code builds warning-free or not at all.
function(award_strict target)
  target_compile_options(${target} PRIVATE ${AWARD_STRICT_FLAGS})
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
