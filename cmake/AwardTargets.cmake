# Helpers that give every target of ours the same strict compile flags, and turn
# .proto files into a library whose generated code is compiled without them.

set(AWARD_STRICT_FLAGS -Wall -Wextra -Werror -Wno-missing-field-initializers)

# award_strict(target): our own code builds warning-free or not at all.
function(award_strict target)
  target_compile_options(${target} PRIVATE ${AWARD_STRICT_FLAGS})
endfunction()

# award_proto_library(NAME name PROTOS a.proto ... [GRPC] [IMPORT_DIR dir] [DEPS lib ...])
# Generates C++ (and gRPC stubs with GRPC) for the given files, found under
# IMPORT_DIR (default: proto/), into a library whose headers are included as SYSTEM so that generated
# code never trips our warning flags.
function(award_proto_library)
  cmake_parse_arguments(ARG "GRPC" "NAME;IMPORT_DIR" "PROTOS;DEPS" ${ARGN})
  if(NOT ARG_IMPORT_DIR)
    set(ARG_IMPORT_DIR ${PROJECT_SOURCE_DIR}/proto)
  endif()
  set(out ${CMAKE_BINARY_DIR}/generated)
  file(MAKE_DIRECTORY ${out})
  add_library(${ARG_NAME} ${ARG_PROTOS})
  protobuf_generate(TARGET ${ARG_NAME} LANGUAGE cpp
    IMPORT_DIRS ${ARG_IMPORT_DIR} PROTOC_OUT_DIR ${out})
  if(ARG_GRPC)
    protobuf_generate(TARGET ${ARG_NAME} LANGUAGE grpc
      GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
      PLUGIN "protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
      IMPORT_DIRS ${ARG_IMPORT_DIR} PROTOC_OUT_DIR ${out})
    target_link_libraries(${ARG_NAME} PUBLIC gRPC::grpc++)
  endif()
  target_include_directories(${ARG_NAME} SYSTEM PUBLIC ${out})
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf ${ARG_DEPS})
endfunction()
