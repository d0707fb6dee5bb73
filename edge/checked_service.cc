#include "edge/checked_service.h"

#include <deque>
#include <memory>
#include <new>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "edge/request_check.h"
#include "eventstore/grpc/status_mapping.h"
#include "google/protobuf/descriptor.h"
#include "grpc/byte_buffer_reader.h"
#include "grpc/grpc.h"
#include "grpc/slice.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "grpcpp/impl/rpc_service_method.h"
#include "grpcpp/support/byte_buffer.h"

namespace award::edge {
namespace {

using grpc::internal::MethodHandler;
using grpc::internal::RpcMethod;
using grpc::internal::RpcServiceMethod;

// A method's handler, which only the service's own subclasses may ask for.
struct HandlerAccess : grpc::Service {
  static MethodHandler* Of(grpc::Service& service, int index) {
    return (service.*&HandlerAccess::GetHandler)(index);
  }
};

// The check of the bytes of a request, read without consuming them.
grpc::Status CheckBytes(const google::protobuf::Descriptor& type, grpc_byte_buffer* request) {
  grpc_byte_buffer_reader reader;
  if (grpc_byte_buffer_reader_init(&reader, request) == 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "request: cannot be decompressed as its encoding says");
  }
  grpc_slice all = grpc_byte_buffer_reader_readall(&reader);
  const absl::Status checked =
      CheckRequest(type, absl::string_view(reinterpret_cast<const char*>(GRPC_SLICE_START_PTR(all)),
                                           GRPC_SLICE_LENGTH(all)));
  grpc_slice_unref(all);
  grpc_byte_buffer_reader_destroy(&reader);
  return eventstore::ToGrpcStatus(checked);
}

grpc::Status CheckBuffer(const google::protobuf::Descriptor& type,
                         const grpc::ByteBuffer& request) {
  grpc::Slice all;
  if (!request.DumpToSingleSlice(&all).ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "request: cannot be read");
  }
  return eventstore::ToGrpcStatus(CheckRequest(
      type, absl::string_view(reinterpret_cast<const char*>(all.begin()), all.size())));
}

// A refused call of a callback method ends with its refusal, from its first
// message; the method's own handler never sees it.
class RefusedStream final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

std::unique_ptr<MethodHandler> RefusalHandler(const google::protobuf::Descriptor& type,
                                              RpcMethod::RpcType rpc_type) {
  if (rpc_type == RpcMethod::SERVER_STREAMING) {
    return std::make_unique<
        grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer>>(
        [&type](grpc::CallbackServerContext*, const grpc::ByteBuffer* request) {
          return new RefusedStream(CheckBuffer(type, *request));
        });
  }
  return std::make_unique<grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>>(
      [&type](grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
              grpc::ByteBuffer*) {
        grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
        reactor->Finish(CheckBuffer(type, *request));
        return reactor;
      });
}

// Runs the check in Deserialize, where the server hands over a request's bytes.
// A synchronous method's own handler answers a failed Deserialize with its
// status; a callback method's would answer UNIMPLEMENTED, so a refused
// callback request goes to the refusal handler instead, which one call
// remembers in its arena.
class CheckingHandler final : public MethodHandler {
 public:
  CheckingHandler(MethodHandler& own, const google::protobuf::Descriptor& type,
                  RpcMethod::RpcType rpc_type, bool callback)
      : own_(own), type_(type), refusal_(callback ? RefusalHandler(type, rpc_type) : nullptr) {}

  void* Deserialize(grpc_call* call, grpc_byte_buffer* request, grpc::Status* status,
                    void** handler_data) override {
    const grpc::Status checked = request == nullptr ? grpc::Status::OK : CheckBytes(type_, request);
    if (refusal_ == nullptr) {
      if (checked.ok()) return own_.Deserialize(call, request, status, handler_data);
      grpc_byte_buffer_destroy(request);  // the own handler would have
      *status = checked;
      return nullptr;
    }
    auto* data = new (grpc_call_arena_alloc(call, sizeof(CallData))) CallData{!checked.ok()};
    *handler_data = data;
    MethodHandler& handler = checked.ok() ? own_ : *refusal_;
    return handler.Deserialize(call, request, status, &data->handler_data);
  }

  void RunHandler(const HandlerParameter& param) override {
    if (refusal_ == nullptr) {
      own_.RunHandler(param);
      return;
    }
    auto* data = static_cast<CallData*>(param.internal_data);
    MethodHandler& handler = data != nullptr && data->refused ? *refusal_ : own_;
    handler.RunHandler(
        HandlerParameter(param.call, param.server_context, param.request, param.status,
                         data != nullptr ? data->handler_data : nullptr, param.call_requester));
  }

 private:
  struct CallData {
    bool refused = false;
    void* handler_data = nullptr;
  };

  MethodHandler& own_;
  const google::protobuf::Descriptor& type_;
  const std::unique_ptr<MethodHandler> refusal_;
};

class CheckedService final : public grpc::Service {
 public:
  CheckedService(grpc::Service& inner, const google::protobuf::ServiceDescriptor& descriptor) {
    const bool callback = inner.has_callback_methods();
    for (int i = 0; i < descriptor.method_count(); ++i) {
      const google::protobuf::MethodDescriptor& method = *descriptor.method(i);
      names_.push_back(absl::StrCat("/", descriptor.full_name(), "/", method.name()));
      const RpcMethod::RpcType type =
          method.client_streaming()
              ? (method.server_streaming() ? RpcMethod::BIDI_STREAMING
                                           : RpcMethod::CLIENT_STREAMING)
              : (method.server_streaming() ? RpcMethod::SERVER_STREAMING : RpcMethod::NORMAL_RPC);
      // The generated service adds its methods in the descriptor's order.
      auto* handler =
          new CheckingHandler(*HandlerAccess::Of(inner, i), *method.input_type(), type, callback);
      // The method owns its handler; a callback method takes it when marked.
      AddMethod(new RpcServiceMethod(names_.back().c_str(), type, callback ? nullptr : handler));
      if (callback) MarkMethodCallback(i, handler);
    }
  }

 private:
  std::deque<std::string> names_;  // the methods keep pointers into these
};

}  // namespace

std::unique_ptr<grpc::Service> Checked(grpc::Service& service, const std::string& full_name) {
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(full_name);
  if (descriptor == nullptr) return nullptr;
  return std::make_unique<CheckedService>(service, *descriptor);
}

}  // namespace award::edge
